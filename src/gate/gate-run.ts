import type { Baseline } from '../baseline/baseline.js';
import { RESULT_SCHEMA, type RunResult, type ScenarioResult } from '../baseline/result.js';
import { DEFAULT_ALPHA, defaultGate } from '../config/gate-defaults.js';
import { redactor } from '../config/redact.js';
import type { Suite } from '../config/suite.js';
import type { Shard } from '../config/shard.js';
import { realClock } from '../load/clock.js';
import { openConnection } from '../load/dispatcher.js';
import type { EngineListener } from '../load/events.js';
import type { EngineOptions } from '../load/engine.js';
import { createWorkerEngine } from '../load/worker-engine.js';
import { environmentFingerprint } from '../load/fingerprint.js';
import { probeTarget } from '../load/probe.js';
import { summarizeScenario } from '../stats/aggregate.js';
import { judgeBudgets, type BudgetCheck } from '../stats/budgets.js';
import type { NoiseRecords, PolicyFor } from '../stats/evidence.js';
import type { GateResult } from '../stats/verdict.js';
import { comparisonWarnings } from '../stats/warnings.js';
import { VERSION } from '../version.js';
import { adaptiveRun, type AdaptiveRun } from './adaptive-run.js';
import { judgeRun } from './judge-run.js';

export interface GateRunOptions {
  suite: Suite;
  target: URL;
  /** Interleaved A/B mode: the base deployment. */
  base?: URL;
  /**
   * The stored baseline, when there is one: its runs are the reference in the stored-baseline
   * mode; in either mode its history and A/A records are what the gate knows of the suite's noise.
   */
  baseline?: Baseline;
  /** False for a plain measurement: budgets only, no comparison. */
  judge: boolean;
  maxDurationMs: number;
  sha: string | null;
  /** This machine's part of a sharded run (the suite given is already its share). */
  shard?: Shard;
  /** Worker threads to spread the load over, and the script they start from (the bundled CLI). */
  workers?: { count: number; entry: URL };
  env: NodeJS.ProcessEnv;
  onEvent?: EngineListener;
  signal?: AbortSignal;
}

export interface GateRun {
  current: RunResult;
  /** Interleaved mode: the base deployment's run, measured alongside. */
  baseRun?: RunResult;
  budgets: BudgetCheck[];
  /** The verdict against the baseline; absent for a plain measurement. */
  gate?: GateResult;
  interrupted: boolean;
}

/** Each scenario's gate from the suite; defaults for a scenario the suite does not (or no longer) define. */
export function policyFor(suite: Suite | undefined): PolicyFor {
  return (name) => suite?.scenarios.find((s) => s.name === name)?.gate ?? defaultGate();
}

export function budgetChecks(suite: Suite | undefined, result: RunResult): BudgetCheck[] {
  return judgeBudgets(suite?.budgets ?? {}, result.scenarios.map(summarizeScenario));
}

/**
 * Measure and judge, as both front doors do it: check the target(s) are there, measure
 * (adaptively when judging), assemble the result files, judge budgets and the gate.
 */
export async function gateRun(options: GateRunOptions): Promise<GateRun> {
  const { suite, target, base } = options;
  const baselineRuns = base === undefined ? (options.baseline?.runs ?? []) : [];
  const startedAt = realClock.date();
  const rssStartMiB = rssMiB();
  const probeTimeout = Math.min(...suite.scenarios.map((s) => s.timeoutMs));
  const rttMs = await probeTarget(target, realClock, probeTimeout);
  const baseRttMs = base === undefined ? null : await probeTarget(base, realClock, probeTimeout);
  const run = await adaptiveRun({
    suite,
    candidate: target,
    ...(base === undefined ? {} : { base }),
    baselineRuns: options.judge ? baselineRuns : [],
    ...(options.baseline === undefined ? {} : { records: options.baseline }),
    policyFor: policyFor(suite),
    clock: realClock,
    connect: openConnection,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    maxDurationMs: options.maxDurationMs,
    ...(options.workers === undefined || options.workers.count < 2
      ? {}
      : { engine: (engineOptions: EngineOptions) => createWorkerEngine(engineOptions, options.workers!.count, options.workers!.entry) }),
  });
  const rss = { start: rssStartMiB, end: rssMiB() };
  // A target or base path interpolated from the environment may hold a token: the results name the variable instead.
  const redact = redactor(suite.secrets);
  const resultOf = (url: URL, scenarios: ScenarioResult[], rtt: number | null): RunResult => ({
    schema: RESULT_SCHEMA,
    suite: suite.name,
    target: redact(url.href.replace(/\/$/, '')),
    startedAt: startedAt.toISOString(),
    finishedAt: realClock.date().toISOString(),
    git: { sha: options.sha },
    interrupted: run.interrupted,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    environment: { ...environmentFingerprint(VERSION, rtt, options.env), rssMiB: rss },
    scenarios: scenarios.map((scenario) => ({ ...scenario, path: redact(scenario.path) })),
  });
  const current = resultOf(target, run.candidate, rttMs);
  const baseRun = base === undefined ? undefined : resultOf(base, run.base, baseRttMs);
  const budgets = budgetChecks(suite, current);
  const reference = baseRun !== undefined ? [baseRun] : baselineRuns;
  return {
    current,
    ...(baseRun === undefined ? {} : { baseRun }),
    budgets,
    ...(options.judge ? { gate: finalVerdict({ suite, current, reference, records: options.baseline, budgets, mode: run.mode, adaptive: run }) } : {}),
    interrupted: run.interrupted,
  };
}

/** The generator's resident memory: flat over a long run, since nothing grows with the requests. */
function rssMiB(): number {
  return Math.round((process.memoryUsage.rss() / 2 ** 20) * 10) / 10;
}

export interface FinalVerdictInput {
  suite: Suite | undefined;
  current: RunResult;
  /** The stored baseline's runs, or in the interleaved mode the base deployment's run. */
  reference: RunResult[];
  /** The baseline file's history and A/A records. */
  records?: NoiseRecords | undefined;
  budgets: BudgetCheck[];
  mode: GateResult['method']['mode'];
  /** Absent for a plain comparison of finished runs: one look. */
  adaptive?: AdaptiveRun;
}

/** The verdict with budgets and warnings. */
export function finalVerdict({ suite, current, reference, records, budgets, mode, adaptive }: FinalVerdictInput): GateResult {
  const deploymentNoise = suite?.gate.deploymentNoise;
  return judgeRun({
    mode,
    candidate: current.scenarios,
    base: mode === 'interleaved' ? (reference[0]?.scenarios ?? []) : [],
    baselineRuns: mode === 'interleaved' ? [] : reference,
    ...(records === undefined ? {} : { records }),
    policyFor: policyFor(suite),
    alpha: suite?.gate.alpha ?? DEFAULT_ALPHA,
    ...(deploymentNoise === undefined ? {} : { deploymentNoise }),
    looks: adaptive?.looks ?? { taken: 1, planned: 1 },
    extraRounds: adaptive?.extraRounds ?? [],
    budgets,
    warnings: comparisonWarnings(current, reference, mode),
  });
}
