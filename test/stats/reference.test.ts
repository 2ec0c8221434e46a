import { describe, expect, it } from 'vitest';
import { fUpperP, incompleteBeta, normalQuantile, normalTwoSidedP, tQuantile, tTwoSidedP } from '../../src/stats/distributions.js';
import { logChangeTest, pairedChange, storedBaselineChange } from '../../src/stats/log-change.js';
import { deploymentNoisePrior } from '../../src/stats/noise.js';
import { proportionChange } from '../../src/stats/proportions.js';
import { holmAdjust } from '../../src/stats/holm.js';

// Every expected value below was computed with SciPy 1.10 (Debian 12's python3-scipy) on
// 2026-11-23, with the expressions given in the comments.

describe('distributions agree with SciPy', () => {
  it('regularized incomplete beta (scipy.special.betainc)', () => {
    expect(incompleteBeta(0.4, 2, 3)).toBeCloseTo(0.5248, 12);
    expect(incompleteBeta(0.2, 0.5, 9.5)).toBeCloseTo(0.9579137132894984, 12);
    expect(incompleteBeta(0.45, 50, 60)).toBeCloseTo(0.4642352914306031, 12);
  });

  it("Student's t two-sided p (2 * scipy.stats.t.sf(t, df))", () => {
    const cases: [number, number, number][] = [
      [2.0, 10, 0.07338803477074037],
      [3.0, 5, 0.030099247897462586],
      [0.5, 3, 0.651447964848151],
      [5.5, 9, 0.00038018598868167506],
      [1.0, 1, 0.5],
      [8.0, 30, 6.265822475700759e-9],
    ];
    for (const [t, df, p] of cases) {
      expect(tTwoSidedP(t, df) / p).toBeCloseTo(1, 9);
      expect(tTwoSidedP(-t, df) / p).toBeCloseTo(1, 9);
    }
  });

  it("Student's t quantiles (scipy.stats.t.ppf(p, df))", () => {
    // As a printed t table: by degrees of freedom, then by p.
    const table: Record<number, Record<number, number>> = {
      1: { 0.975: 12.706204736174694 },
      4: { 0.9975: 5.597568367075492 },
      9: { 0.95: 1.833112932656237, 0.975: 2.262157162798205, 0.995: 3.249835541592126 },
      30: { 0.975: 2.0422724563012378 },
      200: { 0.95: 1.6525081009108769 },
    };
    for (const [df, row] of Object.entries(table)) {
      for (const [p, t] of Object.entries(row)) expect(tQuantile(Number(p), Number(df)), `p ${p}, df ${df}`).toBeCloseTo(t, 9);
    }
    expect(tQuantile(0.025, 9)).toBeCloseTo(-2.262157162798205, 9);
  });

  it("Fisher's F upper tail (scipy.stats.f.sf(f, d1, d2))", () => {
    const cases: [number, number, number, number][] = [
      [9.15, 4, 6, 0.009995403295043727],
      [13.75, 1, 6, 0.009992056204088022],
      [3.48, 4, 10, 0.04992722707010811],
      [0.5, 3, 8, 0.6926248669438465],
    ];
    for (const [f, d1, d2, p] of cases) expect(fUpperP(f, d1, d2)).toBeCloseTo(p, 9);
    expect(fUpperP(0, 4, 6)).toBe(1);
  });

  it('normal quantiles and two-sided p (scipy.stats.norm.ppf, 2 * norm.sf)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 6);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 6);
    expect(normalQuantile(0.9999)).toBeCloseTo(3.719016485455709, 5);
    expect(normalTwoSidedP(1.96)).toBeCloseTo(0.04999579029644087, 7);
    expect(normalTwoSidedP(-3)).toBeCloseTo(0.0026997960632601866, 7);
    expect(normalTwoSidedP(0.3)).toBeCloseTo(0.7641771556220948, 7);
  });
});

describe('tests agree with SciPy on fixed samples', () => {
  it('paired t on log ratios (scipy.stats.ttest_rel(log c, log b), confidence_interval(0.99))', () => {
    const base = [21.3, 20.8, 22.1, 21.7, 20.9, 21.5];
    const candidate = [23.9, 22.7, 24.6, 23.1, 23.8, 24.4];
    // No deployment noise: the plain paired t.
    const change = pairedChange(
      base.map((b, i) => [b, candidate[i]!]),
      deploymentNoisePrior(0),
    );
    const { pValue, interval } = logChangeTest(change, 0.99);
    expect(change.estimate).toBeCloseTo(0.10478985571171957, 12);
    expect(change.estimate / change.standardError).toBeCloseTo(9.980543769307339, 9);
    expect(pValue! / 0.0001725514951563098).toBeCloseTo(1, 8);
    expect(interval[0]).toBeCloseTo(0.06245471934819269, 9);
    expect(interval[1]).toBeCloseTo(0.14712499207524646, 9);
  });

  it('stored baseline: a new run mean against K run means (t = Δ / (s_B √(1 + 1/K)), df K − 1)', () => {
    // numpy: lm = log(runs).mean(axis=1); d = log(cur).mean() - lm.mean(); se = sqrt(var(lm, ddof=1) * (1 + 1/K))
    const runs = [
      [10.2, 10.5, 9.9, 10.1, 10.4],
      [10.8, 10.6, 11.0, 10.7, 10.9],
      [9.8, 10.0, 9.7, 10.1, 9.9],
      [10.3, 10.2, 10.6, 10.4, 10.1],
    ];
    const current = [11.6, 11.9, 11.4, 12.0, 11.7];
    // A prior worth no degrees of freedom: the baseline's own spread alone, as numpy computes it.
    const change = storedBaselineChange(runs, current, {
      runVariance: () => ({ variance: 0, df: 0, source: 'none', assumed: false, measuredDf: 0 }),
    });
    const { pValue, interval } = logChangeTest(change, 0.99);
    expect(change.estimate).toBeCloseTo(0.1286389042871745, 12);
    expect(change.standardError).toBeCloseTo(0.04022255007207295, 12);
    expect(change.df).toBe(3);
    expect(pValue!).toBeCloseTo(0.049400640316041605, 10);
    expect(interval[0]).toBeCloseTo(-0.1062973628900124, 9);
    expect(interval[1]).toBeCloseTo(0.3635751714643614, 9);
  });

  it('two-proportion pooled z test (z = Δp / sqrt(p̄(1 − p̄)(1/n1 + 1/n2)), 2 * norm.sf(|z|))', () => {
    // One round per side: no rounds to estimate dispersion from, so φ = 1 and this is the plain test.
    const change = proportionChange([{ errors: 12, requests: 10_000 }], [{ errors: 40, requests: 10_000 }], 0.99);
    expect(change.dispersion).toBe(1);
    expect(change.estimate).toBeCloseTo(0.0028, 12);
    expect(change.pValue!).toBeCloseTo(0.00010109069295549765, 9);
    expect(change.interval[0]).toBeGreaterThan(0);
    expect(change.interval[1]).toBeGreaterThan(0.0028);
  });

  it("Holm's adjustment (R: p.adjust(c(.01,.02,.03,.04,.05), 'holm'))", () => {
    const adjusted = holmAdjust([0.03, 0.01, 0.05, 0.02, 0.04]);
    [0.09, 0.05, 0.09, 0.08, 0.09].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
  });
});

describe('proportions with clustered errors', () => {
  it('widens the evidence when the errors come in bursts', () => {
    const steady = Array.from({ length: 5 }, () => ({ errors: 10, requests: 2_000 }));
    const bursty = [50, 0, 0, 0, 0].map((errors) => ({ errors, requests: 2_000 }));
    const baseline = Array.from({ length: 10 }, () => ({ errors: 2, requests: 2_000 }));
    const fromSteady = proportionChange(baseline, steady, 0.99);
    const fromBursts = proportionChange(baseline, bursty, 0.99);
    expect(fromSteady.estimate).toBeCloseTo(fromBursts.estimate, 12);
    expect(fromBursts.dispersion).toBeGreaterThan(5);
    expect(fromBursts.pValue!).toBeGreaterThan(fromSteady.pValue! * 100);
  });

  it('reports no change with no errors on either side', () => {
    const clean = [{ errors: 0, requests: 1_000 }];
    expect(proportionChange(clean, clean, 0.99)).toMatchObject({ estimate: 0, pValue: 1 });
  });
});
