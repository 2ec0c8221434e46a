export { seededRandom } from './seeded-random.mjs';

/** A standard normal draw (Box–Muller). */
export function normalDraw(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** σ of the log of a log-normal variable with this coefficient of variation. */
export function logSigma(cv: number): number {
  return Math.sqrt(Math.log1p(cv * cv));
}
