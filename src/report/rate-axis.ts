import { keep, type YAxis } from './chart.js';

/** How far a paced scenario's req/s axis reaches either side of its target rate, at the least. */
const AROUND_TARGET = 0.1;

/**
 * Where a req/s axis runs. A closed scenario's throughput is a ratio scale: from 0, so a change
 * looks as large as it is. A paced (open-model) scenario's rate is what it was asked for, and
 * its achieved rate is read against that: ±10 % around the target, widened to the data, so that
 * 99.4 against a target of 100 reads as the 0.6 % it is, not as a swing from the axis' foot to its top.
 */
export function rateAxis(values: (number | null)[], target: number | undefined): Pick<YAxis, 'min' | 'max'> {
  if (target === undefined || !(target > 0)) return { min: 0 };
  const seen = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    min: keep(Math.max(0, Math.min(target * (1 - AROUND_TARGET), ...seen))),
    max: keep(Math.max(target * (1 + AROUND_TARGET), ...seen)),
  };
}
