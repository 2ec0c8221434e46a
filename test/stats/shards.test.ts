import { describe, expect, it } from 'vitest';
import { defaultGate } from '../../src/config/defaults.js';
import { noiseNotes } from '../../src/report/gate-noise.js';
import type { RoundFigures } from '../../src/stats/figures.js';
import { judge } from '../../src/stats/judge.js';
import { logChangeTest, storedBaselineChange } from '../../src/stats/log-change.js';
import { runNoisePrior } from '../../src/stats/noise.js';

// A current run measured by 4 shards on 4 runners: their spread is measured evidence of the
// run-to-run noise, pooled with the baseline's 3 runs and the default prior (see log-change.ts).

/** Six rounds at `level`, ±0.5 % round to round in a fixed pattern, so every figure is exact. */
const rounds = (level: number) => [-1, 0.6, 1, -0.6, 0.2, -0.2].map((k) => level * (1 + 0.005 * k));
/** Three baseline runs about 2.5 % apart, as runs on different runners are. */
const baseline = [rounds(100), rounds(102.5), rounds(97.5)];
const current = rounds(108);
const prior = runNoisePrior();
/** Shards of the current run whose levels lie `spread` (a fraction) either side of the merged run's. */
const shards = (offsets: number[]) => offsets.map((offset) => rounds(108 * (1 + offset)));
const width = (interval: [number, number]) => interval[1] - interval[0];

describe('shards of the current run as evidence of the run-to-run noise', () => {
  const without = storedBaselineChange(baseline, current, prior);
  const level = 0.9;

  it('shards about as far apart as the runs add their S − 1 degrees of freedom and narrow the interval', () => {
    const change = storedBaselineChange(baseline, current, prior, shards([-0.02, -0.007, 0.007, 0.02]));
    expect(without.df).toBe(8);
    expect(change.df).toBe(11);
    // The estimate is the merged rounds', unchanged by the shards.
    expect(change.estimate).toBe(without.estimate);
    expect(width(logChangeTest(change, level).interval)).toBeLessThan(width(logChangeTest(without, level).interval));
    expect(change.shards).toMatchObject({ count: 4, pooled: true, apart: [] });
    expect(change.shards!.cv).toBeCloseTo(0.0175, 3);
    expect(change.noise.assumed).toBe(false);
    expect(change.noise.source).toMatch(
      /^the baseline's 3 runs, 4 shards of this run \(spread 1\.7 %\) and the default prior 3 % between runs/,
    );
  });

  it('quiet shards never lower the variance: they share the deployment, whose part of the noise they cannot see', () => {
    const change = storedBaselineChange(baseline, current, prior, shards([-0.001, 0, 0.001, 0]));
    expect(change.df).toBe(11);
    expect(change.standardError).toBe(without.standardError);
    expect(change.noise.cv).toBe(without.noise.cv);
    expect(change.noise.source).toContain(
      "the shards' spread, their runners' part alone, adds degrees of freedom but never lowers the figure",
    );
  });

  it('shards that disagree raise the variance and widen the interval, and say so', () => {
    const change = storedBaselineChange(baseline, current, prior, shards([-0.12, -0.04, 0.04, 0.12]));
    expect(change.df).toBe(11);
    expect(change.standardError).toBeGreaterThan(without.standardError * 1.5);
    expect(width(logChangeTest(change, level).interval)).toBeGreaterThan(width(logChangeTest(without, level).interval));
    expect(change.noise.cv).toBeGreaterThan(without.noise.cv);
    expect(change.noise.source).not.toContain('never lowers');
  });

  it('names a shard whose level the others could not have predicted, and never one of two', () => {
    const slow = storedBaselineChange(baseline, current, prior, shards([0, 0.004, -0.004, 0.3]));
    expect(slow.shards!.apart.map((a) => a.position)).toEqual([3]);
    expect(slow.shards!.apart[0]!.distance).toBeCloseTo(0.3, 2);
    expect(storedBaselineChange(baseline, current, prior, shards([0, 0.3])).shards!.apart).toEqual([]);
  });

  it('beside an unsteady baseline the runs rule alone: the shards are shown, not pooled', () => {
    const unsteady = [rounds(100), rounds(130), rounds(75)];
    const change = storedBaselineChange(unsteady, current, prior, shards([-0.02, 0, 0.02]));
    expect(change.unsteady).toBeDefined();
    expect(change.df).toBe(2);
    expect(change.shards?.pooled).toBe(false);
  });
});

describe('the judge carries the shards to the verdict, and the report names them', () => {
  const figures = (level: number): RoundFigures[] =>
    rounds(level).map((p95) => ({ p50: p95 / 2, p95, p99: p95 * 1.5, rps: 50_000 / p95, errors: 0, requests: 20_000, cpuPerRequest: 0 }));
  const shardRounds = (level: number) => figures(level).map(({ p50, p95, p99, rps }) => ({ p50, p95, p99, rps }));
  const gate = judge({
    mode: 'stored-baseline',
    scenarios: [
      {
        name: 'search',
        policy: defaultGate(),
        openModel: false,
        baseline: [figures(100), figures(102.5), figures(97.5)],
        current: figures(108),
        shards: [103, 104, 105, 140].map((level, i) => ({ index: i + 1, rounds: shardRounds(level) })),
      },
    ],
    budgets: [],
    alpha: 0.01,
    looks: { taken: 1, planned: 1 },
    extraRounds: [],
    warnings: [],
    shards: [1, 2, 3, 4].map((index) => ({ index, runner: `Runner ${index} × 4` })),
  });

  it('maps the shards apart to their indices, per metric, CPU per request aside', () => {
    const p95 = gate.scenarios[0]!.metrics.find((m) => m.metric === 'p95')!;
    expect(p95.shards).toMatchObject({ count: 4, pooled: true, apart: [{ index: 4 }] });
    expect(p95.noise!.df).toBe(11);
    expect(gate.scenarios[0]!.metrics.find((m) => m.metric === 'rps')!.shards!.apart.map((a) => a.index)).toEqual([4]);
    expect(gate.shards).toHaveLength(4);
  });

  it("names each shard's runner and the slow one", () => {
    const notes = noiseNotes(gate, (text) => text);
    expect(notes.find((n) => n.startsWith('Noise beyond the rounds'))).toMatch(/4 shards of this run \(spread \d+(\.\d+)? %\)/);
    expect(notes).toContain(
      "Measured by 4 shards at once: shard 1 (Runner 1 × 4); shard 2 (Runner 2 × 4); shard 3 (Runner 3 × 4); shard 4 (Runner 4 × 4). Their spread is measured evidence of the noise between runs (above); what they share, the deployment and the minute, is not in it and comes from the baseline's runs and the prior.",
    );
    const slow = notes.find((n) => n.startsWith('search: shard 4 (Runner 4 × 4) measured'));
    expect(slow).toMatch(
      /p50 \+3\d\.\d %, p95 \+3\d\.\d %, p99 \+3\d\.\d %, req\/s -2\d\.\d % against the other shards, beyond the noise between runs: a slow runner in the matrix, most likely/,
    );
  });
});
