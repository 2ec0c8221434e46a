import type { MetricComparison, ScenarioComparison } from '../stats/verdict.js';
import { mermaidText } from './escape.js';

/** Scenarios beyond this many are left out of the chart (it would be unreadable). */
export const CHART_MAX_SCENARIOS = 8;

const PERCENTILES = ['p50', 'p95', 'p99'] as const;

/**
 * A Mermaid xychart (GitHub renders it) of the baseline's and the current p50, p95 and p99 of
 * each compared scenario: the baseline as bars, the current run as a line, in ms, from zero.
 * xychart has no legend, so the caption says which is which. Null when nothing can be charted.
 */
export function latencyChart(scenarios: ScenarioComparison[]): string | null {
  const chartable = scenarios.filter((s) => s.status === 'compared' && PERCENTILES.every((p) => find(s, p)));
  if (chartable.length === 0) return null;
  const shown = chartable.slice(0, CHART_MAX_SCENARIOS);
  const labels: string[] = [];
  const baseline: number[] = [];
  const current: number[] = [];
  for (const scenario of shown) {
    for (const p of PERCENTILES) {
      const m = find(scenario, p)!;
      labels.push(`"${mermaidText(scenario.name, 16)} ${p}"`);
      baseline.push(finite(m.baseline));
      current.push(finite(m.current));
    }
  }
  const top = niceCeiling(Math.max(...baseline, ...current) * 1.05);
  const lines = [
    `**Latency** (ms): baseline as bars, this run as a line${shown.length < chartable.length ? ` · the first ${shown.length} of ${chartable.length} compared scenarios` : ''}`,
    '',
    '```mermaid',
    'xychart-beta',
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis "ms" 0 --> ${number(top)}`,
    `  bar [${baseline.map(number).join(', ')}]`,
    `  line [${current.map(number).join(', ')}]`,
    '```',
  ];
  return lines.join('\n');
}

function find(scenario: ScenarioComparison, metric: MetricComparison['metric']): MetricComparison | undefined {
  return scenario.metrics.find((m) => m.metric === metric);
}

function finite(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** A number as Mermaid reads it: plain decimal (its grammar has no exponent), at most 3 decimals (µs). */
function number(value: number): string {
  const text = String(Number(value.toFixed(3)));
  return /^\d+(\.\d+)?$/.test(text) ? text : '0';
}

/** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at or above x: the top of the y-axis. */
function niceCeiling(x: number): number {
  const value = Math.max(x, 0.01);
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const candidate = Number((step * power).toPrecision(3));
    if (candidate >= value) return candidate;
  }
  return Number((10 * power).toPrecision(3));
}
