import { markdownTable } from 'markdown-table';
import type { RunResult } from '../result/result.js';
import type { GateResult, MetricComparison, ScenarioComparison } from '../stats/verdict.js';
import { escapeText } from './escape.js';
import { COMMENT_LIMIT, sizeOf, wholeLinesWithin, type SizeLimit } from './size-limit.js';
import { formatCount, formatPercent } from './format.js';
import { mixShares, type MixShare } from '../stats/aggregate.js';
import { trendChart } from './gate-chart.js';
import { changeChart } from './gate-forest.js';
import { detectableCell, noiseNotes } from './gate-noise.js';
import { SYMBOL, changeCell, scenarioSymbol, summaryCells, summaryColumns, summaryHeader } from './gate-summary.js';
import { environmentDetails, methodDetails, roundDetails, roundSummary, type DetailsInput } from './gate-details.js';
import {
  BUDGET_LABEL,
  METRIC_LABEL,
  blockingInconclusive,
  blockingRegressions,
  budgetComparison,
  INTERVAL_LABEL,
  VERDICT_WORD,
  undecidedSummary,
  exceededBudgets,
  formatChange,
  formatLevel,
  formatThreshold,
  missingFromResults,
  plural,
  type Finding,
} from './gate-facts.js';

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
 * the check run's summary. Read in five seconds: the verdict in one line, then one summary row
 * per scenario (its blocking metrics' change with interval, its verdict, what it could have
 * caught), then what needs attention (warnings, and the full tables of the scenarios that
 * regressed, were undecided or broke a budget), the budgets, a chart, and collapsed details
 * (every metric of the other scenarios, per-round figures, environments, method). Pure and
 * deterministic. When the report would exceed its limit, it sheds, in this order, the per-round
 * figures (summarised), the details, scenarios without a regression (rows and tables, from the
 * end), the chart, and finally the tables of regressed scenarios (their rows stay), and says what
 * it cut in a last italic line. The verdict line is never cut.
 */
export function renderGateMarkdown(input: GateReportInput, options: GateMarkdownOptions = {}): string {
  return new GateReport(input, options.limit ?? COMMENT_LIMIT).fit();
}

/** How much of the report to show. */
interface Plan {
  rounds: 'full' | 'summary';
  details: boolean;
  dropped: Set<number>;
  chart: boolean;
  compact: Set<number>;
  truncate: boolean;
}

/** A scenario's part of the report; `tier` says how much it matters when the report must shrink. */
interface ScenarioBlock {
  scenario: ScenarioComparison;
  /** 2: it regressed (never dropped); 1: inconclusive, over a budget, or missing; 0: the rest. */
  tier: 0 | 1 | 2;
  /** Its row of the summary table. */
  row: string[];
  /** Every metric, in a table under its name; null for a scenario that was not compared. */
  table: string | null;
}

class GateReport {
  private readonly gate: GateResult;
  private readonly header: string;
  private readonly blocks: ScenarioBlock[];
  private readonly summaryHeader: string[];
  private readonly legend: string;
  private readonly budgets: string | null;
  private readonly chart: string | null;
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly input: GateReportInput,
    private readonly limit: SizeLimit,
  ) {
    this.gate = input.gate;
    this.header = this.renderHeader();
    const breached = new Set(exceededBudgets(this.gate).map((b) => b.scenario));
    const level = INTERVAL_LABEL;
    const shares = mixShares(input.current.scenarios);
    const columns = summaryColumns(this.gate.scenarios);
    this.summaryHeader = summaryHeader(columns);
    this.blocks = this.gate.scenarios.map((scenario) => scenarioBlock(scenario, breached.has(scenario.name), level, shares.get(scenario.name), columns));
    this.legend =
      `_Per scenario, each blocking metric's change: this run against the baseline, relative (error rate: in ` +
      `percentage points), with its ${level} confidence interval: unchanged only when that interval lies within the threshold, not decided when it straddles it. Levels are the median of the rounds' own figures (what budgets judge); the change is estimated on the rounds' logs. Could catch: the smallest regression this run ` +
      `would have caught 4 times in 5, at the noise it measured. In the tables, **bold** metrics can fail the gate; the others inform._`;
    this.budgets = this.renderBudgets();
    const trend = this.gate.method.mode === 'stored-baseline' ? trendChart(this.gate.scenarios, input.baseline, input.current) : null;
    this.chart = [changeChart(this.gate.scenarios), trend].filter((chart) => chart !== null).join('\n\n') || null;
  }

  private size(text: string): number {
    return sizeOf(text, this.limit.unit);
  }

  fit(): string {
    const { max } = this.limit;
    const plan: Plan = { rounds: 'full', details: true, dropped: new Set(), chart: true, compact: new Set(), truncate: false };
    let text = this.assemble(plan);
    if (this.size(text) <= max) return text;

    plan.rounds = 'summary';
    text = this.assemble(plan);
    if (this.size(text) <= max) return text;

    plan.details = false;
    text = this.assemble(plan);
    if (this.size(text) <= max) return text;

    const droppable = [0, 1].flatMap((tier) =>
      this.blocks.flatMap((block, i) => (block.tier === tier ? [i] : [])).reverse(),
    );
    text = this.shrink(plan, max, droppable, (i) => plan.dropped.add(i), (i) => this.droppedSize(this.blocks[i]!));
    if (this.size(text) <= max) return text;

    plan.chart = false;
    text = this.assemble(plan);
    if (this.size(text) <= max) return text;

    const compactable = this.blocks.flatMap((block, i) => (block.tier === 2 && !plan.dropped.has(i) ? [i] : [])).reverse();
    text = this.shrink(plan, max, compactable, (i) => plan.compact.add(i), (i) => this.size(this.blocks[i]!.table ?? '') + 2);
    if (this.size(text) <= max) return text;

    plan.truncate = true;
    return this.assemble(plan);
  }

  /** What dropping a scenario saves: its summary row, and its table when it is shown in full. */
  private droppedSize(block: ScenarioBlock): number {
    return this.size(block.row.join(' | ')) + 4 + (block.tier > 0 && block.table !== null ? this.size(block.table) + 2 : 0);
  }

  /** Applies `step` to the items of `order` one by one until the report fits or none is left. */
  private shrink(plan: Plan, max: number, order: number[], step: (i: number) => void, saves: (i: number) => number): string {
    let text = this.assemble(plan);
    let next = 0;
    while (this.size(text) > max && next < order.length) {
      let excess = this.size(text) - max;
      while (excess > 0 && next < order.length) {
        const i = order[next++]!;
        excess -= Math.max(1, saves(i));
        step(i);
      }
      text = this.assemble(plan);
    }
    return text;
  }

  private assemble(plan: Plan): string {
    const parts: string[] = [];
    const shown = this.blocks.map((block, i) => ({ block, i })).filter(({ i }) => !plan.dropped.has(i));
    if (shown.length > 0) parts.push(markdownTable([this.summaryHeader, ...shown.map(({ block }) => block.row)], { align: ['l', 'l', ...this.summaryHeader.slice(2).map(() => 'r' as const)] }));
    if (shown.some(({ block }) => block.table !== null)) parts.push(this.legend);
    if (this.gate.warnings.length > 0) parts.push(this.gate.warnings.map((w) => `- ⚠️ ${escapeText(w)}`).join('\n'));
    const notes = this.memo('noise', () => noiseNotes(this.gate, escapeText).map((n) => `- ℹ️ ${n}`).join('\n'));
    if (notes !== '') parts.push(notes);
    // What needs attention, in full: the scenarios that regressed, were undecided or broke a budget.
    const attention = shown.filter(({ block, i }) => block.table !== null && block.tier > 0 && !plan.compact.has(i));
    parts.push(...attention.map(({ block }) => block.table!));
    if (this.budgets) parts.push(this.budgets);
    if (plan.chart && this.chart) parts.push(this.chart);
    if (this.input.dashboardUrl !== undefined) parts.push(`📈 [Every recorded run of main, per scenario](${this.input.dashboardUrl}) (the trend dashboard)`);
    if (plan.details) {
      const others = shown.flatMap(({ block }) => (block.table !== null && block.tier === 0 ? [block.table] : []));
      if (others.length > 0) parts.push(collapsible(`Every metric of ${attention.length > 0 ? 'the other ' : ''}${plural(others.length, 'scenario')}`, others.join('\n\n')));
      parts.push(...this.details(plan.rounds));
    }

    const cuts = this.cuts(plan);
    const { max, unit } = this.limit;
    const note = cuts.length === 0 ? '' : `_Cut to fit ${formatCount(max)} ${unit}: ${cuts.join('; ')}. The JSON output has every figure._`;
    let body = parts.join('\n\n');
    if (plan.truncate) {
      const room = max - this.size(this.header) - this.size(note) - 5;
      if (this.size(body) > room) body = wholeLinesWithin(body, Math.max(0, room), unit);
    }
    return `${[this.header, body, note].filter((part) => part !== '').join('\n\n')}\n`;
  }

  private cuts(plan: Plan): string[] {
    const cuts: string[] = [];
    if (plan.details && plan.rounds === 'summary') cuts.push('per-round figures (summarised per scenario)');
    if (!plan.details) cuts.push('the details (the other scenarios\' metrics, per-round figures, environment, method)');
    if (plan.dropped.size > 0) {
      const tiers = [...plan.dropped].map((i) => this.blocks[i]!.tier);
      const kind = tiers.every((t) => t === 0) ? 'none regressed or was inconclusive' : 'none regressed';
      cuts.push(`${plan.dropped.size} of ${this.blocks.length} scenarios from the end of the suite (${kind})`);
    }
    if (!plan.chart && this.chart) cuts.push('the chart');
    if (plan.compact.size > 0) cuts.push(`the tables of ${plural(plan.compact.size, 'regressed scenario')} (their rows above stay)`);
    if (plan.truncate) cuts.push('the end of the report');
    return cuts;
  }

  private details(rounds: Plan['rounds']): string[] {
    const input: DetailsInput = { gate: this.gate, current: this.input.current, baseline: this.input.baseline };
    const environment = this.memo('environment', () => {
      const { text, cpuDiffers } = environmentDetails(input);
      return collapsible(`Environment${cpuDiffers ? ' ⚠️ the CPU differs' : ''}`, text);
    });
    return [
      rounds === 'full'
        ? this.memo('rounds', () => collapsible('Per-round figures', roundDetails(input)))
        : this.memo('summary', () => collapsible('Rounds (summary)', roundSummary(input))),
      environment,
      ...(this.gate.scenarios.some((s) => s.status === 'compared')
        ? [this.memo('method', () => collapsible('Method', methodDetails(this.gate)))]
        : []),
    ];
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
    lines.push(this.verdictLine());
    return lines.join('\n\n');
  }

  private verdictLine(): string {
    const { gate } = this;
    const { counts } = gate;
    const compared = gate.scenarios.filter((s) => s.status === 'compared');
    switch (gate.verdict) {
      case 'neutral': {
        const missing = missingFromResults(gate);
        if (missing !== undefined) return `⚪ **Neutral**: nothing compared: ${missing}, so nothing could regress.`;
        const file = this.input.baselineFile ?? `baselines/${this.input.suite}.json`;
        // A code span shows its text literally; a path that a code span cannot hold is left as a placeholder.
        const safe = /^[\w./@+-]+$/.test(file) && file.length <= 200 ? file : 'baselines/<suite>.json';
        return (
          '⚪ **Neutral**: no baseline yet, so nothing could regress. Record one from these results: ' +
          `\`perf-gate record --results results.json --baseline ${safe}\``
        );
      }
      case 'pass': {
        const blocking = compared.reduce((n, s) => n + s.metrics.filter((m) => m.blocking).length, 0);
        const improvements = counts.improvements > 0 ? ` · ${plural(counts.improvements, 'improvement')}` : '';
        return `✅ **Pass**: no regression beyond the thresholds · ${plural(compared.length, 'scenario')}, ${plural(blocking, 'blocking metric')}${improvements}`;
      }
      case 'inconclusive': {
        const items = examples(blockingInconclusive(gate).map((f) => `${escapeText(f.scenario.name)} ${METRIC_LABEL[f.metric.metric]} ${changeCell(f.metric)}`));
        const undecided = `${undecidedSummary(gate)}${items ? `: ${items}` : ''}`;
        // Whether that fails the check is the suite's (or the front door's) choice; either way the line says which.
        return gate.failed
          ? `❌ **Fail**: ${undecided}; a run that cannot decide fails this check (fail_on: inconclusive)`
          : `✅ **No regression found** · ⚠️ ${undecided}; it passes with this warning`;
      }
      case 'fail': {
        const parts: string[] = [];
        const regressions = blockingRegressions(gate);
        if (counts.regressions > 0) parts.push(`${plural(counts.regressions, 'regression')} (${examples(regressions.map(regressionText))})`);
        const budgets = exceededBudgets(gate);
        if (counts.budgetsExceeded > 0) {
          const items = examples(budgets.map((b) => `${escapeText(b.scenario)} ${BUDGET_LABEL[b.metric]} ${budgetComparison(b)}`));
          parts.push(`${plural(counts.budgetsExceeded, 'budget')} exceeded${items ? ` (${items})` : ''}`);
        }
        if (counts.undecided > 0) parts.push(undecidedSummary(gate));
        return `❌ **Fail**: ${parts.length > 0 ? parts.join(', ') : 'see below'}`;
      }
    }
  }

  private renderBudgets(): string | null {
    const checks = this.gate.budgets;
    if (checks.length === 0) return null;
    const exceeded = exceededBudgets(this.gate);
    if (exceeded.length === 0) return `**Budgets**: all ${checks.length} met`;
    const rows = exceeded.map((b) => [
      escapeText(b.scenario),
      BUDGET_LABEL[b.metric],
      `${b.metric === 'rps' ? '≥' : '≤'} ${formatLevel(b.metric, b.limit)}`,
      formatLevel(b.metric, b.actual),
    ]);
    const table = markdownTable([['scenario', 'budget', 'limit', 'actual'], ...rows], { align: ['l', 'l', 'r', 'r'] });
    return `**Budgets**: ${exceeded.length} of ${checks.length} exceeded\n\n${table}`;
  }
}

function regressionText(f: Finding): string {
  return `${METRIC_LABEL[f.metric.metric]} ${formatChange(f.metric)} on ${escapeText(f.scenario.name)}`;
}

/** Up to three items, then "…". */
function examples(items: string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')}, …`;
}

function collapsible(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function scenarioBlock(scenario: ScenarioComparison, overBudget: boolean, level: string, share: MixShare | undefined, columns: MetricComparison['metric'][]): ScenarioBlock {
  const name = escapeText(scenario.name);
  const row = [name, ...summaryCells(scenario, overBudget, columns)];
  if (scenario.status === 'new') return { scenario, tier: overBudget ? 1 : 0, row, table: null };
  if (scenario.status === 'missing') return { scenario, tier: 1, row, table: null };
  const { metrics } = scenario;
  const regressed = scenario.verdict === 'regression';
  const notable = overBudget || scenario.verdict === 'inconclusive';
  const symbol = scenarioSymbol(scenario);
  const header = ['metric', 'baseline', 'current', `change (${level} CI)`, 'verdict', 'could catch'];
  const rows = metrics.map((m) => [
    metricCell(m),
    formatLevel(m.metric, m.baseline),
    formatLevel(m.metric, m.current),
    changeCell(m),
    verdictCell(m),
    detectableCell(m),
  ]);
  const body =
    metrics.length === 0
      ? '_No metric compared._'
      : markdownTable([header, ...rows], { align: ['l', 'r', 'r', 'r', 'l', 'r'] });
  const inMix = share === undefined ? '' : ` · ${formatPercent(share.actual)} of the mix's requests (weight ${formatPercent(share.planned)})`;
  return { scenario, tier: regressed ? 2 : notable ? 1 : 0, row, table: `#### ${symbol} ${name}${inMix}\n\n${body}` };
}

function metricCell(m: MetricComparison): string {
  const label = METRIC_LABEL[m.metric];
  if (m.blocking) return `**${label}**`;
  if (m.advisory !== undefined) return `${label} ℹ️ advisory: ${escapeText(m.advisory)}`;
  return label;
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
      return Math.abs(m.change) > m.threshold ? `${SYMBOL.unchanged} no regression (${formatChange(m)}, not significant)` : `${SYMBOL.unchanged} unchanged`;
  }
}
