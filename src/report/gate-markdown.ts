import { markdownTable } from 'markdown-table';
import type { RunResult } from '../result/result.js';
import type { GateResult } from '../result/verdict.js';
import { escapeText } from './escape.js';
import { COMMENT_LIMIT, sizeOf, wholeLinesWithin, type SizeLimit } from './size-limit.js';
import { formatCount } from './format.js';
import { trendChart } from './trend-chart.js';
import { changeChart } from './change-chart.js';
import { noiseNotes } from './gate-noise.js';
import { attentionRows, type AttentionRow } from './gate-attention.js';
import { scenarioSummary, scenarioTables, scenariosHeadline } from './gate-scenarios.js';
import { verdictLine, type VerdictStyle } from './gate-verdict.js';
import { environmentDetails, methodDetails, roundDetails, roundSummary, type DetailsInput } from './gate-details.js';
import { INTERVAL_LABEL, budgetHeadline, plural } from './gate-facts.js';

export interface GateReportInput {
  suite: string;
  gate: GateResult;
  current: RunResult;
  /** Stored-baseline mode: the baseline's runs (oldest first). Interleaved mode: the one base run measured alongside. */
  baseline: RunResult[];
  /** Optional lines under the title, e.g. "PR #12 · head abc1234 vs main"; plain text, escape it. */
  context?: string;
  /** The baseline file the neutral verdict tells the reader to record; default `baselines/<suite>.json`. */
  baselineFile?: string;
  /** The trend dashboard's address (GitHub Pages serving the baseline branch), when it has one: a safe https URL. */
  dashboardUrl?: string;
}

export interface GateMarkdownOptions {
  /** The destination's limit, in its unit; default a GitHub comment's. */
  limit?: SizeLimit;
}

/**
 * The gate's report in GitHub-flavoured Markdown: the sticky PR comment, the job summary and
 * the check run's summary, in the order a reviewer reads. The verdict in one line; then only
 * what needs attention, one row each (regressions, exceeded budgets, undecided metrics, missing
 * scenarios: gate-attention.ts), and what the reader must know before trusting it (warnings,
 * the noise it assumed); then everything else collapsed: the change chart, every scenario
 * (a summary row each, and each one's metrics), per-round figures, environments, method.
 * Pure and deterministic. When the report would exceed its limit it sheds, in this order, the
 * per-round figures (first summarised), each scenario's metric table, the chart, the summary of
 * every scenario, the environment and method, and the rows that need attention other than
 * regressions (from the end), and says what it cut in a last italic line. The verdict line is never cut.
 */
export function renderGateMarkdown(input: GateReportInput, options: GateMarkdownOptions = {}): string {
  return new GateReport(input, options.limit ?? COMMENT_LIMIT).fit();
}

/** How much of the report to show. */
interface Plan {
  rounds: 'full' | 'summary' | 'none';
  tables: boolean;
  chart: boolean;
  scenarios: boolean;
  context: boolean;
  /** Rows that need attention left out, from the end (never a regression). */
  dropped: number;
  truncate: boolean;
}

/** The steps that shed detail, in order, each with what the last line says it cut. */
const STEPS: { apply: (plan: Plan) => void; cut: string; replaces?: true }[] = [
  { apply: (plan) => (plan.rounds = 'summary'), cut: 'per-round figures (summarised per scenario)' },
  // Says what the step before it did, and more: summarised, then gone.
  { apply: (plan) => (plan.rounds = 'none'), cut: 'the per-round figures', replaces: true },
  { apply: (plan) => (plan.tables = false), cut: "each scenario's metric table" },
  { apply: (plan) => (plan.chart = false), cut: 'the chart' },
  { apply: (plan) => (plan.scenarios = false), cut: 'the summary of every scenario' },
  { apply: (plan) => (plan.context = false), cut: 'the environment and the method' },
];

const MARKDOWN: VerdictStyle = { escape: escapeText, strong: (text) => `**${text}**`, code: (text) => `\`${text}\`` };

class GateReport {
  private readonly gate: GateResult;
  private readonly header: string;
  private readonly rows: AttentionRow[];
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly input: GateReportInput,
    private readonly limit: SizeLimit,
  ) {
    this.gate = input.gate;
    this.header = this.renderHeader();
    this.rows = attentionRows(this.gate);
  }

  private size(text: string): number {
    return sizeOf(text, this.limit.unit);
  }

  fit(): string {
    const { max } = this.limit;
    const plan: Plan = { rounds: 'full', tables: true, chart: true, scenarios: true, context: true, dropped: 0, truncate: false };
    let text = this.assemble(plan, []);
    const cuts: string[] = [];
    for (const step of STEPS) {
      if (this.size(text) <= max) return text;
      step.apply(plan);
      if (step.replaces) cuts.pop();
      cuts.push(step.cut);
      text = this.assemble(plan, cuts);
    }
    if (this.size(text) <= max) return text;

    // The rows that need attention, from the end, until it fits: undecided and missing, then budgets; never a regression.
    const droppable = this.rows.filter((row) => row.kind !== 'regression').length;
    while (this.size(text) > max && plan.dropped < droppable) {
      const excess = this.size(text) - max;
      let saved = 0;
      while (saved < excess && plan.dropped < droppable)
        saved += this.size(this.rowText(this.rows[this.rows.length - 1 - plan.dropped++]!)) + 1;
      text = this.assemble(plan, [...cuts, this.droppedCut(plan.dropped)]);
    }
    if (this.size(text) <= max) return text;

    plan.truncate = true;
    return this.assemble(plan, [...cuts, ...(plan.dropped > 0 ? [this.droppedCut(plan.dropped)] : []), 'the end of the report']);
  }

  private droppedCut(dropped: number): string {
    return `the last ${plural(dropped, 'row')} of what needs attention (every regression stays)`;
  }

  private assemble(plan: Plan, cuts: string[]): string {
    const parts: string[] = [];
    const rows = this.rows.slice(0, this.rows.length - plan.dropped);
    if (rows.length > 0) parts.push(this.attention(rows));
    // One tight list: a blank line between two lists would make them one loose list, a paragraph's margin under every item.
    const notes = this.memo('notes', () =>
      [...this.gate.warnings.map((w) => `- ⚠️ ${escapeText(w)}`), ...noiseNotes(this.gate, escapeText).map((n) => `- ℹ️ ${n}`)].join('\n'),
    );
    if (notes !== '') parts.push(notes);
    const facts = this.facts();
    if (facts !== '') parts.push(facts);
    parts.push(...this.collapsed(plan));

    const { max, unit } = this.limit;
    const note = cuts.length === 0 ? '' : `_Cut to fit ${formatCount(max)} ${unit}: ${cuts.join('; ')}. The JSON output has every figure._`;
    let body = parts.join('\n\n');
    if (plan.truncate) {
      const room = max - this.size(this.header) - this.size(note) - 5;
      if (this.size(body) > room) body = wholeLinesWithin(body, Math.max(0, room), unit);
    }
    return `${[this.header, body, note].filter((part) => part !== '').join('\n\n')}\n`;
  }

  /** The rows that need attention in one table, with a line that says what its figures are. */
  private attention(rows: AttentionRow[]): string {
    const withChange = rows.some((row) => row.change !== '');
    const withCatch = rows.some((row) => row.catches !== '');
    const header = [
      'scenario',
      'metric',
      'levels',
      ...(withChange ? [`change (${INTERVAL_LABEL} CI)`] : []),
      ...(withCatch ? ['could catch'] : []),
    ];
    const table = markdownTable([header, ...rows.map((row) => this.cells(row, withChange, withCatch))], {
      align: ['l', 'l', 'r', ...(withChange ? ['r' as const] : []), ...(withCatch ? ['r' as const] : [])],
    });
    const legend = [
      ...(withChange
        ? [
            `Levels: the baseline's, then this run's. Change: this run against the baseline, with its ${INTERVAL_LABEL} confidence interval.`,
          ]
        : []),
      ...(withCatch ? ['Could catch: the smallest regression this run would have caught 4 times in 5, at the noise it measured.'] : []),
    ];
    return legend.length === 0 ? table : `${table}\n\n_${legend.join(' ')}_`;
  }

  private cells(row: AttentionRow, withChange: boolean, withCatch: boolean): string[] {
    // The symbol beside the name, not in a column of its own: a narrow comment keeps each row on one line.
    return [
      `${row.symbol} ${escapeText(row.scenario)}`,
      row.metric,
      row.levels,
      ...(withChange ? [row.change] : []),
      ...(withCatch ? [row.catches] : []),
    ];
  }

  /** A row as its table line, to know what leaving it out saves. */
  private rowText(row: AttentionRow): string {
    return `| ${this.cells(row, true, true).join(' | ')} |`;
  }

  /** The budgets' count (those exceeded are rows above) and the dashboard's link. */
  private facts(): string {
    const lines: string[] = [];
    if (this.gate.budgets.length > 0) lines.push(budgetHeadline(this.gate.budgets));
    if (this.input.dashboardUrl !== undefined)
      lines.push(`📈 [Every recorded run of main, per scenario](${this.input.dashboardUrl}) (the trend dashboard)`);
    return lines.join('\\\n');
  }

  /** Everything that does not need attention, each part under its own closed <details>. */
  private collapsed(plan: Plan): string[] {
    const parts: string[] = [];
    if (plan.chart) {
      const chart = this.memo('chart', () => {
        const forest = changeChart(this.gate.scenarios);
        const trend =
          this.gate.method.mode === 'stored-baseline' ? trendChart(this.gate.scenarios, this.input.baseline, this.input.current) : null;
        const body = [forest, trend].filter((part) => part !== null).join('\n\n');
        return body === '' ? '' : collapsible('Change against the threshold, every blocking metric', body);
      });
      if (chart !== '') parts.push(chart);
    }
    if (plan.scenarios) {
      const key = plan.tables ? 'scenarios' : 'summary-only';
      parts.push(
        this.memo(key, () => {
          const tables = plan.tables ? scenarioTables(this.gate, this.input.current) : [];
          return collapsible(escapeText(scenariosHeadline(this.gate)), [scenarioSummary(this.gate), ...tables].join('\n\n'));
        }),
      );
    }
    const input: DetailsInput = { gate: this.gate, current: this.input.current, baseline: this.input.baseline };
    if (plan.rounds === 'full') parts.push(this.memo('rounds', () => collapsible('Per-round figures', roundDetails(input))));
    if (plan.rounds === 'summary') parts.push(this.memo('rounds-summary', () => collapsible('Rounds (summary)', roundSummary(input))));
    if (plan.context) {
      parts.push(
        this.memo('environment', () => {
          const { text, cpuDiffers } = environmentDetails(input);
          return collapsible(`Environment${cpuDiffers ? ' ⚠️ the CPU differs' : ''}`, text);
        }),
      );
      if (this.gate.scenarios.some((s) => s.status === 'compared'))
        parts.push(this.memo('method', () => collapsible('Method', methodDetails(this.gate))));
    }
    return parts;
  }

  private memo(key: string, render: () => string): string {
    let text = this.cache.get(key);
    if (text === undefined) {
      text = render();
      this.cache.set(key, text);
    }
    return text;
  }

  private renderHeader(): string {
    const lines = [`### perf-gate: ${escapeText(this.input.suite)}`];
    const context = (this.input.context ?? '')
      .split(/\r\n|\r|\n/)
      .map((line) => escapeText(line, { lineStart: true }))
      .filter((line) => line !== '');
    if (context.length > 0) lines.push(context.join('\\\n'));
    lines.push(verdictLine(this.gate, MARKDOWN, this.input.baselineFile ?? `baselines/${this.input.suite}.json`));
    return lines.join('\n\n');
  }
}

function collapsible(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
