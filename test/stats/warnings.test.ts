import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/result/result.js';
import { MIN_ROUND_REQUESTS, comparisonWarnings } from '../../src/stats/warnings.js';
import { runResult } from '../helpers/results.js';

/** The run with `home` at `home` requests a round, `search` at `search`. */
function withRequests(run: RunResult, home: number, search = 1_000): RunResult {
  const requests = (name: string) => (name === 'home' ? home : search);
  return { ...run, scenarios: run.scenarios.map((s) => ({ ...s, rounds: s.rounds.map((r) => ({ ...r, requests: requests(s.name) })) })) };
}

describe('comparisonWarnings', () => {
  it('warns when a scenario\u2019s rounds hold too few requests for a usable p95, naming it and the count', () => {
    const run = withRequests(runResult(), 100);
    const warning = comparisonWarnings(run, [runResult()], 'stored-baseline').find((w) => w.startsWith('Rounds too small'));
    expect(warning).toContain('home (100) requests per round');
    expect(warning).toContain(`at least ${MIN_ROUND_REQUESTS}`);
    expect(warning).not.toContain('search');
  });

  it('says nothing of rounds that are large enough', () => {
    const run = withRequests(runResult(), MIN_ROUND_REQUESTS, MIN_ROUND_REQUESTS);
    expect(comparisonWarnings(run, [runResult(), runResult()], 'interleaved').some((w) => w.startsWith('Rounds too small'))).toBe(false);
  });
});

/** The run with the service's memory at each round's end of every scenario: `mb(i)` MB at round i. */
function withMemory(run: RunResult, mb: (round: number) => number): RunResult {
  return {
    ...run,
    scenarios: run.scenarios.map((s) => ({
      ...s,
      rounds: s.rounds.map((r, i) => ({
        ...r,
        startedAt: new Date(Date.parse(run.startedAt) + i * 60_000).toISOString(),
        service: { cpuMs: 100, wallMs: 1000, rssBytes: mb(i) * 1e6 },
      })),
    })),
  };
}

describe('memory growth in a comparison', () => {
  const growing = (i: number) => 100 + 4 * i + (i % 2) * 0.1;
  const flat = (i: number) => 100 + (i % 2) * 0.3;

  it('warns of memory that grew in this run and not in the reference, naming the scenario and the rate', () => {
    const warnings = comparisonWarnings(withMemory(runResult(), growing), [withMemory(runResult(), flat)], 'interleaved');
    const home = warnings.find((w) => w.startsWith('home: the service'));
    expect(home).toMatch(/^home: the service's memory kept growing, \+4\.\d\d MB\/min \(95% CI \+[\d.]+ MB … \+[\d.]+ MB\)/);
    expect(home).toContain("The reference's did not (1 run with memory figures).");
  });

  it('says nothing when the reference grew the same way (a fresh service sizing its heap), or nothing grew', () => {
    expect(
      comparisonWarnings(withMemory(runResult(), growing), [withMemory(runResult(), growing)], 'interleaved').some((w) =>
        w.includes('kept growing'),
      ),
    ).toBe(false);
    expect(
      comparisonWarnings(withMemory(runResult(), flat), [withMemory(runResult(), flat)], 'stored-baseline').some((w) =>
        w.includes('kept growing'),
      ),
    ).toBe(false);
  });
});
