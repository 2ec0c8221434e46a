import type { Baseline } from '../result/baseline.js';
import { RESULT_SCHEMA, type RunResult, type ScenarioResult } from '../result/result.js';
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
import { policyFor } from '../stats/final-verdict.js';
import { VERSION } from '../version.js';
import { adaptiveRun, type AdaptiveRun } from './adaptive-run.js';

export interface MeasureOptions {
  suite: Suite;
  target: URL;
  /** Interleaved A/B mode: the base deployment. */
  base?: URL;
  /**
   * The stored baseline, when there is one: its runs are what the first look compares with in
   * the stored-baseline mode; in either mode its history and A/A records are the noise priors.
   */
  baseline?: Baseline;
  /** Whether the run is judged: only then does it look at the evidence and measure more where it must. */
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

export interface Measured {
  current: RunResult;
  /** Interleaved mode: the base deployment's run, measured alongside. */
  baseRun?: RunResult;
  /** The looks the adaptive run took and why it measured more. */
  adaptive: Pick<AdaptiveRun, 'mode' | 'looks' | 'extraRounds'>;
  interrupted: boolean;
}

/**
 * The pipeline's measure step: check the target(s) answer, measure (adaptively when judging),
 * and assemble the result files of both sides.
 */
export async function measure(options: MeasureOptions): Promise<Measured> {
  const { suite, target, base } = options;
  const baselineRuns = base === undefined && options.judge ? (options.baseline?.runs ?? []) : [];
  const startedAt = realClock.date();
  const rssStartMiB = rssMiB();
  const probeTimeout = Math.min(...suite.scenarios.map((s) => s.timeoutMs));
  const rttMs = await probeTarget(target, realClock, probeTimeout);
  const baseRttMs = base === undefined ? null : await probeTarget(base, realClock, probeTimeout);
  const workers = options.workers;
  const run = await adaptiveRun({
    suite,
    candidate: target,
    ...(base === undefined ? {} : { base }),
    baselineRuns,
    ...(options.baseline === undefined ? {} : { records: options.baseline }),
    policyFor: policyFor(suite),
    clock: realClock,
    connect: openConnection,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    maxDurationMs: options.maxDurationMs,
    ...(workers === undefined || workers.count < 2
      ? {}
      : { engine: (engineOptions: EngineOptions) => createWorkerEngine(engineOptions, workers.count, workers.entry) }),
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
  return {
    current: resultOf(target, run.candidate, rttMs),
    ...(base === undefined ? {} : { baseRun: resultOf(base, run.base, baseRttMs) }),
    adaptive: { mode: run.mode, looks: run.looks, extraRounds: run.extraRounds },
    interrupted: run.interrupted,
  };
}

/** The generator's resident memory: flat over a long run, since nothing grows with the requests. */
function rssMiB(): number {
  return Math.round((process.memoryUsage.rss() / 2 ** 20) * 10) / 10;
}
