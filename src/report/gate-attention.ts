import type { GateResult } from '../result/verdict.js';
import { METRIC_LABEL } from '../result/metrics.js';
import { SYMBOL, changeCell } from './gate-summary.js';
import { detectableCell } from './gate-noise.js';
import { blockingInconclusive, blockingRegressions, budgetComparison, exceededBudgets, formatLevel, type Finding } from './gate-facts.js';

/**
 * What needs a reviewer's attention in a verdict, one row each, in the order to read them: the
 * regressions (worst first), the budgets exceeded, the metrics the run could not decide (worst
 * estimate first), the baseline's scenarios this run did not measure. Shared by the PR comment
 * and the terminal, so both list the same rows with the same words; each escapes `scenario` for
 * its destination. Everything else (unchanged metrics, error rates neither side had) is left out.
 */
export interface AttentionRow {
  kind: 'regression' | 'budget' | 'undecided' | 'missing';
  symbol: string;
  /** The scenario's name as the results give it: untrusted, to be escaped. */
  scenario: string;
  /** "p95", "p95 budget"; empty for a missing scenario. */
  metric: string;
  /** Baseline → current ("7.75 → 10.3 ms"), a budget's figure against its limit, or why there is none. */
  levels: string;
  /** The change with its interval ("+46.4 % (+30.7 … +64.1 %)"); empty for a budget or a missing scenario. */
  change: string;
  /** The smallest regression the run would have caught: only for what it could not decide, where that is the question. */
  catches: string;
}

export function attentionRows(gate: GateResult): AttentionRow[] {
  return [
    ...blockingRegressions(gate).map((f) => comparisonRow('regression', f)),
    ...exceededBudgets(gate).map((b): AttentionRow => ({
      kind: 'budget',
      symbol: SYMBOL.regression,
      scenario: b.scenario,
      metric: `${METRIC_LABEL[b.metric]} budget`,
      levels: budgetComparison(b),
      change: '',
      catches: '',
    })),
    ...blockingInconclusive(gate).map((f) => comparisonRow('undecided', f)),
    ...gate.scenarios
      .filter((s) => s.status === 'missing')
      .map((s): AttentionRow => ({
        kind: 'missing',
        symbol: '➖',
        scenario: s.name,
        metric: '',
        levels: 'not measured in this run',
        change: '',
        catches: '',
      })),
  ];
}

function comparisonRow(kind: 'regression' | 'undecided', { scenario, metric: m }: Finding): AttentionRow {
  return {
    kind,
    symbol: kind === 'regression' ? SYMBOL.regression : SYMBOL.inconclusive,
    scenario: scenario.name,
    metric: METRIC_LABEL[m.metric],
    levels: levels(formatLevel(m.metric, m.baseline), formatLevel(m.metric, m.current)),
    change: changeCell(m),
    catches: kind === 'undecided' ? detectableCell(m) : '',
  };
}

/** "7.75 → 10.3 ms": the unit once when both levels share it. */
function levels(baseline: string, current: string): string {
  const unit = / [a-zA-Z]+$/.exec(current)?.[0];
  const from = unit !== undefined && baseline.endsWith(unit) ? baseline.slice(0, -unit.length) : baseline;
  return `${from} → ${current}`;
}
