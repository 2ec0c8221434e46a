import { describe, expect, it } from 'vitest';
import { BASELINE_SCHEMA, BaselineSchema, appendRun, type Baseline } from '../../src/result/baseline.js';
import { DEFAULT_KEEP } from '../../src/result/keep.js';
import { historyEntry } from '../../src/result/history.js';
import { InputError } from '../../src/errors.js';
import { runResult } from '../helpers/results.js';

/** The n-th run of the day, n minutes past one. */
const nth = (n: number, sha = `abc${String(n).padStart(4, '0')}`) =>
  runResult({ startedAt: `2026-11-23T01:${String(n).padStart(2, '0')}:00.000Z`, sha });

/** A baseline built the only way there is: by appending runs 1..count. */
function baselineOf(count: number, keep?: number): Baseline {
  let baseline: Baseline | undefined;
  for (let n = 1; n <= count; n++) baseline = appendRun(baseline, nth(n), keep).baseline;
  if (baseline === undefined) throw new Error('expected at least one run');
  return baseline;
}

const startTimes = (baseline: Baseline) => baseline.runs.map((run) => run.startedAt.slice(11, 16));

describe('appendRun', () => {
  it('creates a baseline of the run when there is none', () => {
    const run = nth(1);
    expect(appendRun(undefined, run)).toEqual({
      baseline: { schema: BASELINE_SCHEMA, suite: 'shop', keep: DEFAULT_KEEP, runs: [run], history: [historyEntry(run)] },
      dropped: 0,
      replaced: false,
    });
  });

  it('keeps every recorded run in the history, also those beyond keep, and starts it from the runs of an older file', () => {
    const older: Baseline = { ...baselineOf(3), keep: 3 };
    delete (older as { history?: unknown }).history;
    const after = appendRun(appendRun(older, nth(4)).baseline, nth(5)).baseline;
    expect(after.runs).toHaveLength(3);
    expect(after.history!.map((h) => h.startedAt.slice(11, 16))).toEqual(['01:01', '01:02', '01:03', '01:04', '01:05']);
    const scenario = Object.values(after.history![4]!.scenarios)[0]!;
    expect(scenario.p95).toBeGreaterThan(0);
    // Recording the same run again replaces its entry.
    expect(appendRun(after, nth(5)).baseline.history).toHaveLength(5);
  });

  it('records an A/A pair of the same run as deployment noise', () => {
    const run = nth(1);
    const same = { ...nth(1), target: 'http://base.example' };
    const { baseline } = appendRun(undefined, run, undefined, same);
    const aa = baseline.aa![0]!;
    const figures = Object.values(aa.scenarios)[0]!;
    expect(figures.p95).toEqual({ logRatio: 0, variance: 0 });
    expect(() => appendRun(undefined, run, undefined, { ...same, suite: 'other' })).toThrow(/suite "other"/);
  });

  it('appends, oldest first, without touching the baseline it was given', () => {
    const before = baselineOf(2);
    const after = appendRun(before, nth(3));
    expect(startTimes(after.baseline)).toEqual(['01:01', '01:02', '01:03']);
    expect(startTimes(before)).toEqual(['01:01', '01:02']);
    expect(after).toMatchObject({ dropped: 0, replaced: false });
  });

  it("keeps the newest runs: the file's keep, or an explicit one, which the file then keeps", () => {
    const full = baselineOf(3, 3);
    const next = appendRun(full, nth(4));
    expect(startTimes(next.baseline)).toEqual(['01:02', '01:03', '01:04']);
    expect(next.dropped).toBe(1);

    const smaller = appendRun(next.baseline, nth(5), 1);
    expect(startTimes(smaller.baseline)).toEqual(['01:05']);
    expect(smaller).toMatchObject({ dropped: 3, baseline: { keep: 1 } });
    expect(appendRun(smaller.baseline, nth(6)).baseline.keep).toBe(1);
  });

  it('replaces a run recorded already (same start and commit) in place, rather than doubling it', () => {
    const baseline = baselineOf(3);
    const again = { ...nth(2), finishedAt: '2026-11-23T01:02:31.000Z' };
    const outcome = appendRun(baseline, again);
    expect(outcome).toMatchObject({ dropped: 0, replaced: true });
    expect(startTimes(outcome.baseline)).toEqual(['01:01', '01:02', '01:03']);
    expect(outcome.baseline.runs[1]).toEqual(again);
  });

  it('treats the same start time with another commit, or the same commit at another time, as new runs', () => {
    const baseline = baselineOf(1);
    expect(appendRun(baseline, nth(1, 'fff0001')).baseline.runs).toHaveLength(2);
    expect(appendRun(baseline, { ...nth(2), git: { sha: 'abc0001' } }).baseline.runs).toHaveLength(2);
  });

  it('refuses a run of another suite', () => {
    const fail = () => appendRun(baselineOf(1), runResult({ suite: 'checkout' }));
    expect(fail).toThrow(InputError);
    expect(fail).toThrow('the run is of suite "checkout", the baseline holds suite "shop"');
  });

  it('refuses an interrupted run, and a run with a scenario that has no round', () => {
    expect(() => appendRun(undefined, runResult({ interrupted: true }))).toThrow(
      'an interrupted run is not a baseline; run the suite to the end',
    );
    expect(() => appendRun(undefined, runResult({ rounds: 0 }))).toThrow('scenario "home" has no measured round; run the suite to the end');
  });

  it('makes baselines the schema accepts', () => {
    expect(BaselineSchema.parse(baselineOf(4, 2))).toEqual(baselineOf(4, 2));
  });
});
