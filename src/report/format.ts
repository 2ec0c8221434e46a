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
