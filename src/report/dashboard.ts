import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type { Baseline } from '../result/baseline.js';
import { historyEntry, type HistoryEntry } from '../result/history.js';
import { formatMs } from './format.js';
import { escapeHtml, htmlPage } from './html.js';

/** Runs before a point that make its band: as many as a baseline keeps by default. */
export const BAND_RUNS = 10;
/** A run is marked when its p95 is this much above the band's median and outside the band. */
const MARK_THRESHOLD = 0.1;

/**
 * The trend of every recorded run of main, per suite and scenario: p50 and p95 over the runs
 * with the band the previous BAND_RUNS runs make (their median, ± 2 robust standard deviations
 * of the log, MAD × 1.4826), req/s on its own axis, and the runs whose p95 left the band upward by
 * more than 10 % marked. A table links each run to its commit. Self-contained like the report.
 */
export function renderDashboard(baselines: Baseline[], options: { commitUrl?: (sha: string) => string } = {}): string {
  // Every recorded run's figures, oldest first: the history, or for a file written before it was kept, its runs.
  const suites = baselines.map((baseline) => ({ suite: baseline.suite, history: baseline.history ?? baseline.runs.map(historyEntry) }));
  const data = suites.map(({ suite, history }) => ({
    suite,
    runs: history.map((entry) => ({ startedAt: entry.startedAt, sha: entry.sha })),
    scenarios: scenariosOf(history).map((name) => trend(name, history)),
  }));
  const sections = data.map(
    (s, i) =>
      `<section><h2>${escapeHtml(s.suite)}</h2><p class="note">${s.runs.length} recorded runs of main, oldest first; band: the previous ${BAND_RUNS} runs' median p95 ± 2 robust standard deviations; ● a run whose p95 left it upward by more than ${MARK_THRESHOLD * 100} %.</p>` +
      `<div class="charts">${s.scenarios.map((t, j) => `<figure><figcaption>${escapeHtml(t.name)}: p50, p95 (ms) and req/s</figcaption><div class="chart" id="trend-${i}-${j}"></div></figure>`).join('')}</div>` +
      runTable(s.runs, s.scenarios, options.commitUrl) +
      '</section>',
  );
  return htmlPage({
    title: 'perf-gate trends',
    header: `<p class="meta">${escapeHtml(suites.map((s) => s.suite).join(' · '))}</p>`,
    main: sections.join('\n'),
    data,
    script: CLIENT,
  });
}

interface Trend {
  name: string;
  p50: (number | null)[];
  p95: (number | null)[];
  rps: (number | null)[];
  bandLow: (number | null)[];
  bandHigh: (number | null)[];
  /** p95 where the run was marked, else null. */
  marked: (number | null)[];
}

function scenariosOf(history: HistoryEntry[]): string[] {
  return [...new Set(history.flatMap((entry) => Object.keys(entry.scenarios)))];
}

function trend(name: string, history: HistoryEntry[]): Trend {
  const figure = (metric: 'p50' | 'p95' | 'rps') => history.map((entry) => entry.scenarios[name]?.[metric] ?? null);
  const p95 = figure('p95');
  const bandLow: (number | null)[] = [];
  const bandHigh: (number | null)[] = [];
  const marked: (number | null)[] = [];
  p95.forEach((value, i) => {
    const before = p95.slice(Math.max(0, i - BAND_RUNS), i).filter((v): v is number => v !== null).map(Math.log);
    if (before.length < 3) {
      bandLow.push(null);
      bandHigh.push(null);
      marked.push(null);
      return;
    }
    const centre = median(before);
    const spread = 1.4826 * medianAbsoluteDeviation(before);
    bandLow.push(Math.exp(centre - 2 * spread));
    bandHigh.push(Math.exp(centre + 2 * spread));
    const out = value !== null && Math.log(value) > centre + Math.max(2 * spread, Math.log1p(MARK_THRESHOLD));
    marked.push(out ? value : null);
  });
  return { name, p50: figure('p50'), p95, rps: figure('rps'), bandLow, bandHigh, marked };
}

function runTable(runs: { startedAt: string; sha: string | null }[], trends: Trend[], commitUrl: ((sha: string) => string) | undefined): string {
  const head = `<tr><th>run</th><th>commit</th>${trends.map((t) => `<th>${escapeHtml(t.name)} p95</th>`).join('')}</tr>`;
  const rows = runs
    .map((run, i) => {
      const sha = run.sha === null ? 'unknown' : escapeHtml(run.sha.slice(0, 7));
      const commit = run.sha !== null && commitUrl !== undefined ? `<a href="${escapeHtml(commitUrl(run.sha))}">${sha}</a>` : sha;
      const cells = trends.map((t) => {
        const value = t.p95[i] ?? null;
        return `<td${t.marked[i] !== null ? ' class="marked"' : ''}>${value === null ? '' : formatMs(value)}</td>`;
      });
      return `<tr><td>${escapeHtml(run.startedAt.replace('T', ' ').slice(0, 16))}</td><td>${commit}</td>${cells.join('')}</tr>`;
    })
    .reverse()
    .join('');
  return `<details><summary>Every run, newest first</summary><table class="data"><thead>${head}</thead><tbody>${rows}</tbody></table></details>`;
}

const CLIENT = `
(function () {
  var suites = JSON.parse(document.getElementById('perf-gate-data').textContent);
  function ms(u, vals) { return vals.map(function (v) { return v == null ? '' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2); }); }
  suites.forEach(function (s, i) {
    var x = s.runs.map(function (r, k) { return k + 1; });
    s.scenarios.forEach(function (t, j) {
      var el = document.getElementById('trend-' + i + '-' + j);
      el.chart = new uPlot({
        width: 520, height: 280,
        scales: { x: { time: false }, ms: {}, rps: {} },
        axes: [{ label: 'run' }, { scale: 'ms', values: ms, label: 'ms' }, { scale: 'rps', side: 1, grid: { show: false }, label: 'req/s' }],
        series: [
          { label: 'run', value: function (u, v) { var r = s.runs[v - 1]; return r ? (r.sha ? r.sha.slice(0, 7) : '?') + ' ' + r.startedAt.slice(0, 10) : ''; } },
          { label: 'band low', scale: 'ms', stroke: 'rgba(9,105,218,0.25)' },
          { label: 'band high', scale: 'ms', stroke: 'rgba(9,105,218,0.25)' },
          { label: 'p50', scale: 'ms', stroke: '#8250df' },
          { label: 'p95', scale: 'ms', stroke: '#d73a49', width: 2 },
          { label: 'req/s', scale: 'rps', stroke: '#6e7781', dash: [4, 4] },
          { label: 'left the band', scale: 'ms', stroke: '#d73a49', width: 0, points: { show: true, size: 10, fill: '#d73a49' } },
        ],
        bands: [{ series: [2, 1], fill: 'rgba(9,105,218,0.08)' }],
      }, [x, t.bandLow, t.bandHigh, t.p50, t.p95, t.rps, t.marked], el);
    });
  });
  document.body.dataset.charts = String(document.querySelectorAll('.uplot').length);
})();
`;
