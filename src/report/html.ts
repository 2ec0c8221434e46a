import uplotScript from 'uplot/dist/uPlot.iife.min.js?raw';
import uplotStyle from 'uplot/dist/uPlot.min.css?raw';
import type { RunResult } from '../result/result.js';
import { summarizeScenarios } from '../stats/aggregate.js';
import type { StressFinding } from '../stats/breaking-point.js';
import type { BudgetCheck } from '../stats/budgets.js';
import type { GateResult } from '../stats/verdict.js';
import { checkRunTitle } from './check-run-title.js';
import { noiseNotes } from './gate-noise.js';
import { formatCount, formatMs, formatRate } from './format.js';
import { budgetHeadline, exceededBudgets } from './gate-facts.js';
import { forestRows, tickLabel, cutNote } from './gate-forest.js';
import { summaryCells, summaryColumns, summaryHeader } from './gate-summary.js';
import { scenarioCharts } from './html-data.js';
import { CONTROL, plainText } from './escape.js';

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
 * opens from a CI artifact or a file with no network. The verdict, a row per scenario, the change
 * of each blocking metric against its threshold (SVG, drawn here), and per scenario its latency
 * distribution (percentiles on a log axis, this run against the baseline), its rounds and, for
 * stages, its timeline with the breaking point. Pure: the same input gives the same page.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { current, gate } = input;
  const charts = scenarioCharts(current, input.baseline, input.stress ?? []);
  const title = `perf-gate: ${input.suite}`;
  const sections = [
    verdictSection(input),
    gate === undefined ? runTable(current) : summaryTable(gate),
    gate === undefined ? '' : forestSvg(gate),
    gate === undefined ? '' : notesSection(gate),
    ...charts.map((chart, i) => scenarioSection(chart.name, i, chart.timeline !== null)),
  ];
  return htmlPage({
    title,
    header: `${input.context === undefined ? '' : `<p class="context">${escapeHtml(input.context)}</p>`}<p class="meta">${escapeHtml(runFacts(current, input.baseline, gate))}</p>`,
    main: sections.filter((s) => s !== '').join('\n'),
    data: { scenarios: charts, baselineLabel: gate?.method.mode === 'interleaved' ? 'base' : 'baseline' },
    script: CLIENT,
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
  const label = gate.verdict === 'inconclusive' ? (gate.failed ? 'Fail' : 'No regression found') : { pass: 'Pass', fail: 'Fail', neutral: 'Neutral' }[gate.verdict];
  // The check run's title names the regressions and the budgets exceeded.
  return `<p class="verdict ${gate.verdict}"><strong>${label}</strong>: ${escapeHtml(checkRunTitle(gate))}</p>`;
}

/** The judge's warnings and what it assumed, as the comment says them. */
function notesSection(gate: GateResult): string {
  const items = [...gate.warnings.map(escapeHtml), ...noiseNotes(gate, escapeHtml)];
  return items.length === 0 ? '' : `<section><h2>Warnings and assumptions</h2><ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul></section>`;
}

function runFacts(current: RunResult, baseline: RunResult[], gate: GateResult | undefined): string {
  const facts = [`commit ${current.git.sha?.slice(0, 7) ?? 'unknown'}`, `started ${current.startedAt.replace('T', ' ').slice(0, 16)} UTC`, `${current.environment.cpu.model} × ${current.environment.cpu.count}`];
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
  const rows = summarizeScenarios(current.scenarios).map((s) => [
    s.name,
    s.model,
    String(s.rounds),
    formatRate(s.rps),
    formatMs(s.latencyMs.p50),
    formatMs(s.latencyMs.p95),
    formatMs(s.latencyMs.p99),
    formatMs(s.latencyMs.max),
    formatCount(s.errors),
  ]);
  return `<section><h2>Scenarios</h2>${table(['scenario', 'model', 'rounds', 'req/s', 'p50', 'p95', 'p99', 'max', 'errors'], rows)}</section>`;
}

function table(header: string[], rows: string[][]): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${verdictDot(escapeHtml(cell))}</td>`).join('')}</tr>`).join('');
  return `<table class="data"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** The Markdown reports' verdict emoji as a coloured dot: a page must not depend on the reader's emoji font. */
const DOTS: Record<string, string> = { '🔴': 'regression', '🟡': 'inconclusive', '🟢': 'improvement', '⚪': 'unchanged', '🟠': 'informs', '🆕': 'new', '➖': 'missing' };

function verdictDot(cell: string): string {
  const symbol = Object.keys(DOTS).find((s) => cell.startsWith(`${s} `));
  return symbol === undefined ? cell : `<span class="dot ${DOTS[symbol]}">●</span>${cell.slice(symbol.length)}`;
}

const ROW_HEIGHT = 26;
const LABEL_WIDTH = 260;
const PLOT_WIDTH = 420;
const FIGURES_WIDTH = 240;
const COLOUR = { regression: '#d73a49', inconclusive: '#b08800', improvement: '#22863a', unchanged: '#6a737d' } as const;

/** Each blocking metric's change against its threshold with its interval, as the PR comment's chart, drawn in SVG. */
function forestSvg(gate: GateResult): string {
  const forest = forestRows(gate.scenarios);
  if (forest === null) return '';
  const { rows, total, lo, hi, step } = forest;
  const x = (v: number) => LABEL_WIDTH + ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * PLOT_WIDTH;
  const top = 24;
  const height = top + rows.length * ROW_HEIGHT + 8;
  const width = LABEL_WIDTH + PLOT_WIDTH + FIGURES_WIDTH;
  const ticks = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step);
  const parts = [
    ...ticks.map((t) => `<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${top - 6}" y2="${height - 8}"/><text class="tick" x="${x(t)}" y="${top - 10}">${tickLabel(t)}</text>`),
    `<line class="zero" x1="${x(0)}" x2="${x(0)}" y1="${top - 6}" y2="${height - 8}"/>`,
    ...rows.map((r, i) => {
      const y = top + i * ROW_HEIGHT + ROW_HEIGHT / 2;
      const colour = COLOUR[r.verdict];
      return [
        `<g class="row" data-verdict="${r.verdict}">`,
        `<text class="label" x="${LABEL_WIDTH - 10}" y="${y + 4}">${escapeHtml(r.label)}</text>`,
        `<line class="threshold" x1="${x(r.threshold)}" x2="${x(r.threshold)}" y1="${y - 10}" y2="${y + 10}"/>`,
        `<line class="interval" stroke="${colour}" x1="${x(r.low)}" x2="${x(r.high)}" y1="${y}" y2="${y}"/>`,
        `<circle class="estimate" fill="${colour}" cx="${x(r.estimate)}" cy="${y}" r="5"/>`,
        `<text class="figures" x="${LABEL_WIDTH + PLOT_WIDTH + 12}" y="${y + 4}">${escapeHtml(r.figures)}</text>`,
        '</g>',
      ].join('');
    }),
  ];
  return (
    `<section><h2>Change against the threshold</h2><p class="note">Each blocking metric's change with its interval; right is worse. Solid: no change; dashed: the threshold.${escapeHtml(cutNote(rows.length, total))}</p>` +
    `<svg class="forest" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="change against the threshold">${parts.join('')}</svg></section>`
  );
}

function scenarioSection(name: string, index: number, timeline: boolean): string {
  return `<section class="scenario"><h2>${escapeHtml(name)}</h2><div class="charts">
<figure><figcaption>Latency distribution (ms, log scale)</figcaption><div class="chart" id="percentiles-${index}"></div></figure>
<figure><figcaption>Per round (ms)</figcaption><div class="chart" id="rounds-${index}"></div></figure>
${timeline ? `<figure class="wide"><figcaption>Stages: each second's target rate, achieved rate and p95</figcaption><div class="chart" id="timeline-${index}"></div></figure>` : ''}
</div></section>`;
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
  return JSON.stringify(value).replace(/[<\u2028\u2029]/g, unicode).replace(CONTROL, unicode);
}

/** The look both pages share (the report and the trend dashboard). */
const PAGE_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; }
body { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1100px; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta, .context, .note, figcaption { color: var(--muted); }
.verdict { font-size: 16px; padding: 8px 12px; border-radius: 6px; background: #f6f8fa; border-left: 4px solid var(--muted); }
.verdict.fail { border-color: #d73a49; } .verdict.pass { border-color: #22863a; } .verdict.inconclusive { border-color: #b08800; }
table.data { border-collapse: collapse; } .data th, .data td { border: 1px solid var(--line); padding: 4px 10px; text-align: right; white-space: nowrap; }
.data th:first-child, .data td:first-child, .data td:nth-child(2) { text-align: left; } .data th { background: #f6f8fa; }
svg.forest { max-width: 100%; height: auto; font-size: 12px; }
svg .grid { stroke: #eaeef2; } svg .zero { stroke: var(--fg); } svg .threshold { stroke: #d73a49; stroke-dasharray: 3 3; }
svg .interval { stroke-width: 3; } svg .tick { text-anchor: middle; fill: var(--muted); } svg .label { text-anchor: end; } svg .figures { fill: var(--muted); }
.dot { margin-right: 2px; } .dot.regression { color: #d73a49; } .dot.inconclusive { color: #b08800; } .dot.improvement { color: #22863a; }
.dot.unchanged { color: #afb8c1; } .dot.informs { color: #bc4c00; } .dot.new, .dot.missing { color: #0969da; }
td.marked { color: #d73a49; font-weight: 600; } details { margin-top: 12px; } a { color: #0969da; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; } figure { margin: 0; } figure.wide { flex-basis: 100%; }
`;

/** The page's own script: draws each scenario's charts from the data block with uPlot. */
const CLIENT = `
(function () {
  var data = JSON.parse(document.getElementById('perf-gate-data').textContent);
  var baseLabel = data.baselineLabel;
  var pct = { 0: 'p0', 1: 'p90', 2: 'p99', 3: 'p99.9', 4: 'p99.99', 5: 'p99.999' };
  function chart(id, opts, values) {
    var el = document.getElementById(id);
    if (!el) return;
    opts.width = opts.width || 520; opts.height = opts.height || 260;
    el.chart = new uPlot(opts, values, el);
  }
  function ms(u, vals) { return vals.map(function (v) { return v == null ? '' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2); }); }
  data.scenarios.forEach(function (s, i) {
    var p = s.percentiles;
    var pSeries = [{}, { label: 'this run', stroke: '#d73a49', width: 2 }];
    var pValues = [p.x, p.current.map(function (v) { return v > 0 ? v : null; })];
    if (p.baseline) { pSeries.push({ label: baseLabel, stroke: '#0969da', width: 2, dash: [6, 4] }); pValues.push(p.baseline.map(function (v) { return v > 0 ? v : null; })); }
    chart('percentiles-' + i, {
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ splits: function () { return [0, 1, 2, 3, 4, 5]; }, values: function (u, v) { return v.map(function (x) { return pct[x] || ''; }); } }, { values: ms }],
      series: pSeries,
    }, pValues);
    var r = s.rounds;
    var rSeries = [{ label: 'round' }, { label: 'p50', stroke: '#8250df' }, { label: 'p95', stroke: '#d73a49', width: 2 }, { label: 'p99', stroke: '#bc4c00' }];
    var rValues = [r.round, r.p50, r.p95, r.p99];
    if (r.baselineP95) { rSeries.push({ label: baseLabel + ' p95', stroke: '#0969da', dash: [6, 4] }); rValues.push(r.baselineP95); }
    chart('rounds-' + i, { scales: { x: { time: false } }, axes: [{ values: function (u, v) { return v.map(function (x) { return Number.isInteger(x) ? String(x) : ''; }); } }, { values: ms }], series: rSeries }, rValues);
    var t = s.timeline;
    if (t) {
      chart('timeline-' + i, {
        width: 1040,
        scales: { x: { time: false }, rps: {}, ms: {} },
        axes: [{ label: 's' }, { scale: 'rps', label: 'req/s' }, { scale: 'ms', side: 1, label: 'p95 ms', grid: { show: false }, values: ms }],
        series: [{ label: 's' }, { label: 'target req/s', scale: 'rps', stroke: '#6e7781', dash: [4, 4] }, { label: 'req/s', scale: 'rps', stroke: '#0969da', width: 2 }, { label: 'p95', scale: 'ms', stroke: '#d73a49', width: 2 }],
        hooks: { draw: [function (u) {
          if (t.breakAt == null) return;
          var x = u.valToPos(t.breakAt, 'x', true), ctx = u.ctx;
          ctx.save(); ctx.strokeStyle = '#d73a49'; ctx.setLineDash([5, 5]); ctx.lineWidth = 2;
          ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
          ctx.fillStyle = '#d73a49'; ctx.fillText('breaking point', x + 6, u.bbox.top + 14); ctx.restore();
        }] },
      }, [t.seconds, t.targetRps, t.rps, t.p95]);
      if (t.breakAt != null) document.getElementById('timeline-' + i).dataset.breakAt = String(t.breakAt);
    }
  });
  document.body.dataset.charts = String(document.querySelectorAll('.uplot').length);
})();
`;
