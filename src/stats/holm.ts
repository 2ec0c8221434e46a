/**
 * Holm's step-down adjustment (Holm 1979): controls the family-wise error rate over several
 * tests, uniformly more powerful than Bonferroni. Returns adjusted p-values in input order;
 * a test is significant at level α when its adjusted p < α.
 */
export function holmAdjust(pValues: number[]): number[] {
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}
