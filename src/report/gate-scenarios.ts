import { markdownTable } from 'markdown-table';
import { METRIC_LABEL } from '../result/metrics.js';
import { mixShares } from '../stats/aggregate.js';
import type { RunResult } from '../result/result.js';
import type { GateResult, MetricComparison, ScenarioComparison } from '../result/verdict.js';
import { escapeText } from './escape.js';
import { formatPercent } from './format.js';
import {
  INTERVAL_LABEL,
  VERDICT_WORD,
  errorFree,
  exceededBudgets,
  formatChange,
  formatLevel,
  formatThreshold,
  plural,
} from './gate-facts.js';
import { detectableCell } from './gate-noise.js';
import { SYMBOL, changeCell, scenarioSymbol, summaryCells, summaryColumns, summaryHeader } from './gate-summary.js';

/**
 * Every scenario of a verdict, as the comment keeps them collapsed under what needs attention:
 * one summary row each, then each compared scenario's metrics in a table. Markdown; every name escaped.
 */

/** "9 scenarios: 4 regressed, 2 not decided, 3 unchanged": the line a reader sees with the section closed. */
export function scenariosHeadline(gate: GateResult): string {
  const words: Record<string, string> = {
    regression: 'regressed',
    inconclusive: VERDICT_WORD.inconclusive,
    improvement: 'improved',
    unchanged: 'unchanged',
    new: 'new',
    missing: 'not measured',
  };
  const tally = new Map<string, number>();
  for (const s of gate.scenarios) {
    const key = s.status === 'compared' ? (s.verdict ?? 'inconclusive') : s.status;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  const parts = Object.keys(words).flatMap((key) => (tally.has(key) ? [`${tally.get(key)} ${words[key]}`] : []));
  return `${plural(gate.scenarios.length, 'scenario')}: ${parts.join(', ')}`;
}

/** One row per scenario: its verdict, each blocking metric's change with its interval, what it could catch. */
export function scenarioSummary(gate: GateResult): string {
  const breached = new Set(exceededBudgets(gate).map((b) => b.scenario));
  const columns = summaryColumns(gate.scenarios);
  const header = summaryHeader(columns);
  const rows = gate.scenarios.map((s) => [escapeText(s.name), ...summaryCells(s, breached.has(s.name), columns)]);
  const table = markdownTable([header, ...rows], { align: ['l', 'l', ...header.slice(2).map(() => 'r' as const)] });
  // The columns' meaning, where a scenario was compared: a table of new ones has no change to explain.
  if (!gate.scenarios.some((s) => s.status === 'compared')) return table;
  const quiet = gate.scenarios.some((s) => s.metrics.some((m) => m.blocking && errorFree(m)));
  const legend =
    `_Each blocking metric's change, this run against the baseline (relative; error rate in percentage points), with its ${INTERVAL_LABEL} ` +
    'confidence interval: unchanged only when that interval lies within the threshold, not decided when it straddles it. Could catch: the ' +
    `smallest regression this run would have caught 4 times in 5, at the noise it measured.${quiet ? ' An error rate neither side had is left out.' : ''}_`;
  return `${table}\n\n${legend}`;
}

/**
 * Each compared scenario's metrics: levels (the median of the rounds' own figures, what budgets
 * judge), change with its interval, verdict, what it could catch. **Bold** metrics can fail the
 * gate. An error rate neither side had is left out; a metric that only informs this time says why under its table.
 */
export function scenarioTables(gate: GateResult, current: RunResult): string[] {
  const shares = mixShares(current.scenarios);
  return gate.scenarios.flatMap((scenario) => {
    if (scenario.status !== 'compared') return [];
    const share = shares.get(scenario.name);
    const inMix =
      share === undefined ? '' : ` · ${formatPercent(share.actual)} of the mix's requests (weight ${formatPercent(share.planned)})`;
    return [`#### ${scenarioSymbol(scenario)} ${escapeText(scenario.name)}${inMix}\n\n${metricTable(scenario)}`];
  });
}

function metricTable(scenario: ScenarioComparison): string {
  const metrics = scenario.metrics.filter((m) => !errorFree(m));
  if (metrics.length === 0) return '_No metric compared._';
  // What it could catch is a blocking metric's: a scenario whose only one is an error rate neither side had has no such column.
  const catches = metrics.some((m) => detectableCell(m) !== '');
  const header = ['metric', 'baseline', 'current', `change (${INTERVAL_LABEL} CI)`, 'verdict', ...(catches ? ['could catch'] : [])];
  const rows = metrics.map((m) => [
    metricCell(m),
    formatLevel(m.metric, m.baseline),
    formatLevel(m.metric, m.current),
    changeCell(m),
    verdictCell(m),
    ...(catches ? [detectableCell(m)] : []),
  ]);
  const table = markdownTable([header, ...rows], { align: ['l', 'r', 'r', 'r', 'l', ...(catches ? ['r' as const] : [])] });
  // Why a metric informs goes under the table: a sentence in its cell would widen the whole column.
  const why = metrics.flatMap((m) =>
    m.advisory === undefined ? [] : [`ℹ️ ${METRIC_LABEL[m.metric]} only informs this time: ${escapeText(m.advisory)}`],
  );
  return [table, ...why].join('\n\n');
}

function metricCell(m: MetricComparison): string {
  const label = METRIC_LABEL[m.metric];
  if (m.blocking) return `**${label}**`;
  return m.advisory === undefined ? label : `${label} ℹ️`;
}

function verdictCell(m: MetricComparison): string {
  switch (m.verdict) {
    case 'regression':
      return m.blocking ? `${SYMBOL.regression} regression` : '🟠 regression (not blocking)';
    case 'improvement':
      return `${SYMBOL.improvement} improvement`;
    case 'inconclusive':
      return `${SYMBOL.inconclusive} ${VERDICT_WORD.inconclusive}`;
    case 'unchanged':
      // No regression beyond the threshold is possible; an estimate past it on the better side is not an improvement until significant.
      if (m.significant) return `${SYMBOL.unchanged} ${formatChange(m)} (within ${formatThreshold(m)})`;
      return Math.abs(m.change) > m.threshold
        ? `${SYMBOL.unchanged} no regression (${formatChange(m)}, not significant)`
        : `${SYMBOL.unchanged} unchanged`;
  }
}
