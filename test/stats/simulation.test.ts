import { describe, expect, it } from 'vitest';
import { simulateInterleaved, simulateStored, type OperatingPoint } from '../helpers/gate-simulation.js';

/**
 * The gate's operating characteristic over the grid the gate-trust issue asks for, the whole
 * procedure each time (first look, planned extra rounds, final look), seeded so every run of
 * this file gives the same figures. Round noise: 5 % CV per round; baseline runs of 5 rounds.
 * Beside each rate, the power of the oracle that knows every variance exactly (α = 0.01 one-
 * sided, "beyond 10 % and significant"), so a reader sees the distance to the statistical limit.
 *
 * The bars asserted are the issue's where the gate meets them. Where it does not (a young
 * baseline at 5 % run CV against the +5 % row, and the +15 % rows at K = 3), no procedure that
 * cannot tell 2 % from 5 % run noise with 2 degrees of freedom can: the bar asserted is the one
 * measured, less a margin, and docs/statistics.md says so.
 */
/** 2,000 trials a cell in the suite; SIMULATION_TRIALS=20000 for docs/statistics.md's table (and its 20-round cells). */
const TRIALS = Number(process.env['SIMULATION_TRIALS'] ?? 2_000);
const FULL = TRIALS >= 20_000;
/**
 * Per-round noise of p95: 5 % (a busy runner; the suite's bars hold the gate there), or
 * SIMULATION_ROUND_CV for the calibrated table (bench/README.md measured 0.9 % on real processes).
 */
const ROUND_CV = Number(process.env['SIMULATION_ROUND_CV'] ?? 0.05);

/**
 * The best any rule of the form "fail when the estimate exceeds a cut-off that depends on the
 * estimated variance" can do, with the false-alarm rows held (an independent check: a linear-
 * programming bound, shared/notes/statistics.md), 20 current rounds; by K, run CV and slowdown.
 */
const BOUND: Record<string, number> = {
  '3 0.02 0.15': 0.647,
  '3 0.02 0.2': 0.942,
  '3 0.05 0.2': 0.717,
  '3 0.05 0.3': 0.972,
  '5 0.02 0.15': 0.829,
  '5 0.02 0.2': 0.984,
  '5 0.05 0.2': 0.76,
  '5 0.05 0.3': 0.983,
  '10 0.02 0.15': 0.951,
  '10 0.02 0.2': 0.999,
  '10 0.05 0.2': 0.795,
  '10 0.05 0.3': 0.989,
};

function show(label: string, slowdown: number, p: OperatingPoint, bound?: number): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const against = bound === undefined ? '' : `, bound ${pct(bound)}`;
  console.log(
    `${label} ${slowdown === 0 ? 'A/A' : `+${Math.round(slowdown * 100)} %`}: fails ${pct(p.failRate)} (oracle ${pct(p.oracle)}${against}), not decided ${pct(p.undecidedRate)}, mean ${p.meanRounds.toFixed(1)} current rounds`,
  );
}

type Bar = [slowdown: number, comparison: 'atMost' | 'atLeast', rate: number];
/** A bar the fail rate at this true slowdown must stay under, or reach. */
const atMost = (slowdown: number, rate: number): Bar => [slowdown, 'atMost', rate];
const atLeast = (slowdown: number, rate: number): Bar => [slowdown, 'atLeast', rate];

const check = (rate: number, [, comparison, bar]: Bar): void =>
  comparison === 'atMost' ? expect(rate).toBeLessThanOrEqual(bar) : expect(rate).toBeGreaterThanOrEqual(bar);

// A/A bars: alpha + 0.5 points. +5 %: the oracle's own rate + 1 point. Power bars: measured, less a margin; the bound beside them.
describe.each([
  { k: 3, runCv: 0.02, bars: [atMost(0, 0.015), atMost(0.05, 0.063), atLeast(0.15, 0.5), atLeast(0.2, 0.86), atLeast(0.3, 0.99)] },
  { k: 10, runCv: 0.02, bars: [atMost(0, 0.015), atMost(0.05, 0.04), atLeast(0.15, 0.86), atLeast(0.2, 0.98), atLeast(0.3, 0.99)] },
  { k: 3, runCv: 0.05, bars: [atMost(0, 0.015), atMost(0.05, 0.075), atLeast(0.2, 0.56), atLeast(0.3, 0.89)] },
  { k: 10, runCv: 0.05, bars: [atMost(0, 0.015), atMost(0.05, 0.087), atLeast(0.2, 0.65), atLeast(0.3, 0.94)] },
  { k: 5, runCv: 0.02, outlier: 0.3, bars: [atMost(0, 0.015), atMost(0.05, 0.055), atLeast(0.15, 0.6), atLeast(0.2, 0.93)] },
  { k: 1, runCv: 0.02, bars: [atMost(0, 0.015), atMost(0.05, 0.05), atLeast(0.5, 0.99)] },
  { k: 2, runCv: 0.02, bars: [atMost(0, 0.015), atMost(0.05, 0.05), atLeast(0.5, 0.99)] },
  { k: 5, runCv: 0.02, bars: [atMost(0, 0.015), atMost(0.05, 0.05), atLeast(0.15, 0.7), atLeast(0.2, 0.95)] },
  // What 7 % and 10 % run CV cost with the default prior alone, and held once the suite's history gives the prior ≥ 20 df (61 earlier
  // runs).
  { k: 3, runCv: 0.07, bars: [atMost(0, 0.05)] },
  { k: 3, runCv: 0.1, bars: [atMost(0, 0.08)] },
  { k: 3, runCv: 0.05, history: 61, bars: [atMost(0, 0.015), atLeast(0.2, 0.5)] },
  { k: 3, runCv: 0.07, history: 61, bars: [atMost(0, 0.015)] },
  { k: 3, runCv: 0.1, history: 61, bars: [atMost(0, 0.015)] },
  { k: 10, runCv: 0.1, history: 61, bars: [atMost(0, 0.015)] },
  // The pull request measured by 3 shards on different runners: their spread adds degrees of freedom (a runner's part of the run effect).
  { k: 3, runCv: 0.05, shards: { count: 3, runnerShare: 1 }, bars: [atMost(0, 0.015), atLeast(0.2, 0.5)] },
  { k: 3, runCv: 0.05, shards: { count: 3, runnerShare: 0.5 }, bars: [atMost(0, 0.015), atLeast(0.2, 0.5)] },
])('stored baseline, K = $k runs at $runCv run CV', ({ k, runCv, outlier, history, shards, bars }) => {
  const label =
    `stored K=${k} run CV ${Math.round(runCv * 1000) / 10} %${outlier === undefined ? '' : ', one run 30 % slower'}` +
    `${history === undefined ? '' : `, ${history} runs of history`}${shards === undefined ? '' : `, ${shards.count} shards (runners ${shards.runnerShare * 100} % of the run effect)`}:`;
  it.each(bars)('a true %s slowdown', (...bar) => {
    const c = {
      k,
      runCv,
      roundCv: ROUND_CV,
      ...(outlier === undefined ? {} : { outlier }),
      ...(history === undefined ? {} : { history }),
      ...(shards === undefined ? {} : { shards }),
    };
    const point = simulateStored(
      c,
      bar[0],
      TRIALS,
      1_000 + k * 10 + bar[0] * 100 + (history ?? 0) + (shards === undefined ? 0 : shards.runnerShare * 7),
    );
    show(label, bar[0], point);
    check(point.failRate, bar);
  });
});

// docs/statistics.md's table: the cells the bound is known for, at 20 rounds a run, 20,000 trials each
// (only with SIMULATION_TRIALS=20000: minutes of CPU). Held to the issue's targets: A/A at most
// alpha + 0.5 points, +5 % at most the oracle's rate + 1 point, power within 10 points of the bound.
if (FULL) {
  describe.each([3, 5, 10])('stored baseline at 20 rounds a run, K = %i', (k) => {
    it.each([
      [0.02, 0],
      [0.02, 0.05],
      [0.02, 0.15],
      [0.02, 0.2],
      [0.05, 0],
      [0.05, 0.05],
      [0.05, 0.2],
      [0.05, 0.3],
    ])('run CV %s, a true %s slowdown', (runCv, slowdown) => {
      const point = simulateStored({ k, runCv, roundCv: ROUND_CV, rounds: 20 }, slowdown, TRIALS, 3_000 + k * 10 + slowdown * 100);
      const bound = BOUND[`${k} ${runCv} ${slowdown}`];
      show(`stored K=${k} run CV ${runCv * 100} %, 20 rounds:`, slowdown, point, bound);
      if (slowdown === 0) expect(point.failRate).toBeLessThanOrEqual(0.015);
      else if (slowdown === 0.05) expect(point.failRate).toBeLessThanOrEqual(point.oracle + 0.01);
      else if (bound !== undefined) expect(point.failRate).toBeGreaterThanOrEqual(bound - 0.1);
    });
  });
  // With the suite's history giving the noise ≥ 20 df of its own (61 earlier runs): power within 5 points of the bound.
  describe.each([3, 10])('stored baseline at 20 rounds a run, K = %i, 61 runs of history', (k) => {
    it.each([
      [0.02, 0.05],
      [0.02, 0.15],
      [0.05, 0],
      [0.05, 0.05],
      [0.05, 0.2],
      [0.1, 0],
    ])('run CV %s, a true %s slowdown', (runCv, slowdown) => {
      const point = simulateStored(
        { k, runCv, roundCv: ROUND_CV, rounds: 20, history: 61 },
        slowdown,
        TRIALS,
        4_000 + k * 10 + slowdown * 100,
      );
      const bound = BOUND[`${k} ${runCv} ${slowdown}`];
      show(`stored K=${k} run CV ${runCv * 100} %, 20 rounds, 61 runs of history:`, slowdown, point, bound);
      if (slowdown === 0) expect(point.failRate).toBeLessThanOrEqual(0.015);
      else if (slowdown === 0.05) expect(point.failRate).toBeLessThanOrEqual(point.oracle + 0.01);
      else if (bound !== undefined) expect(point.failRate).toBeGreaterThanOrEqual(bound - 0.05);
    });
  });
}

describe.each([
  { deploymentCv: 0.01, bars: [atMost(0, 0.01), atMost(0.07, 0.054), atLeast(0.13, 0.92)] },
  { deploymentCv: 0.05, aaRecords: 5, bars: [atMost(0, 0.02)] },
  { deploymentCv: 0.05, aaRecords: 10, bars: [atMost(0, 0.015)] },
  // Rounds that agree closely (1 % round noise, as calibrated on real processes): the default prior's degrees of freedom must not wreck the
  // test.
  { deploymentCv: 0.01, roundCv: 0.01, bars: [atMost(0, 0.01), atMost(0.07, 0.05), atLeast(0.13, 0.93)] },
])('interleaved A/B, deployment CV $deploymentCv, $aaRecords A/A records', ({ deploymentCv, aaRecords, roundCv, bars }) => {
  const label = `interleaved deployment CV ${deploymentCv * 100} %${aaRecords === undefined ? '' : `, ${aaRecords} A/A records`}${roundCv === undefined ? '' : `, round noise ${roundCv * 100} %`}:`;
  it.each(bars)('a true %s slowdown', (...bar) => {
    const point = simulateInterleaved(
      { deploymentCv, roundCv: roundCv ?? ROUND_CV, ...(aaRecords === undefined ? {} : { aaRecords }) },
      bar[0],
      TRIALS,
      2_000 + bar[0] * 100,
    );
    show(label, bar[0], point);
    check(point.failRate, bar);
  });
});

it('without A/A records, a 5 % deployment CV is the noise the default prior cannot see: the report must say where its figure came from', () => {
  // Not a bar the gate can meet (it assumes 1 %): measured and printed, so docs/statistics.md's table is this run's.
  const point = simulateInterleaved({ deploymentCv: 0.05, roundCv: ROUND_CV }, 0, TRIALS, 2_500);
  show('interleaved deployment CV 5 %, no A/A record:', 0, point);
  expect(point.failRate).toBeGreaterThan(0.01);
});
