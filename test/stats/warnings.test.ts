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
