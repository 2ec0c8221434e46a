/** Number formats shared by every report: latencies in ms/s, rates, percentages, counts. */

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatRate(rps: number): string {
  return rps >= 100 ? formatCount(Math.round(rps)) : rps.toFixed(1);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A fraction as a percentage: 0.0123 → "1.23%", 0 → "0%". */
export function formatPercent(fraction: number): string {
  if (fraction === 0) return '0%';
  const percent = fraction * 100;
  const digits = percent >= 10 ? 1 : percent >= 0.1 ? 2 : 3;
  return `${Number(percent.toFixed(digits))}%`;
}

/** A name from the suite file made safe for a Markdown table cell: pipes escaped, one line. */
export function tableCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/**
 * A signed number with a fixed number of decimals; no sign when it rounds to zero:
 * (18.24, 1) → "+18.2", (-3, 1) → "-3.0", (0.01, 1) → "0.0". Non-finite values print "n/a".
 */
export function formatSigned(value: number, digits: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const fixed = Math.abs(value).toFixed(digits);
  if (Number(fixed) === 0) return fixed;
  return `${value > 0 ? '+' : '-'}${fixed}`;
}

/** A relative change as a signed percentage: 0.182 → "+18.2 %", -0.031 → "-3.1 %". */
export function formatRelativeChange(change: number, digits = 1): string {
  return Number.isFinite(change) ? `${formatSigned(change * 100, digits)} %` : 'n/a';
}

/** A change of a fraction as signed percentage points: 0.004 → "+0.40 pp". */
export function formatPointChange(change: number, digits = 2): string {
  return Number.isFinite(change) ? `${formatSigned(change * 100, digits)} pp` : 'n/a';
}

/** An unsigned share as a percentage with a space, for thresholds and levels: 0.1 → "10 %", 0.999 → "99.9 %". */
export function formatShare(fraction: number): string {
  if (!Number.isFinite(fraction)) return 'n/a';
  return `${Number((fraction * 100).toFixed(2))} %`;
}

/** CPU utilisation in cores as top shows it: 0.8 → "80% CPU" (of one core). */
export function formatCores(cores: number): string {
  return `${Math.round(cores * 1000) / 10}%`;
}
