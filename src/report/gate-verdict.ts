import type { GateResult } from '../result/verdict.js';
import { METRIC_LABEL } from '../result/metrics.js';
import { changeCell } from './gate-summary.js';
import {
  blockingInconclusive,
  blockingRegressions,
  budgetComparison,
  exceededBudgets,
  formatChange,
  missingFromResults,
  plural,
  undecidedSummary,
  type Finding,
} from './gate-facts.js';

/** How a destination writes the verdict line's text from the results, its emphasis and a command. */
export interface VerdictStyle {
  /** Untrusted text (a scenario's name) made safe for the destination. */
  escape: (text: string) => string;
  /** The verdict's word: "Fail", "Pass". */
  strong: (text: string) => string;
  /** A command to copy; given only text that a code span can hold. */
  code: (text: string) => string;
}

/**
 * The verdict in one line, the headline of every long output (the PR comment, the terminal): what
 * failed with the worst figures, that nothing did, what could not be decided, or why nothing was
 * compared, telling the reader how to record a baseline into `baselineFile`.
 */
export function verdictLine(gate: GateResult, style: VerdictStyle, baselineFile: string): string {
  const { counts } = gate;
  const { escape, strong } = style;
  const compared = gate.scenarios.filter((s) => s.status === 'compared');
  switch (gate.verdict) {
    case 'neutral': {
      const missing = missingFromResults(gate);
      if (missing !== undefined) return `⚪ ${strong('Neutral')}: nothing compared: ${missing}, so nothing could regress.`;
      // A code span shows its text literally; a path that a code span cannot hold is left as a placeholder.
      const safe = /^[\w./@+-]+$/.test(baselineFile) && baselineFile.length <= 200 ? baselineFile : 'baselines/<suite>.json';
      return `⚪ ${strong('Neutral')}: no baseline yet, so nothing could regress. Record one from these results: ${style.code(`perf-gate record --results results.json --baseline ${safe}`)}`;
    }
    case 'pass': {
      const blocking = compared.reduce((n, s) => n + s.metrics.filter((m) => m.blocking).length, 0);
      const improvements = counts.improvements > 0 ? ` · ${plural(counts.improvements, 'improvement')}` : '';
      return `✅ ${strong('Pass')}: no regression beyond the thresholds · ${plural(compared.length, 'scenario')}, ${plural(blocking, 'blocking metric')}${improvements}`;
    }
    case 'inconclusive': {
      const items = examples(
        blockingInconclusive(gate).map((f) => `${escape(f.scenario.name)} ${METRIC_LABEL[f.metric.metric]} ${changeCell(f.metric)}`),
      );
      const undecided = `${undecidedSummary(gate)}${items ? `: ${items}` : ''}`;
      // Whether that fails the check is the suite's (or the front door's) choice; either way the line says which.
      return gate.failed
        ? `❌ ${strong('Fail')}: ${undecided}; a run that cannot decide fails this check (fail_on: inconclusive)`
        : `✅ ${strong('No regression found')} · ⚠️ ${undecided}; it passes with this warning`;
    }
    case 'fail': {
      const parts: string[] = [];
      const regression = (f: Finding) => `${METRIC_LABEL[f.metric.metric]} ${formatChange(f.metric)} on ${escape(f.scenario.name)}`;
      if (counts.regressions > 0)
        parts.push(`${plural(counts.regressions, 'regression')} (${examples(blockingRegressions(gate).map(regression))})`);
      if (counts.budgetsExceeded > 0) {
        const items = examples(exceededBudgets(gate).map((b) => `${escape(b.scenario)} ${METRIC_LABEL[b.metric]} ${budgetComparison(b)}`));
        parts.push(`${plural(counts.budgetsExceeded, 'budget')} exceeded${items ? ` (${items})` : ''}`);
      }
      if (counts.undecided > 0) parts.push(undecidedSummary(gate));
      return `❌ ${strong('Fail')}: ${parts.length > 0 ? parts.join(', ') : 'see below'}`;
    }
  }
}

/** Up to three items, then "…". */
function examples(items: string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')}, …`;
}
