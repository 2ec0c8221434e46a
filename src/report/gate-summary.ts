import type { MetricComparison, ScenarioComparison } from '../stats/verdict.js';
import { METRIC_LABEL, formatChange, formatInterval } from './gate-facts.js';
import { detectableCell } from './gate-noise.js';

/** A scenario's summary, as the PR comment's summary table and the HTML report's show it: one row each. */

export const SYMBOL = { regression: '🔴', inconclusive: '🟡', improvement: '🟢', unchanged: '⚪' } as const;

/** The blocking metrics of any scenario, in the gate's order: the summary's columns. */
export function summaryColumns(scenarios: ScenarioComparison[]): MetricComparison['metric'][] {
  const columns: MetricComparison['metric'][] = [];
  for (const scenario of scenarios) {
    for (const m of scenario.metrics) if (m.blocking && !columns.includes(m.metric)) columns.push(m.metric);
  }
  const order = scenarios.flatMap((s) => s.metrics.map((m) => m.metric));
  return columns.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** The header of the summary table, the scenario's name first. */
export function summaryHeader(columns: MetricComparison['metric'][]): string[] {
  return ['scenario', 'verdict', ...columns.map((metric) => METRIC_LABEL[metric]), 'could catch'];
}

/** A scenario's row after its name: verdict, each column's change with its interval, what it could catch. Plain text. */
export function summaryCells(scenario: ScenarioComparison, overBudget: boolean, columns: MetricComparison['metric'][]): string[] {
  const empty = columns.map(() => '');
  const budget = overBudget ? ', over budget' : '';
  if (scenario.status === 'new') return [`🆕 new: no baseline yet${budget}`, ...empty, ''];
  if (scenario.status === 'missing') return ['➖ not measured in this run', ...empty, ''];
  const { metrics } = scenario;
  const blocking = (metric: MetricComparison['metric']) => metrics.find((m) => m.metric === metric && m.blocking);
  const catches = metrics.filter((m) => detectableCell(m) !== '').map((m) => `${METRIC_LABEL[m.metric]} ${detectableCell(m)}`);
  return [
    `${scenarioSymbol(metrics)} ${scenarioVerdict(metrics)}${budget}`,
    ...columns.map((metric) => {
      const m = blocking(metric);
      return m === undefined ? '' : changeCell(m);
    }),
    catches.join(', '),
  ];
}

/** The scenario's headline symbol: its most serious finding. */
export function scenarioSymbol(metrics: MetricComparison[]): string {
  if (metrics.some((m) => m.blocking && m.verdict === 'regression')) return SYMBOL.regression;
  if (metrics.some((m) => m.blocking && m.verdict === 'inconclusive')) return SYMBOL.inconclusive;
  if (metrics.some((m) => m.verdict === 'regression')) return '🟠';
  if (metrics.some((m) => m.verdict === 'improvement')) return SYMBOL.improvement;
  return SYMBOL.unchanged;
}

/** The scenario's verdict in words, matching its symbol. */
function scenarioVerdict(metrics: MetricComparison[]): string {
  if (metrics.some((m) => m.blocking && m.verdict === 'regression')) return 'regression';
  if (metrics.some((m) => m.blocking && m.verdict === 'inconclusive')) return 'inconclusive';
  if (metrics.some((m) => m.verdict === 'regression')) return 'regression (not blocking)';
  if (metrics.some((m) => m.verdict === 'improvement')) return 'improvement';
  return 'unchanged';
}

/** The change and its interval; the interval alone is left out when it is a point (e.g. no errors on either side). */
export function changeCell(m: MetricComparison): string {
  const [low, high] = m.interval;
  if (low === high && low === m.change) return formatChange(m);
  return `${formatChange(m)} (${formatInterval(m)})`;
}
