import { normalQuantile, normalTwoSidedP } from './distributions.js';

/** Errors and requests of one round. */
export interface RoundCount {
  errors: number;
  requests: number;
}

export interface ProportionChange {
  baselineRate: number;
  currentRate: number;
  /** Absolute change current − baseline (0.004 = +0.4 percentage points). */
  estimate: number;
  pValue: number;
  interval: [number, number];
  /** Extra-binomial dispersion factor applied (1 = errors as independent as coin flips). */
  dispersion: number;
}

/**
 * The error rate: a test on proportions (pooled two-proportion z test) with an Agresti–Caffo
 * interval for the difference (add one error and one success to each side: good coverage even
 * at zero errors; Agresti & Caffo, The American Statistician 2000).
 *
 * Errors are not independent coin flips: a deploy hiccup fails a burst of requests in one
 * round. Both the test and the interval are widened by the quasi-binomial dispersion factor
 * φ = Pearson χ² / df over the rounds of both sides (floored at 1), so that one bad round is
 * weighed as one bad round, not as hundreds of independent failures.
 */
export function proportionChange(baseline: RoundCount[], current: RoundCount[], level: number): ProportionChange {
  const total = (rounds: RoundCount[]) =>
    rounds.reduce((sum, r) => ({ errors: sum.errors + r.errors, requests: sum.requests + r.requests }), { errors: 0, requests: 0 });
  const b = total(baseline);
  const c = total(current);
  const baselineRate = b.requests > 0 ? b.errors / b.requests : 0;
  const currentRate = c.requests > 0 ? c.errors / c.requests : 0;
  const estimate = currentRate - baselineRate;
  const dispersion = dispersionFactor([
    [baseline, baselineRate],
    [current, currentRate],
  ]);

  const pooled = (b.errors + c.errors) / (b.requests + c.requests);
  const pooledVariance = dispersion * pooled * (1 - pooled) * (1 / b.requests + 1 / c.requests);
  const pValue = pooledVariance > 0 ? normalTwoSidedP(estimate / Math.sqrt(pooledVariance)) : estimate === 0 ? 1 : 0;

  const pb = (b.errors + 1) / (b.requests + 2);
  const pc = (c.errors + 1) / (c.requests + 2);
  const half =
    normalQuantile(1 - (1 - level) / 2) * Math.sqrt(dispersion * ((pb * (1 - pb)) / (b.requests + 2) + (pc * (1 - pc)) / (c.requests + 2)));
  const center = pc - pb;
  return {
    baselineRate,
    currentRate,
    estimate,
    pValue,
    interval: [Math.max(-1, center - half), Math.min(1, center + half)],
    dispersion,
  };
}

function dispersionFactor(sides: [RoundCount[], number][]): number {
  let chiSquare = 0;
  let rounds = 0;
  for (const [side, rate] of sides) {
    for (const round of side) {
      if (round.requests === 0) continue;
      rounds += 1;
      const expected = round.requests * rate;
      const variance = expected * (1 - rate);
      if (variance > 0) chiSquare += (round.errors - expected) ** 2 / variance;
    }
  }
  const df = rounds - sides.length;
  return df > 0 ? Math.max(1, chiSquare / df) : 1;
}
