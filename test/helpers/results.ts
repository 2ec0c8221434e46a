import { RESULT_SCHEMA, type RoundResult, type RunResult, type ScenarioResult } from '../../src/result/result.js';
import { createLatencyHistogram, encodeHistogram, summarizeLatency } from '../../src/result/histogram.js';

export interface RunOptions {
  suite?: string;
  startedAt?: string;
  sha?: string | null;
  interrupted?: boolean;
  /** Measured rounds of each scenario. */
  rounds?: number;
  scenarios?: string[];
}

const START = '2026-11-23T01:00:00.000Z';

/** The time `seconds` after `startedAt`, as a result file writes it. */
const later = (startedAt: string, seconds: number): string => new Date(Date.parse(startedAt) + seconds * 1000).toISOString();

/**
 * A complete, valid result file with real encoded histograms: latencies spread over
 * 1..`1 + round` ms, so rounds and runs differ as measurements do.
 */
export function runResult(options: RunOptions = {}): RunResult {
  const { startedAt = START } = options;
  return runOf(
    (options.scenarios ?? ['home', 'search']).map((name) => ({
      name,
      method: 'GET',
      path: `/${name}`,
      model: 'closed',
      connections: 10,
      durationMs: 1000,
      warmupMs: 0,
      timeoutMs: 10_000,
      rounds: Array.from({ length: options.rounds ?? 3 }, (_, index) => round(index + 1, later(startedAt, index + 1))),
    })),
    options,
  );
}

/** The run around the given scenarios: suite, target, start and finish (30 s later), commit and the machine it ran on. */
export function runOf(scenarios: ScenarioResult[], options: Omit<RunOptions, 'rounds' | 'scenarios'> = {}): RunResult {
  const { suite = 'shop', startedAt = START, sha = 'abc1234def', interrupted = false } = options;
  return {
    schema: RESULT_SCHEMA,
    suite,
    target: 'http://127.0.0.1:8080',
    startedAt,
    finishedAt: later(startedAt, 30),
    git: { sha },
    interrupted,
    environment: {
      node: 'v20.20.2',
      perfGate: '0.1.0',
      cpu: { model: 'Test CPU', count: 2 },
      memoryGiB: 24,
      os: { platform: 'linux', release: '6.1', arch: 'x64' },
      ci: null,
      rttMs: 0.05,
    },
    scenarios,
  };
}

function round(number: number, startedAt: string): RoundResult {
  const histogram = createLatencyHistogram();
  for (let us = 1_000; us <= 1_000 * (1 + number); us += 13) histogram.recordValue(us);
  const requests = histogram.totalCount;
  return {
    round: number,
    startedAt,
    durationMs: 1000,
    requests,
    ok: requests,
    errors: { total: 0, status: {}, check: 0, capture: 0, timeout: 0, refused: 0, reset: 0, dns: 0, other: 0, otherCodes: {} },
    rps: requests,
    latencyMs: summarizeLatency(histogram),
    histogram: encodeHistogram(histogram),
  };
}
