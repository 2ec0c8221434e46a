import uplotScript from 'uplot/dist/uPlot.iife.min.js?raw';
import { METRIC_LABEL } from '../result/metrics.js';
import uplotStyle from 'uplot/dist/uPlot.min.css?raw';
import type { RunResult } from '../result/result.js';
import { summarizeScenarios } from '../stats/aggregate.js';
import type { StressFinding } from '../stats/breaking-point.js';
import type { BudgetCheck, GateResult } from '../result/verdict.js';
import { checkRunTitle } from './check-run-title.js';
import { noiseNotes } from './gate-noise.js';
import { budgetComparison, budgetHeadline, exceededBudgets } from './gate-facts.js';
import { forestRows, tickLabel, cutNote } from './change-chart.js';
import { summaryCells, summaryColumns, summaryHeader } from './gate-summary.js';
import { reportCharts } from './html-data.js';
import { scenarioRows } from './run-table.js';
import { CHART_SCRIPT, figureHtml, type Figure } from './chart.js';
import { CONTROL, plainText } from './escape.js';
import { COLOUR } from './palette.js';

export interface HtmlReportInput {
  suite: string;
  current: RunResult;
  /** Stored-baseline mode: the baseline's runs; interleaved: the base run measured alongside; none: a run alone. */
  baseline: RunResult[];
  /** The verdict, when the run was judged. */
  gate?: GateResult;
  budgets?: BudgetCheck[];
  stress?: StressFinding[];
  /** Plain text under the title, e.g. "PR #12 · head abc1234". */
  context?: string;
}

/**
 * The run as one self-contained HTML page: styles, data and scripts inline (uPlot, 50 kB), so it
 * opens from a CI artifact or a file with no network. The verdict, a row per scenario, the
 * budgets exceeded with their figures, the change of each blocking metric against its threshold
 * (SVG, drawn here), and per scenario its charts (html-data.ts). Pure: the same input gives the
 * same page.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { current, gate } = input;
  const charts = reportCharts({
    current,
    baseline: input.baseline,
    paired: gate?.method.mode === 'interleaved',
    findings: input.stress ?? [],
    gate,
  });
  const title = `perf-gate: ${input.suite}`;
  const sections = [
    verdictSection(input),
    gate === undefined ? runTable(current) : summaryTable(gate),
    budgetsSection(gate?.budgets ?? input.budgets ?? []),
    gate === undefined ? '' : forestSvg(gate),
    gate === undefined ? '' : notesSection(gate),
    ...charts.scenarios.map((scenario) => scenarioSection(scenario.name, scenario.figures)),
  ];
  return htmlPage({
    title,
    header: `${input.context === undefined ? '' : `<p class="context">${escapeHtml(input.context)}</p>`}<p class="meta">${escapeHtml(runFacts(current, input.baseline, gate))}</p>`,
    main: sections.filter((s) => s !== '').join('\n'),
    data: charts.data,
    script: CHART_SCRIPT,
  });
}

/**
 * A self-contained page: a content security policy that lets nothing be fetched, uPlot and the
 * shared style inline, the data as JSON in a script block, and the page's own script that draws it.
 */
export function htmlPage(parts: { title: string; header: string; main: string; data: unknown; script: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(parts.title)}</title>
<style>${uplotStyle}
${PAGE_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(parts.title)}</h1>${parts.header}</header>
<main>
${parts.main}
</main>
<script type="application/json" id="perf-gate-data">${jsonForScript(parts.data)}</script>
<script>${uplotScript}</script>
<script>${parts.script}</script>
</body>
</html>
`;
}

function verdictSection({ gate, budgets }: HtmlReportInput): string {
  if (gate === undefined) {
    const checks = budgets ?? [];
    const text = checks.length === 0 ? 'Measured; not judged (no baseline given)' : budgetHeadline(checks);
    return `<p class="verdict ${checks.some((b) => !b.passed) ? 'fail' : 'neutral'}">${escapeHtml(text)}</p>`;
  }
  // The words the check run and the comment use: an undecided run that passes says so, never a plain "Pass".
  const label =
    gate.verdict === 'inconclusive'
      ? gate.failed
        ? 'Fail'
        : 'No regression found'
      : { pass: 'Pass', fail: 'Fail', neutral: 'Neutral' }[gate.verdict];
  // The check run's title names the regressions and the budgets exceeded.
  return `<p class="verdict ${gate.verdict}"><strong>${label}</strong>: ${escapeHtml(checkRunTitle(gate))}</p>`;
}

/** The judge's warnings and what it assumed, as the comment says them. */
function notesSection(gate: GateResult): string {
  const items = [...gate.warnings.map(escapeHtml), ...noiseNotes(gate, escapeHtml)];
  return items.length === 0
    ? ''
    : `<section><h2>Warnings and assumptions</h2><ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul></section>`;
}

function runFacts(current: RunResult, baseline: RunResult[], gate: GateResult | undefined): string {
  const facts = [
    `commit ${current.git.sha?.slice(0, 7) ?? 'unknown'}`,
    `started ${current.startedAt.replace('T', ' ').slice(0, 16)} UTC`,
    `${current.environment.cpu.model} × ${current.environment.cpu.count}`,
  ];
  if (gate?.method.mode === 'interleaved') facts.push('against the base deployment, measured alongside');
  else if (baseline.length > 0) facts.push(`against a baseline of ${baseline.length} run${baseline.length === 1 ? '' : 's'}`);
  return facts.join(' · ');
}

function summaryTable(gate: GateResult): string {
  const columns = summaryColumns(gate.scenarios);
  const breached = new Set(exceededBudgets(gate).map((b) => b.scenario));
  const rows = gate.scenarios.map((scenario) => [scenario.name, ...summaryCells(scenario, breached.has(scenario.name), columns)]);
  return `<section><h2>Scenarios</h2>${table(summaryHeader(columns), rows)}</section>`;
}

function runTable(current: RunResult): string {
  const { header, rows } = scenarioRows(summarizeScenarios(current.scenarios));
  return `<section><h2>Scenarios</h2>${table(header, rows)}</section>`;
}

/** The budgets the run exceeded, each with its figure against its limit (the headline counts them). */
function budgetsSection(checks: BudgetCheck[]): string {
  const exceeded = checks.filter((check) => !check.passed);
  if (exceeded.length === 0) return '';
  const rows = exceeded.map((check) => [check.scenario, METRIC_LABEL[check.metric], budgetComparison(check)]);
  return `<section><h2>${escapeHtml(budgetHeadline(checks))}</h2>${table(['scenario', 'budget', 'measured against it'], rows)}</section>`;
}

function table(header: string[], rows: string[][]): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td>${i === 0 ? escapeHtml(cell) : phrased(verdictDot(escapeHtml(cell)))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table class="data"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/**
 * A cell's phrases (a change and its interval, the items of a list, a verdict and its note), each
 * kept on one line while the column allows, and a figure always with its unit (a no-break
 * space): a narrow column breaks "+18.2 % (+11.0 … +25.9 %)" between the change and its
 * interval first, and never inside a figure.
 */
function phrased(cell: string): string {
  const bound = cell.replace(/(\d) (%|pp|ms|s|req\/s|[kMG]?B)(?![\w/])/g, '$1\u00a0$2');
  const phrases = bound.split(/(?<=,) | (?=\(|· )/);
  return phrases.length === 1 ? bound : phrases.map((phrase) => `<span class="phrase">${phrase}</span>`).join(' ');
}

/** The Markdown reports' verdict emoji as a coloured dot: a page must not depend on the reader's emoji font. */
const DOTS: Record<string, string> = {
  '🔴': 'regression',
  '🟡': 'inconclusive',
  '🟢': 'improvement',
  '⚪': 'unchanged',
  '🟠': 'informs',
  '🆕': 'new',
  '➖': 'missing',
};

function verdictDot(cell: string): string {
  const symbol = Object.keys(DOTS).find((s) => cell.startsWith(`${s} `));
  return symbol === undefined ? cell : `<span class="dot ${DOTS[symbol]}">●</span>${cell.slice(symbol.length)}`;
}

const ROW_HEIGHT = 26;
const PLOT_WIDTH = 400;
/**
 * The width of a text of the forest's 12 px font, at the most (a digit or a capital is 7 px wide): the columns are as wide as their texts,
 * so a narrow window scales the drawing down the least.
 */
const textWidth = (text: string) => Math.ceil(text.length * 7.2);
/** A verdict's colour (the interval's place against the threshold says the same without colour). */
const VERDICT_COLOUR = {
  regression: COLOUR.vermilion,
  inconclusive: COLOUR.orange,
  improvement: COLOUR.bluishGreen,
  unchanged: '#6a737d',
} as const;

/** Each blocking metric's change against its threshold with its interval, as the PR comment's chart, drawn in SVG. */
function forestSvg(gate: GateResult): string {
  const forest = forestRows(gate.scenarios);
  if (forest === null) return '';
  const { rows, total, lo, hi, step } = forest;
  const labelWidth = Math.max(...rows.map((r) => textWidth(r.label))) + 16;
  const figuresWidth = Math.max(...rows.map((r) => textWidth(r.figures))) + 16;
  const x = (v: number) => labelWidth + ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * PLOT_WIDTH;
  const top = 24;
  const height = top + rows.length * ROW_HEIGHT + 8;
  const width = labelWidth + PLOT_WIDTH + figuresWidth;
  const ticks = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step);
  const parts = [
    ...ticks.map(
      (t) =>
        `<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${top - 6}" y2="${height - 8}"/><text class="tick" x="${x(t)}" y="${top - 10}">${tickLabel(t)}</text>`,
    ),
    `<line class="zero" x1="${x(0)}" x2="${x(0)}" y1="${top - 6}" y2="${height - 8}"/>`,
    ...rows.map((r, i) => {
      const y = top + i * ROW_HEIGHT + ROW_HEIGHT / 2;
      const colour = VERDICT_COLOUR[r.verdict];
      return [
        `<g class="row" data-verdict="${r.verdict}">`,
        `<text class="label" x="${labelWidth - 10}" y="${y + 4}">${escapeHtml(r.label)}</text>`,
        `<line class="threshold" x1="${x(r.threshold)}" x2="${x(r.threshold)}" y1="${y - 10}" y2="${y + 10}"/>`,
        `<line class="interval" stroke="${colour}" x1="${x(r.low)}" x2="${x(r.high)}" y1="${y}" y2="${y}"/>`,
        `<circle class="estimate" fill="${colour}" cx="${x(r.estimate)}" cy="${y}" r="5"/>`,
        `<text class="figures" x="${labelWidth + PLOT_WIDTH + 12}" y="${y + 4}">${escapeHtml(r.figures)}</text>`,
        '</g>',
      ].join('');
    }),
  ];
  return (
    `<section><h2>Change against the threshold</h2><p class="note">Each blocking metric's change with its interval; right is worse. Solid: no change; dashed: the threshold.${escapeHtml(cutNote(rows.length, total))}</p>` +
    `<svg class="forest" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="change against the threshold">${parts.join('')}</svg></section>`
  );
}

function scenarioSection(name: string, figures: Figure[]): string {
  return `<section class="scenario"><h2>${escapeHtml(name)}</h2><div class="charts">${figures.map((figure) => figureHtml(figure, escapeHtml)).join('')}</div></section>`;
}

/** Untrusted text as HTML: plain text (plainText, as every output has it), then entities. */
export function escapeHtml(text: string): string {
  return plainText(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON inside a script element: "<" escaped, so no "</script>" or "<!--" in a name can end it;
 * line separators, control characters and bidirectional overrides as \u escapes, so the page's
 * bytes hold none (the data keeps the names as they are).
 */
function jsonForScript(value: unknown): string {
  const unicode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return JSON.stringify(value)
    .replace(/[<\u2028\u2029]/g, unicode)
    .replace(CONTROL, unicode);
}

/** The look both pages share (the report and the trend dashboard): nothing wider than the window, down to a phone's. */
const PAGE_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; }
body { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1100px; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h1, h2, p, li, .data td:first-child { overflow-wrap: anywhere; }
.meta, .context, .note, figcaption { color: var(--muted); }
.verdict { font-size: 16px; padding: 8px 12px; border-radius: 6px; background: #f6f8fa; border-left: 4px solid var(--muted); }
.verdict.fail { border-color: ${COLOUR.vermilion}; } .verdict.pass { border-color: ${COLOUR.bluishGreen}; } .verdict.inconclusive { border-color: ${COLOUR.orange}; }
table.data { border-collapse: collapse; font-size: 13px; }
.data th, .data td { border: 1px solid var(--line); padding: 4px 8px; text-align: right; vertical-align: top; }
.data th:first-child, .data td:first-child, .data th:nth-child(2), .data td:nth-child(2) { text-align: left; } .data th { background: #f6f8fa; }
.data td:first-child { min-width: 8em; } .data .phrase { display: inline-block; }
svg.forest { max-width: 100%; height: auto; font-size: 12px; }
svg .grid { stroke: #eaeef2; } svg .zero { stroke: var(--fg); } svg .threshold { stroke: ${COLOUR.vermilion}; stroke-dasharray: 3 3; }
svg .interval { stroke-width: 3; } svg .tick { text-anchor: middle; fill: var(--muted); } svg .label { text-anchor: end; } svg .figures { fill: var(--muted); }
.dot { margin-right: 2px; } .dot.regression { color: ${COLOUR.vermilion}; } .dot.inconclusive { color: ${COLOUR.orange}; } .dot.improvement { color: ${COLOUR.bluishGreen}; }
.dot.unchanged { color: #afb8c1; } .dot.informs { color: ${COLOUR.reddishPurple}; } .dot.new, .dot.missing { color: ${COLOUR.blue}; }
td.marked { color: ${COLOUR.vermilion}; font-weight: 600; } details { margin-top: 12px; } a { color: #0969da; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 400px), 1fr)); gap: 16px 24px; }
figure { margin: 0; min-width: 0; } figure.wide { grid-column: 1 / -1; }
.data.runs th, .data.runs td { text-align: left; }
.uplot .u-legend { font-size: 13px; } .u-legend .swatch { display: inline-block; width: 26px; height: 12px; margin-right: 4px; }
.uplot.at-rest .u-legend th::after { content: none; } .uplot.at-rest .u-legend .u-series:first-child { display: none; }
`;
