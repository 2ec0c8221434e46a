import type { Baseline } from '../result/baseline.js';
import { RESULT_SCHEMA, type RunResult, type ScenarioResult } from '../result/result.js';
import { redactor } from '../config/redact.js';
import type { Suite } from '../config/suite.js';
import type { Shard } from '../config/shard.js';
import { realClock } from '../load/clock.js';
import { httpClientFromEnv, openConnection } from '../load/dispatcher.js';
import type { EngineListener } from '../load/events.js';
import type { EngineOptions } from '../load/engine.js';
import { createWorkerEngine } from '../load/worker-engine.js';
import { createEngine } from '../load/engine.js';
import { metricsSource, processSource, withServiceCost, type CostSource } from '../load/service-cost.js';
import { startService } from '../load/service-process.js';
import { procAvailable } from '../load/proc-usage.js';
import { environmentFingerprint } from '../load/fingerprint.js';
import { assertFileRoom, openFileLimit } from '../load/file-limit.js';
import { probeTarget } from '../load/probe.js';
import { judgeRun } from '../stats/judge-run.js';
import type { FailOn, GateResult } from '../result/verdict.js';
import { VERSION } from '../version.js';
import { adaptiveRun, type ArmResults, type Judging } from './adaptive-run.js';

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
  /** The front door's choice of what fails the check, over the suite's. */
  failOn?: FailOn | undefined;
  /** What the verdict must say beside the judge's own warnings. */
  warnings?: string[];
  maxDurationMs: number;
  sha: string | null;
  /** This machine's part of a sharded run (the suite given is already its share). */
  shard?: Shard;
  /** Worker threads to spread the load over, and the script they start from (the bundled CLI). */
  workers?: { count: number; entry: URL };
  /** The front door's service sources, beside the suite's `service`: a process to read, and the base's. */
  service?: ServiceSources;
  env: NodeJS.ProcessEnv;
  onEvent?: EngineListener;
  signal?: AbortSignal;
}

export interface Measured {
  current: RunResult;
  /** Interleaved mode: the base deployment's run, measured alongside. */
  baseRun?: RunResult;
  /** The verdict of the run's last look, when it was judged. */
  gate?: GateResult;
  interrupted: boolean;
}

export interface ServiceSources {
  /** The candidate's process (--service-pid), read from /proc. */
  pid?: number;
  /** A/B mode: the base's process, or its Prometheus endpoint. */
  basePid?: number;
  baseMetrics?: URL;
}

/**
 * The pipeline's measure step: start the service when the suite says how, check the target(s)
 * answer, measure (adaptively when judging), and assemble the result files of both sides.
 */
export async function measure(options: MeasureOptions): Promise<Measured> {
  assertFileRoom(options.suite, options.base === undefined ? 1 : 2, options.workers?.count ?? 1, openFileLimit());
  const command = options.suite.service?.command;
  if (command === undefined) return measureRunning(options, undefined);
  const { readyPath, readyTimeoutMs } = options.suite.service!;
  const service = await startService(command, options.target, readyPath, readyTimeoutMs, options.signal);
  try {
    return await measureRunning(options, service.pid);
  } finally {
    await service.stop();
  }
}

async function measureRunning(options: MeasureOptions, startedPid: number | undefined): Promise<Measured> {
  const { suite, target, base } = options;
  const startedAt = realClock.date();
  const rssStartMiB = rssMiB();
  // Is the target there at all: as long as any request of the suite would wait. A scenario's short timeout
  // (5 ms, to count slow answers as errors) says nothing of how long a busy machine takes to connect.
  const probeTimeout = Math.max(...suite.scenarios.map((s) => s.timeoutMs));
  const rttMs = await probeTarget(target, realClock, probeTimeout);
  const baseRttMs = base === undefined ? null : await probeTarget(base, realClock, probeTimeout);
  const workers = options.workers;
  const cost = costSources(suite.service, options.service, base === undefined ? [target] : [target, base], startedPid);
  // A target or base path interpolated from the environment may hold a token: the results name the variable instead.
  const redact = redactor(suite.secrets);
  const resultOf = (
    url: URL,
    scenarios: ScenarioResult[],
    rtt: number | null,
    service: RunResult['service'],
    interrupted: boolean,
  ): RunResult => ({
    schema: RESULT_SCHEMA,
    suite: suite.name,
    target: redact(url.href.replace(/\/$/, '')),
    startedAt: startedAt.toISOString(),
    finishedAt: realClock.date().toISOString(),
    git: { sha: options.sha },
    interrupted,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    environment: { ...environmentFingerprint(VERSION, rtt, options.env), rssMiB: { start: rssStartMiB, end: rssMiB() } },
    // The endpoint's URL, and the problems that name it, may hold a value from the environment too.
    ...(service === undefined ? {} : { service: { source: redact(service.source), problems: service.problems.map(redact) } }),
    scenarios: scenarios.map((scenario) => ({ ...scenario, path: redact(scenario.path) })),
  });
  const runsOf = (results: ArmResults) => ({
    current: resultOf(target, results.candidate, rttMs, cost.summary(0), results.interrupted),
    ...(base === undefined ? {} : { baseRun: resultOf(base, results.base, baseRttMs, cost.summary(1), results.interrupted) }),
  });
  const baselineRuns = options.baseline?.runs ?? [];
  const judging: Judging | undefined = options.judge
    ? {
        canLookAgain: base !== undefined || baselineRuns.length > 0,
        look: (results, looks, extraRounds) => {
          const { current, baseRun } = runsOf(results);
          return judgeRun({
            suite,
            current,
            reference:
              baseRun === undefined
                ? { mode: 'stored-baseline', runs: baselineRuns, records: options.baseline }
                : { mode: 'interleaved', base: baseRun, records: options.baseline },
            looks,
            extraRounds,
            failOn: options.failOn,
            ...(options.warnings === undefined ? {} : { warnings: options.warnings }),
          });
        },
      }
    : undefined;
  const run = await adaptiveRun({
    suite,
    candidate: target,
    ...(base === undefined ? {} : { base }),
    ...(judging === undefined ? {} : { judging }),
    clock: realClock,
    connect: (scenario, arm) => openConnection(scenario, arm, httpClientFromEnv(options.env)),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    maxDurationMs: options.maxDurationMs,
    engine: (engineOptions: EngineOptions) => {
      const engine =
        workers === undefined || workers.count < 2
          ? createEngine(engineOptions)
          : createWorkerEngine(engineOptions, workers.count, workers.entry);
      return cost.sources.every((source) => source === undefined)
        ? engine
        : withServiceCost(engine, {
            sources: cost.sources,
            scenarios: suite.scenarios.map((s) => s.name),
            onProblem: cost.problem,
            ...(engineOptions.signal === undefined ? {} : { signal: engineOptions.signal }),
          });
    },
  });
  return { ...runsOf(run), ...(run.gate === undefined ? {} : { gate: run.gate }), interrupted: run.interrupted };
}

/** Most distinct problems a run keeps of a source that failed. */
const MAX_PROBLEMS = 20;

/**
 * Each arm's source of the service's cost (candidate first): the suite's Prometheus endpoint
 * (a path on each target, or a URL, which is the candidate's), else a process: the one perf-gate
 * started, or the one the front door names. A source that cannot be used is a problem of its arm.
 */
function costSources(spec: Suite['service'], given: ServiceSources | undefined, targets: URL[], startedPid: number | undefined) {
  const problems = targets.map(() => new Set<string>());
  const problem = (arm: number, message: string) => {
    if (problems[arm]!.size < MAX_PROBLEMS) problems[arm]!.add(message);
  };
  const fromProcess = (arm: number, pid: number): CostSource | undefined => {
    if (procAvailable()) return processSource(pid, realClock.now);
    problem(arm, `reading process ${pid}'s CPU time needs Linux's /proc, which this machine (${process.platform}) does not have`);
    return undefined;
  };
  const metrics = spec?.metrics;
  const sources = targets.map((target, arm): CostSource | undefined => {
    const baseMetrics = arm === 1 ? given?.baseMetrics : undefined;
    if (baseMetrics !== undefined) return metricsSource(baseMetrics, realClock.now);
    if (metrics !== undefined && (metrics.startsWith('/') || arm === 0))
      return metricsSource(new URL(metrics, target.origin), realClock.now);
    const pid = arm === 0 ? (given?.pid ?? startedPid) : given?.basePid;
    if (pid !== undefined) return fromProcess(arm, pid);
    if (metrics !== undefined)
      problem(
        arm,
        "service.metrics is a URL, the candidate's: the base deployment's needs --baseline-metrics (or a path, read on each target)",
      );
    return undefined;
  });
  return {
    sources,
    problem,
    summary: (arm: number): RunResult['service'] => {
      const source = sources[arm];
      if (source === undefined && problems[arm]!.size === 0) return undefined;
      return { source: source?.name ?? 'none', problems: [...problems[arm]!] };
    },
  };
}

/** The generator's resident memory: flat over a long run, since nothing grows with the requests. */
function rssMiB(): number {
  return Math.round((process.memoryUsage.rss() / 2 ** 20) * 10) / 10;
}
