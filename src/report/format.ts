import { boundedFigure, formatSignedPercent } from '../config/units.js';

/**
 * Number formats shared by every report: latencies in ms/s, rates, percentages, counts. Every
 * figure goes through boundedFigure: past its limit it prints as the bound ("> +10,000 %"),
 * never as "3e+260" or "Infinity".
 */

export function formatMs(ms: number): string {
  // NaN takes this branch too, to print "n/a".
  if (!(ms < 10_000)) return boundedFigure(ms / 1000, (s) => s.toFixed(1), { limit: 1_000_000, unit: ' s' });
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatRate(rps: number): string {
  return boundedFigure(rps, (r) => (r >= 100 ? formatCount(Math.round(r)) : r.toFixed(1)), { limit: 1e9 });
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A fraction as a percentage: 0.0123 → "1.23%", 0 → "0%". */
export function formatPercent(fraction: number): string {
  if (fraction === 0) return '0%';
  return boundedFigure(fraction * 100, (percent) => String(Number(percent.toFixed(percent >= 10 ? 1 : percent >= 0.1 ? 2 : 3))), {
    unit: '%',
  });
}

/**
 * A relative change as a signed percentage: 0.182 → "+18.2 %", -0.031 → "-3.1 %"; past a
 * hundredfold (a change from a baseline near 0, infinity included) "> +10,000 %".
 */
export function formatRelativeChange(change: number, digits = 1): string {
  return formatSignedPercent(change, digits);
}

/** A change of a fraction as signed percentage points: 0.004 → "+0.40 pp". */
export function formatPointChange(change: number, digits = 2): string {
  return formatSignedPercent(change, digits, ' pp');
}

/** An unsigned share as a percentage with a space, for thresholds and levels: 0.1 → "10 %", 0.999 → "99.9 %". */
export function formatShare(fraction: number): string {
  return boundedFigure(fraction * 100, (percent) => String(Number(percent.toFixed(2))), { unit: ' %' });
}

/** CPU utilisation in cores as top shows it: 0.8 → "80%" (of one core); past 10,000 cores, the bound. */
export function formatCores(cores: number): string {
  return boundedFigure(cores * 100, (percent) => String(Math.round(percent * 10) / 10), { limit: 1_000_000, unit: '%' });
}
