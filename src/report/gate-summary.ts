import type { MetricComparison, ScenarioComparison } from '../result/verdict.js';
import { METRIC_LABEL } from '../result/metrics.js';
import { VERDICT_WORD, errorFree, formatChange, formatInterval } from './gate-facts.js';
import { detectableCell } from './gate-noise.js';

/** A scenario's summary, as the PR comment's summary table and the HTML report's show it: one row each. */

export const SYMBOL = { regression: '🔴', inconclusive: '🟡', improvement: '🟢', unchanged: '⚪' } as const;

/**
 * The blocking metrics of any scenario, in the gate's order: the summary's columns. The error
 * rate only where a side had errors: a column of "0.00 pp" rows says nothing.
 */
export function summaryColumns(scenarios: ScenarioComparison[]): MetricComparison['metric'][] {
  const columns: MetricComparison['metric'][] = [];
  for (const scenario of scenarios) {
    for (const m of scenario.metrics) if (m.blocking && !errorFree(m) && !columns.includes(m.metric)) columns.push(m.metric);
  }
  const order = scenarios.flatMap((s) => s.metrics.map((m) => m.metric));
  return columns.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** The header of the summary table, the scenario's name first. */
export function summaryHeader(columns: MetricComparison['metric'][]): string[] {
  return ['scenario', 'verdict', ...columns.map((metric) => METRIC_LABEL[metric]), 'could catch'];
}

/**
 * A scenario's row after its name: verdict, each column's change with its interval, what it could
 * catch. An error rate neither side had is left blank, in its cell and in what the row could catch. Plain text.
 */
export function summaryCells(scenario: ScenarioComparison, overBudget: boolean, columns: MetricComparison['metric'][]): string[] {
  const empty = columns.map(() => '');
  const budget = overBudget ? ', over budget' : '';
  if (scenario.status === 'new') return [`🆕 new: no baseline yet${budget}`, ...empty, ''];
  if (scenario.status === 'missing') return ['➖ not measured in this run', ...empty, ''];
  const { metrics } = scenario;
  const blocking = (metric: MetricComparison['metric']) => metrics.find((m) => m.metric === metric && m.blocking && !errorFree(m));
  const catches = metrics
    .filter((m) => detectableCell(m) !== '' && !errorFree(m))
    .map((m) => `${METRIC_LABEL[m.metric]} ${detectableCell(m)}`);
  return [
    `${scenarioSymbol(scenario)} ${VERDICT_WORD[scenario.verdict ?? 'inconclusive']}${budget}${informingNote(scenario)}`,
    ...columns.map((metric) => {
      const m = blocking(metric);
      return m === undefined ? '' : changeCell(m);
    }),
    catches.join(', '),
  ];
}

/** The scenario's symbol: its verdict's, as the gate gave it. */
export function scenarioSymbol(scenario: ScenarioComparison): string {
  return SYMBOL[scenario.verdict ?? 'inconclusive'];
}

/**
 * Metrics that moved beyond their threshold but only inform: named beside the verdict, with what
 * would make them count, so that the row never takes its word from a metric it does not show.
 */
function informingNote(scenario: ScenarioComparison): string {
  const moved = (scenario.informing ?? []).flatMap((metric) => scenario.metrics.filter((m) => m.metric === metric));
  if (moved.length === 0) return '';
  const items = moved.map((m) => `${METRIC_LABEL[m.metric]} ${formatChange(m)}`).join(', ');
  return ` · ${items} (${moved.length === 1 ? 'informs' : 'inform'} only; gate.blocking would make ${moved.length === 1 ? 'it' : 'them'} count)`;
}

/** The change and its interval; the interval alone is left out when it is a point (e.g. no errors on either side). */
export function changeCell(m: MetricComparison): string {
  const [low, high] = m.interval;
  if (low === high && low === m.change) return formatChange(m);
  return `${formatChange(m)} (${formatInterval(m)})`;
}
