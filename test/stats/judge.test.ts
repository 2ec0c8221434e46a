import { describe, expect, it } from 'vitest';
import { defaultGate } from '../../src/config/defaults.js';
import type { RoundFigures } from '../../src/stats/figures.js';
import { judge, type ScenarioEvidence } from '../../src/stats/judge.js';
import { lookAlphaFactor, roundsFactor, undecidedScenarios } from '../../src/stats/plan.js';
import type { MetricComparison } from '../../src/result/verdict.js';

// Deterministic rounds: a level with a fixed ±spread pattern, so every figure below is exact.
const PATTERN = [-1, 0.5, 1, -0.5, 0];
function rounds(p95: number, spread = 0.03, extra: Partial<RoundFigures> = {}): RoundFigures[] {
  return PATTERN.map((k) => {
    const f = 1 + k * spread;
    return { p50: p95 * 0.5 * f, p95: p95 * f, p99: p95 * 1.5 * f, rps: 500 * f, errors: 0, requests: 5_000, cpuPerRequest: 0, ...extra };
  });
}
/** Ten baseline runs whose levels differ a little, as runs on different runners do. */
const baselineRuns = (level: number) => [0.99, 1.01, 1, 0.98, 1.02, 1, 0.99, 1.01, 1.0, 1.0].map((f) => rounds(level * f));

function evidence(overrides: Partial<ScenarioEvidence>): ScenarioEvidence {
  return { name: 'search', policy: defaultGate(), openModel: false, baseline: baselineRuns(100), current: rounds(100), ...overrides };
}

function run(scenarios: ScenarioEvidence[], budgets: Parameters<typeof judge>[0]['budgets'] = []) {
  return judge({
    mode: 'stored-baseline',
    scenarios,
    budgets,
    alpha: 0.01,
    looks: { taken: 2, planned: 2 },
    extraRounds: [],
    warnings: [],
  });
}

const metric = (result: ReturnType<typeof run>, name: MetricComparison['metric'], scenario = 0) =>
  result.scenarios[scenario]!.metrics.find((m) => m.metric === name)!;

describe('judge', () => {
  it('passes an unchanged scenario, reporting levels, change and interval', () => {
    const result = run([evidence({})]);
    expect(result.verdict).toBe('pass');
    const p95 = metric(result, 'p95');
    expect(p95).toMatchObject({ verdict: 'unchanged', blocking: true, significant: false, decided: true });
    expect(p95.baseline).toBeCloseTo(100, 0);
    expect(Math.abs(p95.change)).toBeLessThan(0.01);
    expect(p95.interval[0]).toBeLessThan(0);
    expect(p95.interval[1]).toBeGreaterThan(0);
    // The error rate, with no error on either side, cannot reach significance: Tarone leaves it out of Holm's family.
    expect(result.method).toMatchObject({
      mode: 'stored-baseline',
      alpha: 0.01,
      holmFamily: 1,
      leftOut: 1,
      looks: 2,
      plannedLooks: 2,
      baselineRuns: 10,
    });
  });

  it('fails a clear p95 regression, and only blocking metrics count', () => {
    const result = run([evidence({ current: rounds(130) })]);
    expect(result.verdict).toBe('fail');
    expect(metric(result, 'p95')).toMatchObject({ verdict: 'regression', significant: true, decided: true });
    expect(metric(result, 'p95').change).toBeCloseTo(0.3, 2);
    // p50 regressed just as much, but informs by default.
    expect(metric(result, 'p50')).toMatchObject({ verdict: 'regression', blocking: false });
    expect(result.counts).toEqual({ regressions: 1, improvements: 0, inconclusive: 0, budgetsExceeded: 0, compared: 1, undecided: 0 });
    expect(result.scenarios[0]).toMatchObject({ verdict: 'regression', informing: ['p50', 'p99'] });
    expect(result.failed).toBe(true);
  });

  it('treats throughput as bigger-is-better', () => {
    const slower = rounds(100).map((r) => ({ ...r, rps: r.rps * 0.7 }));
    const policy = { ...defaultGate(), rps: { threshold: 0.1, blocking: true } };
    const result = run([evidence({ current: slower, policy })]);
    expect(metric(result, 'rps')).toMatchObject({ verdict: 'regression', higherIsWorse: false });
    expect(metric(result, 'rps').change).toBeCloseTo(-0.3, 2);
  });

  it('calls an improvement beyond the threshold an improvement, which never fails the gate', () => {
    const result = run([evidence({ current: rounds(70) })]);
    expect(metric(result, 'p95').verdict).toBe('improvement');
    expect(result.verdict).toBe('pass');
  });

  it('calls a change beyond the threshold that the noise could explain inconclusive', () => {
    // Very noisy rounds on both sides: +15 % is not distinguishable from noise.
    const noisyBaseline = [0.8, 1.2, 1, 0.75, 1.25, 1, 0.9, 1.1, 1.15, 0.85].map((f) => rounds(100 * f, 0.3));
    const result = run([evidence({ baseline: noisyBaseline, current: rounds(115, 0.3) })]);
    expect(metric(result, 'p95')).toMatchObject({ verdict: 'inconclusive', significant: false, decided: false });
    expect(result.verdict).toBe('inconclusive');
    expect(undecidedScenarios(result)).toEqual([
      {
        scenario: 'search',
        reasons: [expect.stringMatching(/^p95 \+1\d\.\d %, undecided against the 10 % threshold$/)],
        roundsFactor: expect.any(Number),
      },
    ]);
  });

  it('says "unchanged" only when the interval shows the change within the threshold; a run that cannot tell is not decided', () => {
    // Baseline runs 30 % apart: the estimate is near 0, but the interval reaches far beyond 10 %.
    const drifting = [0.7, 1.3, 1, 0.75, 1.25].map((f) => rounds(100 * f));
    const result = run([evidence({ baseline: drifting, current: rounds(100) })]);
    const p95 = metric(result, 'p95');
    expect(Math.abs(p95.change)).toBeLessThan(0.1);
    expect(p95.interval[1]).toBeGreaterThan(0.1);
    expect(p95).toMatchObject({ verdict: 'inconclusive', decided: false });
    expect(result.scenarios[0]!.verdict).toBe('inconclusive');
    expect(result.verdict).toBe('inconclusive');
    expect(result.counts).toMatchObject({ compared: 1, undecided: 1, inconclusive: 1 });
    // What the run could have seen at best, said wherever it cannot tell.
    expect(result.undecidedCatch).toEqual({ metric: 'p95', detectable: p95.detectable });
    expect(p95.detectable!).toBeGreaterThan(p95.interval[1]);
    // Whether that fails the check is the user's choice; by default it passes with the warning.
    expect(result.failed).toBe(false);
    const strict = judge({
      mode: 'stored-baseline',
      scenarios: [evidence({ baseline: drifting, current: rounds(100) })],
      budgets: [],
      alpha: 0.01,
      looks: { taken: 2, planned: 2 },
      extraRounds: [],
      warnings: [],
      failOn: 'inconclusive',
    });
    expect(strict).toMatchObject({ verdict: 'inconclusive', failed: true, failOn: 'inconclusive' });
  });

  it('calls a baseline whose runs drifted unsteady, follows their spread, and claims no change inside it', () => {
    // Five runs of main recorded while the machine was busy: their p95 levels range from 11 to 106 ms.
    const drifted = [11, 24, 40, 70, 106].map((level) => rounds(level, 0.03));
    const unchanged = run([evidence({ baseline: drifted, current: rounds(18, 0.03) })]);
    const p95 = metric(unchanged, 'p95');
    expect(p95.unsteady).toMatchObject({ range: [expect.closeTo(11, 0), expect.closeTo(106, 0)] });
    expect(p95.unsteady!.cv).toBeGreaterThan(0.5);
    expect(p95.noise!.source).toMatch(/^the baseline's own 5 runs, which disagree beyond the default prior 3 % between runs$/);
    // −57 % against the runs' geometric mean, but inside what the baseline's own runs did: not an improvement.
    expect(p95.change).toBeLessThan(-0.5);
    expect(p95.verdict).toBe('inconclusive');
    expect(unchanged.scenarios[0]!.metrics.filter((m) => m.verdict === 'improvement')).toEqual([]);
    expect(unchanged.verdict).toBe('inconclusive');
    // A steady baseline with the same geometric mean is not unsteady.
    const steady = run([evidence({ baseline: baselineRuns(36.6), current: rounds(36.6) })]);
    expect(metric(steady, 'p95').unsteady).toBeUndefined();
  });

  it('labels a row from the metrics it shows: an informing metric that moved is named beside it, never its verdict', () => {
    // p50 (informs by default) 30 % faster, p95 (blocks) as before.
    const current = rounds(100).map((r) => ({ ...r, p50: r.p50 * 0.7 }));
    const result = run([evidence({ current })]);
    expect(metric(result, 'p50')).toMatchObject({ verdict: 'improvement', blocking: false });
    expect(metric(result, 'p95').verdict).toBe('unchanged');
    expect(result.scenarios[0]).toMatchObject({ verdict: 'unchanged', informing: ['p50'] });
    expect(result.counts.improvements).toBe(0);
  });

  it('says "unchanged" for a significant change within the threshold', () => {
    // A suite whose history shows runs within 0.2 % of each other: the prior learnt from it is tight.
    const steady = [0.998, 1.002, 1, 0.999, 1.001, 1, 0.998, 1.002, 1, 1].map((f) => rounds(100 * f, 0.005));
    const history = Array.from({ length: 60 }, (_, i) => Math.log(100) + (i % 2 ? 0.001 : -0.001));
    // +7 %: significantly beyond the test's margin (a quarter of the threshold), and its interval within the threshold.
    const result = run([evidence({ baseline: steady, current: rounds(107, 0.005), history: { p95: history } })]);
    const p95 = metric(result, 'p95');
    expect(p95).toMatchObject({ verdict: 'unchanged', significant: true });
    expect(p95.change).toBeCloseTo(0.07, 3);
  });

  it('judges the error rate as an absolute change in percentage points', () => {
    const failing = rounds(100, 0.03, { errors: 150, requests: 5_000 });
    const result = run([evidence({ current: failing })]);
    const errors = metric(result, 'errorRate');
    expect(errors).toMatchObject({ verdict: 'regression', threshold: 0.01, blocking: true });
    expect(errors.change).toBeCloseTo(0.03, 6);
    expect(errors.current).toBeCloseTo(0.03, 6);
  });

  it('makes p99 advisory when there are too few tail samples, and throughput advisory in the open model', () => {
    const policy = { ...defaultGate(), p99: { threshold: 0.1, blocking: true }, rps: { threshold: 0.1, blocking: true } };
    const result = run([evidence({ policy, openModel: true, current: rounds(100, 0.03, { requests: 500 }) })]);
    expect(metric(result, 'p99')).toMatchObject({ blocking: false, advisory: expect.stringContaining('too few tail samples') });
    expect(metric(result, 'rps')).toMatchObject({ blocking: false, advisory: expect.stringContaining('open model') });
    expect(result.method.holmFamily).toBe(1);

    const plenty = run([
      evidence({
        policy,
        current: rounds(100, 0.03, { requests: 20_000 }),
        baseline: baselineRuns(100).map((r) => r.map((x) => ({ ...x, requests: 20_000 }))),
      }),
    ]);
    expect(metric(plenty, 'p99')).toMatchObject({ blocking: true });
    expect(metric(plenty, 'p99').advisory).toBeUndefined();
  });

  it('corrects for the number of blocking metrics (Holm) across scenarios', () => {
    const one = run([evidence({ current: rounds(112) })]);
    const many = run(Array.from({ length: 20 }, (_, i) => evidence({ name: `s${i}`, current: rounds(112) })));
    expect(many.method).toMatchObject({ holmFamily: 20, leftOut: 20 });
    expect(metric(many, 'p95').adjustedPValue!).toBeGreaterThan(metric(one, 'p95').adjustedPValue!);
  });

  it('keeps in the family an error rate that could reach significance, and claims a change only beyond the margin', () => {
    // 3 errors in the current run's 25,000 requests: the test could be significant, so it stays in the family (Tarone).
    const erring = run([evidence({ current: rounds(100).map((r, i) => ({ ...r, errors: i < 3 ? 1 : 0 })) })]);
    expect(erring.method).toMatchObject({ holmFamily: 2, leftOut: 0 });
    // A/B, deployments known to differ by 0.3 %: +3 % is far beyond no change, but not significantly beyond a quarter of the 10 %
    // threshold.
    const small = judge({
      mode: 'interleaved',
      scenarios: [evidence({ baseline: [rounds(100, 0.001)], current: rounds(103, 0.001) })],
      budgets: [],
      alpha: 0.01,
      looks: { taken: 1, planned: 1 },
      deploymentNoise: 0.003,
      extraRounds: [],
      warnings: [],
    }).scenarios[0]!.metrics.find((m) => m.metric === 'p95')!;
    expect(small.pValue!).toBeLessThan(0.001);
    expect(small).toMatchObject({ significant: false, verdict: 'unchanged' });
  });

  it('lists new and missing scenarios without judging them', () => {
    const result = run([evidence({ name: 'new', baseline: [] }), evidence({ name: 'gone', current: [] })]);
    expect(result.scenarios.map((s) => [s.name, s.status, s.metrics.length])).toEqual([
      ['new', 'new', 0],
      ['gone', 'missing', 0],
    ]);
    expect(result.verdict).toBe('neutral');
  });

  it('fails on an exceeded budget even without a regression', () => {
    const result = run([evidence({})], [{ scenario: 'search', metric: 'p95', limit: 50, actual: 100, passed: false }]);
    expect(result.verdict).toBe('fail');
    expect(result.counts.budgetsExceeded).toBe(1);
  });

  it('spends alpha over two planned looks: a small share at the first, the rest at the final one', () => {
    const shares = [1, 2].map((taken) => 1 / lookAlphaFactor({ taken, planned: 2 }));
    expect(shares.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(shares[0]).toBeLessThan(shares[1]!);
    expect(lookAlphaFactor({ taken: 1, planned: 1 })).toBe(1);
  });

  it('states the smallest regression each blocking metric could catch, never below its threshold', () => {
    const result = run([evidence({})]);
    const p95 = metric(result, 'p95');
    expect(p95.detectable).toBeGreaterThan(0.1);
    expect(p95.detectable).toBeLessThan(0.5);
    // A noisier baseline can only catch larger regressions.
    const noisy = metric(
      run([evidence({ baseline: baselineRuns(100).map((r, i) => r.map((x) => ({ ...x, p95: x.p95 * (i % 2 ? 1.08 : 0.92) }))) })]),
      'p95',
    );
    expect(noisy.detectable!).toBeGreaterThan(p95.detectable!);
    expect(metric(result, 'errorRate').detectable).toBeGreaterThanOrEqual(0.01);
  });

  it('decides a 55 % slowdown against a baseline of 3 runs (the run-to-run variance moderated toward its prior)', () => {
    const young = baselineRuns(100).slice(0, 3);
    const result = run([evidence({ baseline: young, current: rounds(155) })]);
    expect(metric(result, 'p95')).toMatchObject({ verdict: 'regression', significant: true });
    expect(metric(result, 'p95').noise).toMatchObject({ kind: 'run', df: 6 + 2 });
    expect(metric(result, 'p95').noise!.source).toMatch(/default prior/);
  });

  it('leaves an outlier baseline run out, names it, and still catches a 20 % slowdown', () => {
    const runs = baselineRuns(100).slice(0, 5);
    runs[2] = rounds(135);
    const labels = ['aaaaaaa (1)', 'bbbbbbb (2)', 'ccccccc (3)', 'ddddddd (4)', 'eeeeeee (5)'];
    const result = run([evidence({ baseline: runs, baselineLabels: labels, current: rounds(120) })]);
    const p95 = metric(result, 'p95');
    expect(p95.outliers).toEqual([expect.stringMatching(/^ccccccc \(3\) \(\+3\d\.\d % from the other runs\)$/)]);
    expect(p95.verdict).toBe('regression');
    expect(p95.baseline).toBeCloseTo(100, 0);
  });

  it('learns the run-to-run noise from the history of earlier runs', () => {
    const wide = Array.from({ length: 40 }, (_, i) => Math.log(100) + (i % 2 ? 0.08 : -0.08));
    const calm = Array.from({ length: 40 }, (_, i) => Math.log(100) + (i % 2 ? 0.005 : -0.005));
    const young = baselineRuns(100).slice(0, 3);
    const withHistory = (history: number[]) =>
      metric(run([evidence({ baseline: young, current: rounds(118), history: { p95: history } })]), 'p95');
    expect(withHistory(wide).noise!.source).toMatch(/^40 earlier recorded runs/);
    expect(withHistory(wide).detectable!).toBeGreaterThan(withHistory(calm).detectable!);
    expect(withHistory(calm).verdict).toBe('regression');
    expect(withHistory(wide).verdict).not.toBe('regression');
  });

  it('stands on a history worth 20 degrees of freedom alone: the default prior and the margin both fall away', () => {
    // Successive runs 10 % apart: the history measures a run-to-run CV near 5 %, far from the 3 % default.
    const history = (length: number) => Array.from({ length }, (_, i) => Math.log(100) + (i % 2 ? 0.05 : -0.05));
    const young = baselineRuns(100).slice(0, 3);
    const judged = (length: number) =>
      metric(run([evidence({ baseline: young, current: rounds(112), history: { p95: history(length) } })]), 'p95');
    // How much less significant the claim is than the no-change test's one-sided p (the looks' share aside, the same for both).
    const againstNoChange = (m: MetricComparison) => m.adjustedPValue! / (m.pValue! / 2);
    const enough = judged(61);
    expect(enough.noise).toMatchObject({ source: '61 earlier recorded runs', df: 20 + 2, assumed: false });
    const short = judged(58);
    expect(short.noise).toMatchObject({ source: '58 earlier recorded runs with the default prior 3 % between runs', df: 6 + 19 + 2 });
    // Against the margin a change is less significant than its no-change p says; without it, exactly as significant.
    expect(againstNoChange(short)).toBeGreaterThan(againstNoChange(enough) * 1.3);
    expect(againstNoChange(enough)).toBeCloseTo(againstNoChange(judged(70)), 10);
  });

  it('keeps latencies of rounds where the generator was saturated from blocking', () => {
    const saturated = (r: RoundFigures[]) => r.map((x) => ({ ...x, saturated: true }));
    const some = rounds(150).map((x, i) => (i < 2 ? { ...x, saturated: true } : x));
    const partly = metric(run([evidence({ current: some })]), 'p95');
    expect(partly).toMatchObject({ blocking: true, verdict: 'regression' });
    const all = run([evidence({ current: saturated(rounds(150)) })]);
    expect(metric(all, 'p95')).toMatchObject({ blocking: false, verdict: 'regression' });
    expect(metric(all, 'p95').advisory).toMatch(/saturated in 5 of 55 rounds/);
    expect(all.verdict).toBe('pass');
  });

  it('carries the deployment noise in the A/B mode, and learns it from A/A records', () => {
    const pairs = (slowdown: number, extra: Partial<ScenarioEvidence> = {}, noise?: number) =>
      judge({
        mode: 'interleaved',
        scenarios: [evidence({ baseline: [rounds(100)], current: rounds(100 * slowdown), ...extra })],
        budgets: [],
        alpha: 0.01,
        looks: { taken: 1, planned: 1 },
        ...(noise === undefined ? {} : { deploymentNoise: noise }),
        extraRounds: [],
        warnings: [],
      }).scenarios[0]!.metrics.find((m) => m.metric === 'p95')!;
    expect(pairs(1.3).noise).toMatchObject({
      kind: 'deployment',
      source: expect.stringMatching(/default prior 1 % per deployment/),
      assumed: true,
    });
    expect(pairs(1.3, {}, 0.01).noise).toMatchObject({ source: 'gate.deployment_noise 1 %', assumed: false });
    expect(pairs(1.3).verdict).toBe('regression');
    expect(pairs(1.3, {}, 0.2).verdict).toBe('inconclusive');
    const noisyRecords = [0.2, -0.15, 0.18, -0.22].map((logRatio) => ({ logRatio, variance: 0.0001 }));
    const learnt = pairs(1.3, { aa: { p95: noisyRecords } });
    // Enough records of its own: the suite's figure replaces the default outright.
    expect(learnt.noise).toMatchObject({ source: '4 A/A records', df: 4, assumed: false });
    expect(pairs(1.3, { aa: { p95: noisyRecords.slice(0, 2) } }).noise!.source).toBe(
      '2 A/A records with the default prior 1 % per deployment',
    );
    expect(learnt.noise!.cv).toBeGreaterThan(0.08);
    expect(learnt.verdict).toBe('inconclusive');
  });

  it('measures no more of a scenario whose regression is decided, whatever its other metrics', () => {
    // p95 60 % slower, decided; the error rate, from 40 requests a round, cannot be decided by these rounds.
    const result = run([evidence({ current: rounds(160, 0.03, { requests: 40 }) })]);
    expect(metric(result, 'p95')).toMatchObject({ verdict: 'regression', decided: true });
    expect(metric(result, 'errorRate').decided).toBe(false);
    expect(undecidedScenarios(result)).toEqual([]);
  });

  it('plans more rounds only while they narrow the interval', () => {
    const floor = (rounds: number) => Math.sqrt(0.0025 + 0.0001 / rounds);
    const roundNoise = (rounds: number) => Math.sqrt(0.0001 + 0.01 / rounds);
    expect(roundsFactor(floor, 5, 'stored-baseline')).toBeNull();
    expect(roundsFactor(roundNoise, 5, 'stored-baseline')).toBe(4);
    expect(roundsFactor(roundNoise, 5, 'interleaved')).toBeGreaterThan(4);
  });
});
