import { METRIC_LABEL } from '../result/metrics.js';
import type { BudgetCheck, GateResult } from '../result/verdict.js';
import { clip, plainText } from './escape.js';
import {
  blockingRegressions,
  budgetComparison,
  exceededBudgets,
  formatShortChange,
  missingFromResults,
  plural,
  undecidedSummary,
  type Finding,
} from './gate-facts.js';

/** GitHub shows a check run's title on one line; longer titles are cut. */
export const CHECK_RUN_TITLE_MAX = 100;

/**
 * A check run's title: the headline of the verdict in at most 100 characters, e.g.
 * "p95 +18 % on search", "2 regressions: p95 +18 % on search, p99 +31 % on home",
 * "budget exceeded: search p95 312 ms > 300 ms", "inconclusive: search p95 +12 %",
 * "no regression (4 scenarios)", "no baseline yet". Plain text (titles are not Markdown).
 */
export function checkRunTitle(gate: GateResult): string {
  return clip(plainText(title(gate)), CHECK_RUN_TITLE_MAX);
}

/**
 * The headline of a run judged by its budgets alone (no baseline): "budget exceeded: search p99
 * 62 ms > 50 ms", "2 budgets exceeded: …", or "no budget exceeded (4 checked)".
 */
export function budgetsTitle(budgets: BudgetCheck[]): string {
  const exceeded = budgets.filter((b) => !b.passed);
  if (exceeded.length === 0) return `no budget exceeded (${budgets.length} checked)`;
  return clip(plainText(exceededList(exceeded.length, exceeded)), CHECK_RUN_TITLE_MAX);
}

function exceededList(n: number, exceeded: BudgetCheck[]): string {
  return list(
    n === 1 ? 'budget exceeded' : `${n} budgets exceeded`,
    exceeded.map((b) => `${plainText(b.scenario)} ${METRIC_LABEL[b.metric]} ${budgetComparison(b)}`),
  );
}

function title(gate: GateResult): string {
  const { counts } = gate;
  switch (gate.verdict) {
    case 'neutral': {
      const missing = missingFromResults(gate);
      return missing === undefined ? 'no baseline yet' : `nothing compared: ${missing}`;
    }
    case 'pass': {
      const improvements = counts.improvements > 0 ? `, ${plural(counts.improvements, 'improvement')}` : '';
      return `no regression (${plural(counts.compared, 'scenario')}${improvements})`;
    }
    case 'inconclusive': {
      const names = gate.scenarios.filter((s) => s.verdict === 'inconclusive').map((s) => plainText(s.name));
      return list(
        gate.failed ? `not decided: ${undecidedSummary(gate, 'short')}` : `no regression found · ${undecidedSummary(gate, 'short')}`,
        names,
      );
    }
    case 'fail': {
      const regressions = blockingRegressions(gate).map(regression);
      const budgets = exceededBudgets(gate);
      const notes = [
        ...(counts.budgetsExceeded > 0 && counts.regressions > 0 ? [`${plural(counts.budgetsExceeded, 'budget')} exceeded`] : []),
        ...(counts.undecided > 0 ? [`${counts.undecided} not judged`] : []),
      ];
      const note = notes.map((n) => ` · ${n}`).join('');
      if (counts.regressions === 1) return fit(regressions[0]!, note);
      if (counts.regressions > 1) return fit(list(`${counts.regressions} regressions`, regressions), note);
      if (counts.budgetsExceeded > 0) return fit(exceededList(counts.budgetsExceeded, budgets), note);
      return `not decided: ${undecidedSummary(gate, 'short')}`;
    }
  }
}

function regression(f: Finding): string {
  return `${METRIC_LABEL[f.metric.metric]} ${formatShortChange(f.metric)} on ${plainText(f.scenario.name)}`;
}

/** "head: a, b, …", as many items as fit. */
function list(head: string, items: string[]): string {
  if (items.length === 0) return head;
  let text = `${head}: ${items[0]}`;
  for (let i = 1; i < items.length; i++) {
    const next = `${text}, ${items[i]}`;
    if (next.length > CHECK_RUN_TITLE_MAX - 3) return `${text}, …`;
    text = next;
  }
  return text;
}

/** Keeps the note whole by cutting the main part when both do not fit. */
function fit(main: string, note: string): string {
  return `${clip(main, CHECK_RUN_TITLE_MAX - note.length)}${note}`;
}
