import { METRIC_LABEL } from '../result/metrics.js';
import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type { Baseline } from '../result/baseline.js';
import { historyEntry, type HistoryEntry } from '../result/history.js';
import { CHART_SCRIPT, chartData, figureHtml, keep, pack, type Figure, type XAxis } from './chart.js';
import { formatMs, formatRate, formatRelativeChange } from './format.js';
import { escapeHtml, htmlPage } from './html.js';
import { rateAxis } from './rate-axis.js';

/** Runs before a point that make its band: as many as a baseline keeps by default. */
export const BAND_RUNS = 10;
/** A run is marked when its p95 is this much above the band's median and outside the band. */
const MARK_THRESHOLD = 0.1;
/**
 * The digits of a commit a link names: 12, as unambiguous within any repository as the full 40
 * (GitHub and GitLab resolve an abbreviated commit in a URL), and 200 runs' links 11 kB shorter.
 */
const LINK_SHA = 12;
/** Significant digits of the dashboard's figures: a chart shows no more. */
const DIGITS = 3;

export interface DashboardOptions {
  /** The repository's web address ("https://github.com/octo-org/shop"): each run links to its commit there. */
  repository?: string;
}

/**
 * The trend of every recorded run of main, per suite and scenario, over the date each run
 * started: p50 and p95 with the band the previous BAND_RUNS runs make (their median, ± 2 robust
 * standard deviations of the log, MAD × 1.4826), req/s on its own axis, and the runs whose p95
 * left the band upward by more than 10 % marked. Hovering a run names its commit; with the
 * repository known, a click on it opens the commit, and the table of runs links each one.
 * Self-contained like the report.
 */
export function renderDashboard(baselines: Baseline[], options: DashboardOptions = {}): string {
  const x: Record<string, XAxis> = {};
  const charts: Figure['charts'] = [];
  const sections = baselines.map((baseline, i) => {
    // Every recorded run's figures, by start: the history, or for a file written before it was kept, its runs.
    const history = [...(baseline.history ?? baseline.runs.map(historyEntry))].sort(
      (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt),
    );
    x[`runs-${i}`] = runsAxis(history, options.repository);
    const trends = scenariosOf(history).map((name) => trend(name, history));
    const figures = trends.map((t, j) => trendFigure(t, `trend-${i}-${j}`, `runs-${i}`, pacedRate(baseline, t.name)));
    charts.push(...figures.flatMap((figure) => figure.charts));
    const click = options.repository === undefined ? '' : ' Hover a run for its commit and figures; click it to open the commit.';
    return (
      `<section><h2>${escapeHtml(baseline.suite)}</h2><p class="note">${history.length} recorded runs of main, by the date each started (UTC); band: the previous ${BAND_RUNS} runs' median p95 ± 2 robust standard deviations; ● a run whose p95 left it upward by more than ${MARK_THRESHOLD * 100} %.${click}</p>` +
      `<div class="charts">${figures.map((figure) => figureHtml(figure, escapeHtml)).join('')}</div>` +
      runTable(history, trends, options.repository) +
      '</section>'
    );
  });
  const data = chartData(x, charts);
  const repository =
    options.repository === undefined
      ? ''
      : ` · commits of <a href="${escapeHtml(options.repository)}">${escapeHtml(options.repository.replace(/^https:\/\//, ''))}</a>`;
  return htmlPage({
    title: 'perf-gate trends',
    header: `<p class="meta">${escapeHtml(baselines.map((b) => b.suite).join(' · '))}${repository}</p>`,
    main: sections.join('\n'),
    data,
    script: CHART_SCRIPT,
  });
}

interface Trend {
  name: string;
  p50: (number | null)[];
  p95: (number | null)[];
  rps: (number | null)[];
  bandLow: (number | null)[];
  bandHigh: (number | null)[];
  /** The band's median p95 at each run, null before there is a band. */
  centre: (number | null)[];
  /** The runs whose p95 left the band upward. */
  marked: number[];
}

function scenariosOf(history: HistoryEntry[]): string[] {
  return [...new Set(history.flatMap((entry) => Object.keys(entry.scenarios)))];
}

function trend(name: string, history: HistoryEntry[]): Trend {
  const figure = (metric: 'p50' | 'p95' | 'rps') => history.map((entry) => entry.scenarios[name]?.[metric] ?? null);
  const p95 = figure('p95');
  const bandLow: (number | null)[] = [];
  const bandHigh: (number | null)[] = [];
  const centres: (number | null)[] = [];
  const marked: number[] = [];
  p95.forEach((value, i) => {
    const before = p95
      .slice(Math.max(0, i - BAND_RUNS), i)
      .filter((v): v is number => v !== null)
      .map(Math.log);
    if (before.length < 3) {
      bandLow.push(null);
      bandHigh.push(null);
      centres.push(null);
      return;
    }
    const centre = median(before);
    const spread = 1.4826 * medianAbsoluteDeviation(before);
    bandLow.push(Math.exp(centre - 2 * spread));
    bandHigh.push(Math.exp(centre + 2 * spread));
    centres.push(Math.exp(centre));
    if (value !== null && Math.log(value) > centre + Math.max(2 * spread, Math.log1p(MARK_THRESHOLD))) marked.push(i);
  });
  return { name, p50: figure('p50'), p95, rps: figure('rps'), bandLow, bandHigh, centre: centres, marked };
}

/** A suite's runs as the charts' x axis: when each started, its commit, and where the commit is (hovering a run names them). */
function runsAxis(history: HistoryEntry[], repository: string | undefined): XAxis {
  const shas = history.map((entry) => entry.sha?.slice(0, LINK_SHA) ?? null);
  return {
    kind: 'time',
    values: history.map((entry) => Date.parse(entry.startedAt) / 1000),
    commits: repository === undefined ? { shas } : { url: `${repository}/commit/`, shas },
  };
}

/**
 * The rate a scenario is paced at (open model), by the newest kept run that has it: its req/s
 * axis is read against that; undefined for a closed scenario, whose axis starts at 0.
 */
function pacedRate(baseline: Baseline, name: string): number | undefined {
  const scenario = baseline.runs.findLast((run) => run.scenarios.some((s) => s.name === name))?.scenarios.find((s) => s.name === name);
  return scenario?.model === 'open' ? scenario.rate : undefined;
}

/**
 * A scenario's trend: p50 and p95 with the band and the runs that left it, and under it, sharing
 * the cursor, its req/s: on one chart with two axes the two lines would cross for no reason.
 */
function trendFigure(t: Trend, id: string, x: string, paced: number | undefined): Figure {
  const kept = (values: (number | null)[]) => pack(values, DIGITS);
  return {
    caption: `${t.name}: p50 and p95 (ms); under them, req/s${paced === undefined ? '' : ` (paced at ${formatRate(paced)} req/s)`}`,
    charts: [
      {
        id,
        x,
        sync: x,
        // From 0: a run 40 % slower looks 40 % higher.
        axes: [{ label: 'ms', unit: 'ms', side: 'left', min: 0 }],
        series: [
          { label: 'band low', axis: 0, values: kept(t.bandLow), look: 'bandEdge' },
          { label: 'band high', axis: 0, values: kept(t.bandHigh), look: 'bandEdge' },
          { label: METRIC_LABEL.p50, axis: 0, values: kept(t.p50), look: 'p50' },
          { label: METRIC_LABEL.p95, axis: 0, values: kept(t.p95), look: 'p95' },
          {
            label: 'left the band',
            axis: 0,
            values: { at: t.marked, values: t.marked.map((k) => keep(t.p95[k]!, DIGITS)) },
            look: 'leftBand',
          },
        ],
        band: [1, 0],
      },
      // From 0, or around the rate the scenario is paced at.
      {
        id: `${id}-rps`,
        x,
        sync: x,
        height: 130,
        axes: [{ label: 'req/s', unit: 'req/s', side: 'left', ...rateAxis(t.rps, paced) }],
        series: [{ label: METRIC_LABEL.rps, axis: 0, values: kept(t.rps), look: 'rps' }],
      },
    ],
  };
}

/**
 * Every run, newest first: when, its commit (a link, with the repository known) and the
 * scenarios whose p95 left the band there, with how far above the band's median. The figures of
 * every run are in the charts; a column per scenario would be a table wider than any window.
 */
function runTable(history: HistoryEntry[], trends: Trend[], repository: string | undefined): string {
  const head = '<tr><th>started (UTC)</th><th>commit</th><th>p95 left the band</th></tr>';
  const rows = history
    .map((entry, i) => {
      const sha = entry.sha === null ? 'unknown' : escapeHtml(entry.sha.slice(0, 7));
      const commit =
        entry.sha !== null && repository !== undefined
          ? `<a href="${escapeHtml(`${repository}/commit/${entry.sha.slice(0, LINK_SHA)}`)}">${sha}</a>`
          : sha;
      const left = trends
        .filter((t) => t.marked.includes(i))
        .map(
          (t) =>
            `${escapeHtml(t.name)}: ${escapeHtml(formatMs(t.p95[i]!))}, ${escapeHtml(formatRelativeChange(t.p95[i]! / t.centre[i]! - 1, 0))} over the band's median`,
        );
      return `<tr><td>${escapeHtml(entry.startedAt.replace('T', ' ').slice(0, 16))}</td><td>${commit}</td><td${left.length > 0 ? ' class="marked"' : ''}>${left.join('; ')}</td></tr>`;
    })
    .reverse()
    .join('');
  return `<details><summary>Every run, newest first</summary><table class="data runs"><thead>${head}</thead><tbody>${rows}</tbody></table></details>`;
}
