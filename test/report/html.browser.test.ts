/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { createLatencyHistogram, encodeHistogram } from '../../src/result/histogram.js';
import type { RunResult } from '../../src/result/result.js';
import { renderHtmlReport, type HtmlReportInput } from '../../src/report/html.js';
import { renderGateMarkdown } from '../../src/report/gate-markdown.js';
import { renderDashboard } from '../../src/report/dashboard.js';
import type { HistoryEntry } from '../../src/result/history.js';
import { BASELINE_SCHEMA, type Baseline } from '../../src/result/baseline.js';
import { MAX_HISTORY } from '../../src/result/history.js';
import { budgetComparison } from '../../src/report/gate-facts.js';
import { METRIC_LABEL } from '../../src/result/metrics.js';
import { outcome } from '../../src/stats/judge.js';
import type { BudgetCheck, GateResult, MetricComparison } from '../../src/result/verdict.js';
import { HOSTILE, failInput, largeInput, metric, passInput } from './fixtures.js';
import { launchBrowser } from '../helpers/browser.js';
import { layoutFaults, probeCanvasText } from '../helpers/layout.js';

/**
 * The HTML report in a real browser: the headless Chromium that `npm ci` installs
 * (test/helpers/browser.ts). Screenshots go to .tmp/screenshots/ for a person to look at.
 */
const SHOTS = fileURLToPath(new URL('../../.tmp/screenshots/', import.meta.url));

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-html-'));
  await mkdir(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Two frames after the charts are made: their legends are laid out, and the screenshot shows the page as a person sees it. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
}

/** Opens a page from a file, as a downloaded artifact is opened, at a window `width` px wide, once its charts are drawn. */
async function openPage(name: string, html: string, width = 1200): Promise<Opened> {
  const file = join(dir, `${name}.html`);
  await writeFile(file, html);
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => requests.push(request.url()));
  await probeCanvasText(page);
  await page.setViewport({ width, height: 900 });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.charts !== undefined, { timeout: 10_000 });
  await settled(page);
  return { page, errors, requests };
}

type ChartInstance = HTMLElement & { chart?: { series: unknown[]; data: (number | null)[][] } };

/** What uPlot drew, chart by chart: its series (the x values first) and the points of each. */
async function drawnCharts(page: Page): Promise<{ id: string; series: number; points: number[] }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<ChartInstance>('.chart')].map((el) => ({
      id: el.id,
      series: el.chart?.series.length ?? 0,
      points: (el.chart?.data ?? []).slice(1).map((values) => values.filter((v) => v !== null).length),
    })),
  );
}

/** Runs in the page: true when every uPlot legend starts below its canvas. */
function legendsUnderPlots(): boolean {
  return [...document.querySelectorAll('.uplot')].every(
    (chart) =>
      chart.querySelector('.u-legend')!.getBoundingClientRect().top >= chart.querySelector('canvas')!.getBoundingClientRect().bottom - 1,
  );
}

interface LegendRow {
  label: string;
  value: string;
  /** As the row reads: the label, the colon uPlot's stylesheet puts after it (or none), the value. */
  reads: string;
}

/** Each chart's legend at rest, and while the pointer rests on the middle of its plot, as a person hovering sees it. */
async function legends(page: Page): Promise<{ chart: string; atRest: LegendRow[]; hovered: LegendRow[] }[]> {
  const ids = await page.evaluate(() => [...document.querySelectorAll('.chart')].map((el) => el.id));
  const rows = (id: string) =>
    page.evaluate(
      (id) =>
        [...document.querySelectorAll(`#${id} .u-legend .u-series`)].map((row) => {
          const label = row.querySelector('.u-label')?.textContent ?? '';
          const value = row.querySelector('.u-value')?.textContent ?? '';
          const colon = getComputedStyle(row.querySelector('th')!, '::after')
            .content.replace(/^none$/, '')
            .replace(/"/g, '');
          return { label, value, reads: `${label}${colon} ${value}`.trim() };
        }),
      id,
    );
  const read = [];
  for (const id of ids) {
    const atRest = await rows(id);
    const at = await page.evaluate((id) => {
      const over = document.querySelector(`#${id} .u-over`)!;
      over.scrollIntoView({ block: 'center' });
      const box = over.getBoundingClientRect();
      return { x: box.left + box.width * 0.55, y: box.top + box.height / 2 };
    }, id);
    await page.mouse.move(at.x, at.y);
    read.push({ chart: id, atRest, hovered: await rows(id) });
  }
  await page.mouse.move(0, 0);
  return read;
}

/**
 * A figure as a person reads it: a unit, and about three significant figures (0 decimals from
 * 100 up, 1 from 10, 2 below, 3 for a small percentage): "312 ms", "1.60 ms", "74,775 req/s", "0.4%".
 */
function readable(value: string): boolean {
  const m = /^(\d{1,3}(?:,\d{3})*)(?:\.(\d+))?(?: (ms|s|req\/s|MB)|%)$/.exec(value);
  if (m === null) return false;
  const whole = Number(m[1]!.replaceAll(',', ''));
  return (m[2]?.length ?? 0) <= (whole >= 100 ? 0 : whole >= 10 ? 1 : value.endsWith('%') ? 3 : 2);
}

/** A ramp of `seconds` one-second buckets, its p95 rising with the rate and breaking the budget at `breakAt`. */
function stressRun(): HtmlReportInput {
  const input = failInput();
  const empty = encodeHistogram(createLatencyHistogram());
  const run: RunResult = {
    ...input.current,
    scenarios: [
      {
        ...input.current.scenarios[0]!,
        name: 'ramp',
        rounds: input.current.scenarios[0]!.rounds.slice(0, 1).map((round) => ({
          ...round,
          durationMs: 30_000,
          timeline: Array.from({ length: 30 }, (_, s) => ({
            atMs: s * 1000,
            targetRps: 50 + s * 10,
            requests: Math.min(50 + s * 10, 260),
            errors: 0,
            p95Ms: s < 20 ? 5 + s * 0.2 : 30 + (s - 20) * 15,
            histogram: empty,
          })),
        })),
      },
    ],
  };
  return {
    suite: 'stress',
    current: run,
    baseline: [],
    stress: [{ scenario: 'ramp', peakRps: 340, broke: { round: 1, atMs: 21_000, targetRps: 260, metric: 'p95', value: 45, limit: 40 } }],
  };
}

/**
 * The failing fixture with the service's cost measured on search (CPU per request and memory, its
 * baseline's too), where CPU per request blocks and regressed (+60 %) and exceeds its budget:
 * the case the demo's report scenario makes. home's req/s (75,000) blocks too: its axis has the
 * widest labels.
 */
function costlyFail(): HtmlReportInput & { gate: GateResult } {
  const input = failInput();
  const withCost = (run: RunResult, cpuMs: number): RunResult => ({
    ...run,
    scenarios: run.scenarios.map((s) =>
      s.name !== 'search'
        ? s
        : {
            ...s,
            rounds: s.rounds.map((r, k) => ({
              ...r,
              service: {
                cpuMs: r.requests * cpuMs * (1 + 0.02 * Math.sin(k)),
                wallMs: r.durationMs + 40,
                rssBytes: Math.round((80 + k) * 1e6),
              },
            })),
          },
    ),
  });
  const cpu = metric('cpuPerRequest', 1, 1.6, 0.6, [0.52, 0.68], {
    blocking: true,
    verdict: 'regression',
    significant: true,
    pValue: 1e-5,
    adjustedPValue: 1e-4,
    detectable: 0.12,
  });
  const blocks = (m: MetricComparison) => (m.metric === 'rps' ? { ...m, blocking: true, detectable: 0.02 } : m);
  const scenarios = input.gate.scenarios.map((s) =>
    s.name === 'search' ? { ...s, metrics: [...s.metrics, cpu] } : s.name === 'home' ? { ...s, metrics: s.metrics.map(blocks) } : s,
  );
  const budgets: BudgetCheck[] = [
    ...input.gate.budgets,
    { scenario: 'search', metric: 'cpuPerRequest', limit: 1.2, actual: 1.6, passed: false },
  ];
  const gate: GateResult = { ...input.gate, budgets, ...outcome(scenarios, budgets, input.gate.failOn) };
  return { ...input, current: withCost(input.current, 1.6), baseline: input.baseline.map((run) => withCost(run, 1)), gate, budgets };
}

describe('the HTML report in a browser', () => {
  it('draws every chart of a judged run, offline, with no console errors, and a name cannot inject markup', async () => {
    const input = failInput();
    // The verdict names each finding once (the budget is in the check run's title already).
    expect(renderHtmlReport(input)).toContain('<strong>Fail</strong>: p95 +18 % on search · 1 budget exceeded · 1 not judged</p>');
    const { page, errors, requests } = await openPage('judged', renderHtmlReport(input));
    const drawn = await drawnCharts(page);
    const laidOut = await page.evaluate(legendsUnderPlots);
    const forestRows = await page.evaluate(() => document.querySelectorAll('svg.forest g.row').length);
    await page.close();
    expect(errors).toEqual([]);
    expect(laidOut).toBe(true);
    // Nothing but the page itself: scripts, styles and data are inline.
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    const compared = input.current.scenarios;
    expect(drawn.filter((c) => c.id.startsWith('percentiles-'))).toHaveLength(compared.length);
    for (const [i, scenario] of compared.entries()) {
      const percentiles = drawn.find((c) => c.id === `percentiles-${i}`)!;
      const hasBaseline = input.baseline.some((run) => run.scenarios.some((s) => s.name === scenario.name));
      // This run and the baseline's curve, 101 quantiles each (to 99.999 %).
      expect(percentiles.series).toBe(hasBaseline ? 3 : 2);
      expect(percentiles.points).toEqual(hasBaseline ? [101, 101] : [101]);
      // p50, p95, p99 round by round, and the baseline's p95 (the blocking percentile) beside them.
      const latency = drawn.find((c) => c.id === `latency-${i}`)!;
      const rounds = scenario.rounds.length;
      expect(latency.points).toEqual(hasBaseline ? [rounds, rounds, rounds, rounds] : [rounds, rounds, rounds]);
    }
    expect(forestRows).toBe(4);
    expect(compared.some((s) => s.name === HOSTILE)).toBe(true);
  }, 60_000);

  it('draws a chart for every blocking metric, CPU per request and memory where measured, and lists the budgets exceeded with their figures', async () => {
    const input = costlyFail();
    const { page, errors } = await openPage('costly', renderHtmlReport(input));
    const drawn = await drawnCharts(page);
    const budgetRows = await page.evaluate(() =>
      [...document.querySelectorAll('section')]
        .filter((s) => s.querySelector('h2')?.textContent?.startsWith('Budgets'))
        .flatMap((s) =>
          [...s.querySelectorAll('tbody tr')].map((tr) =>
            [...tr.querySelectorAll('td')].map((td) => td.textContent!.replace(/\u00a0/g, ' ')),
          ),
        ),
    );
    await page.close();
    expect(errors).toEqual([]);
    // Each metric that blocks has its chart, in the scenario's section: latencies share one, the rest one each.
    const chartOf: Record<string, string> = {
      p50: 'latency',
      p95: 'latency',
      p99: 'latency',
      rps: 'rps',
      errorRate: 'errors',
      cpuPerRequest: 'cpu',
    };
    const hadErrors = (name: string) =>
      [input.current, ...input.baseline].some((run) =>
        run.scenarios.some((s) => s.name === name && s.rounds.some((r) => r.errors.total > 0)),
      );
    for (const [i, scenario] of input.current.scenarios.entries()) {
      const comparison = input.gate.scenarios.find((s) => s.name === scenario.name && s.status === 'compared');
      for (const m of comparison?.metrics.filter((m) => m.blocking) ?? []) {
        // An error rate of 0 on both sides is no chart (it would be a line at 0).
        if (m.metric === 'errorRate' && !hadErrors(scenario.name)) continue;
        expect(
          drawn.map((c) => c.id),
          `${scenario.name} ${m.metric}`,
        ).toContain(`${chartOf[m.metric]}-${i}`);
      }
      // The service's cost wherever it was measured: this run's rounds and the baseline's level.
      const measured = scenario.rounds.some((r) => r.service !== undefined);
      expect(
        drawn.some((c) => c.id === `cpu-${i}`),
        scenario.name,
      ).toBe(measured);
      expect(
        drawn.some((c) => c.id === `memory-${i}`),
        scenario.name,
      ).toBe(measured);
      if (measured) expect(drawn.find((c) => c.id === `memory-${i}`)!.points).toEqual([scenario.rounds.length, scenario.rounds.length]);
    }
    expect(input.current.scenarios.some((s) => s.rounds.some((r) => r.service !== undefined))).toBe(true);
    // Every budget exceeded, named with its figure against its limit; none that was met.
    const exceeded = input.gate.budgets.filter((b) => !b.passed);
    expect(exceeded.length).toBeGreaterThan(1);
    expect(budgetRows).toEqual(exceeded.map((b) => [b.scenario, METRIC_LABEL[b.metric], budgetComparison(b)]));
  }, 60_000);

  it('draws a stress run\u2019s timeline with its target, achieved rate and p95, and marks the breaking point', async () => {
    const input = stressRun();
    const { page, errors } = await openPage('stress', renderHtmlReport(input));
    const drawn = await drawnCharts(page);
    const faults = await page.evaluate(layoutFaults);
    const mark = await page.evaluate(() =>
      (window as unknown as { canvasText: { chart: string; text: string }[] }).canvasText.some(
        (t) => t.chart === 'timeline-0' && t.text === 'breaking point',
      ),
    );
    await page.screenshot({ path: join(SHOTS, 'stress.png'), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
    const timeline = drawn.find((c) => c.id === 'timeline-0')!;
    expect(timeline.series).toBe(4);
    expect(timeline.points).toEqual([30, 30, 30]);
    expect(mark).toBe(true);
    expect(faults.canvasText).toEqual([]);
    // A run alone: its own curve, no baseline.
    expect(drawn.find((c) => c.id === 'percentiles-0')!.series).toBe(2);
  }, 60_000);

  it('stays under 250 kB for 30 scenarios, self-contained', () => {
    const html = renderHtmlReport(largeInput(30, [0, 1], [2]));
    expect(Buffer.byteLength(html)).toBeLessThan(250_000);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });
});

describe("the HTML report's layout, at 1,200 and 800 px", () => {
  it.each([
    ['html', 'judged, failing', costlyFail],
    ['html-pass', 'judged, passing', passInput],
  ])(
    '%s: %s: nothing wider than the window, no text cut by its box or its canvas, legends that name and measure',
    async (shot, _what, make) => {
      const html = renderHtmlReport(make());
      for (const width of [1200, 800]) {
        const { page, errors } = await openPage(`${shot}-${width}`, html, width);
        await page.screenshot({ path: join(SHOTS, `${shot}-${width}.png`), fullPage: true });
        const faults = await page.evaluate(layoutFaults);
        const read = await legends(page);
        await page.close();
        expect(errors).toEqual([]);
        expect(faults.wide, `${width} px`).toEqual([]);
        expect(faults.pageWidth, `${width} px`).toBeLessThanOrEqual(faults.viewport);
        expect(faults.clipped, `${width} px`).toEqual([]);
        expect(faults.svgText, `${width} px`).toEqual([]);
        expect(faults.canvasText, `${width} px`).toEqual([]);
        for (const { chart, atRest, hovered } of read) {
          // At rest the legend names each line and shows no placeholder; hovered, the point and each value with its unit.
          for (const row of atRest) expect(`${chart}: ${row.reads}`).not.toMatch(/Value|--|:$/);
          expect(hovered[0]!.value, chart).toMatch(/^(p\d|round \d|second \d)/);
          for (const row of hovered.slice(1)) {
            expect(row.label, chart).not.toMatch(/^Value/);
            if (row.value !== '') expect(readable(row.value), `${chart}: ${row.reads}`).toBe(true);
          }
          expect(
            hovered.slice(1).some((row) => row.value !== ''),
            chart,
          ).toBe(true);
        }
      }
    },
    120_000,
  );
});

describe("the PR comment's Mermaid blocks, in Mermaid itself", () => {
  const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
  /** A report of n scenarios with hostile names (quotes, brackets, percent signs, backticks) over a stored baseline of 3 runs. */
  function hostile(n: number) {
    const input = largeInput(n, [0], n > 1 ? [1] : []);
    const rename = (name: string) => name.replace('endpoint', '"x" [y] %%{init}%% `z` ;--> é');
    const runs = [input.current, ...input.baseline].map((run) => ({
      ...run,
      scenarios: run.scenarios.map((s) => ({ ...s, name: rename(s.name) })),
    }));
    return {
      ...input,
      current: runs[0]!,
      baseline: runs.slice(1),
      gate: { ...input.gate, scenarios: input.gate.scenarios.map((s) => ({ ...s, name: rename(s.name) })) },
    };
  }

  it.each([
    ['1 scenario', () => hostile(1)],
    ['4 scenarios, one named to break out of the report', failInput],
    ['30 scenarios', () => hostile(30)],
  ])(
    'parses and renders every block of a report of %s',
    async (_what, input) => {
      const markdown = renderGateMarkdown(input());
      const blocks = [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
      expect(blocks.length).toBeGreaterThan(0);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.setContent('<!doctype html><html><body></body></html>');
      await page.addScriptTag({ path: MERMAID });
      const rendered = await page.evaluate(async (codes: string[]) => {
        const mermaid = (
          window as unknown as {
            mermaid: {
              initialize(o: object): void;
              parse(c: string): Promise<unknown>;
              render(id: string, c: string): Promise<{ svg: string }>;
            };
          }
        ).mermaid;
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
        const out: { parsed: boolean; lines: number; dashes: string[]; legend: string[]; svg: number }[] = [];
        for (const [i, code] of codes.entries()) {
          const parsed = (await mermaid.parse(code)) !== false;
          const { svg } = await mermaid.render(`chart-${i}`, code);
          const holder = document.createElement('div');
          holder.innerHTML = svg;
          document.body.append(holder);
          const paths = [...holder.querySelectorAll('[class*="line-plot"] path')];
          out.push({
            parsed,
            lines: paths.length,
            dashes: paths.map((path) => getComputedStyle(path).strokeDasharray),
            legend: [...holder.querySelectorAll('.legend .label text')].map((text) => text.textContent ?? ''),
            svg: svg.length,
          });
        }
        return out;
      }, blocks);
      await page.screenshot({ path: join(SHOTS, `mermaid-${_what.split(' ')[0]}.png`), fullPage: true });
      await page.close();
      expect(errors).toEqual([]);
      for (const [i, block] of blocks.entries()) {
        expect(rendered[i]!.parsed).toBe(true);
        // One drawn line per series the block declares, each with a dash of its own and its name in the legend: more than colour tells them
        // apart.
        const declared = block.split('\n').filter((line) => line.trimStart().startsWith('line '));
        expect(rendered[i]!.lines).toBe(declared.length);
        expect(new Set(rendered[i]!.dashes).size).toBe(declared.length);
        expect(rendered[i]!.legend).toEqual(declared.map((line) => /^\s*line "([^"]*)"/.exec(line)![1]));
      }
    },
    60_000,
  );
});

describe('the trend dashboard in a browser', () => {
  const REPOSITORY = 'https://github.com/octo-org/shop';
  /**
   * 36 runs of main, a day apart: home (closed model) and a scenario paced at 100 req/s, both
   * wandering a few per cent (the paced one's rate between 99.4 and 100); from run 30 on, the
   * paced one's p95 is 40 % higher.
   */
  function history(): HistoryEntry[] {
    return Array.from({ length: 36 }, (_, i) => {
      const wander = 1 + 0.03 * Math.sin(i * 1.7);
      return {
        startedAt: new Date(Date.UTC(2026, 9, 1 + i, 6, 30)).toISOString(),
        sha: (i + 10).toString(16).padStart(2, '0').repeat(20),
        scenarios: {
          home: { p50: 0.4 * wander, p95: 1.1 * wander, p99: 2 * wander, rps: 20_000 / wander },
          [HOSTILE]: { p50: 3 * wander, p95: (i >= 30 ? 7 : 5) * wander, p99: 9 * wander, rps: 100 - 0.6 * Math.abs(Math.sin(i)) },
        },
      };
    });
  }
  // The kept runs say how each scenario is loaded: home closed, the other paced (open model) at 100 req/s.
  const baseline = (): Baseline => ({
    schema: BASELINE_SCHEMA,
    suite: 'shop',
    keep: 10,
    runs: failInput().baseline.slice(-1),
    history: history(),
  });

  it('draws each scenario over the dates of 36 runs with its band, req/s around a paced rate, cues beyond colour, and every run linked to its commit', async () => {
    const runs = history();
    const paced = baseline().runs[0]!.scenarios.find((s) => s.name === HOSTILE)!;
    expect([paced.model, paced.rate]).toEqual(['open', 100]);
    const html = renderDashboard([baseline()], { repository: REPOSITORY });
    for (const width of [1200, 800]) {
      const { page, errors } = await openPage(`dashboard-${width}`, html, width);
      const drawn = await page.evaluate(() =>
        Object.fromEntries(
          [
            ...document.querySelectorAll<ChartInstance & { chart?: { scales: Record<string, { min: number; max: number }> } }>('.chart'),
          ].map((el) => [
            el.id,
            {
              x: el.chart!.data[0]!,
              series: el.chart!.series.length,
              points: el.chart!.data.slice(1).map((values) => values.filter((v) => v !== null).length),
              marked: (el.chart!.data[5] ?? []).map((v, i) => (v === null ? null : i + 1)).filter((run) => run !== null),
              y: el.chart!.scales.y0!,
              // The legend's markers as drawn, colour left out: what tells the lines apart without colour.
              swatches: [...el.querySelectorAll('.u-legend .swatch svg')].map((svg) =>
                svg.innerHTML.replace(/ (stroke|fill)="[^"]*"/g, ''),
              ),
            },
          ]),
        ),
      );
      const laidOut = await page.evaluate(legendsUnderPlots);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
      await settled(page);
      const faults = await page.evaluate(layoutFaults);
      const links = await page.evaluate(() => [...document.querySelectorAll('table a')].map((a) => a.getAttribute('href')));
      await page.screenshot({ path: join(SHOTS, width === 1200 ? 'dashboard.png' : `dashboard-${width}.png`), fullPage: true });
      // Hovering a run names its date and commit; a click on it opens the commit.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.removeAttribute('open')));
      await page.setRequestInterception(true);
      const opened: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith('https://')) {
          opened.push(request.url());
          void request.abort();
        } else void request.continue();
      });
      const at = await page.evaluate(() => {
        const over = document.querySelector('#trend-0-1 .u-over')!;
        over.scrollIntoView({ block: 'center' });
        const box = over.getBoundingClientRect();
        return { x: box.left + box.width * 0.7, y: box.top + box.height / 2 };
      });
      await page.mouse.move(at.x, at.y);
      const hovered = await page.evaluate(() => {
        const idx = (id: string) =>
          document.querySelector<HTMLElement & { chart?: { cursor: { idx: number } } }>(`#${id}`)!.chart!.cursor.idx;
        return {
          idx: idx('trend-0-1'),
          rpsIdx: idx('trend-0-1-rps'),
          name: document.querySelector('#trend-0-1 .u-legend .u-series .u-value')!.textContent,
        };
      });
      await page.mouse.click(at.x, at.y);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await page.close();

      expect(errors).toEqual([]);
      expect(laidOut).toBe(true);
      expect(faults, `${width} px`).toEqual({
        pageWidth: faults.viewport,
        viewport: faults.viewport,
        wide: [],
        clipped: [],
        svgText: [],
        canvasText: [],
      });
      // Per scenario, p50 and p95 with the band and the runs that left it; under it, req/s.
      expect(Object.keys(drawn)).toEqual(['trend-0-0', 'trend-0-0-rps', 'trend-0-1', 'trend-0-1-rps']);
      expect([drawn['trend-0-0']!.series, drawn['trend-0-0-rps']!.series]).toEqual([6, 2]);
      for (const j of [0, 1]) expect(drawn[`trend-0-${j}`]!.points.slice(2, 4)).toEqual([36, 36]);
      // The x axis is time: each run at the moment it started.
      for (const d of Object.values(drawn)) expect(d.x).toEqual(runs.map((run) => Date.parse(run.startedAt) / 1000));
      // home wanders within its band; the hostile-named scenario's jump at run 31 leaves it (until the band catches up).
      expect(drawn['trend-0-0']!.marked).toEqual([]);
      expect(drawn['trend-0-1']!.marked[0]).toBe(31);
      // Latency from 0; req/s from 0 for the closed scenario, around its target for the paced one, whose 99.4 … 100 is then a thin line.
      expect([drawn['trend-0-0']!.y.min, drawn['trend-0-1']!.y.min, drawn['trend-0-0-rps']!.y.min]).toEqual([0, 0, 0]);
      const rate = drawn['trend-0-1-rps']!.y;
      expect(rate.min).toBeGreaterThan(0);
      expect(rate.min).toBeLessThanOrEqual(paced.rate! * 0.9);
      expect(rate.max).toBeGreaterThanOrEqual(paced.rate! * 1.1 - 1e-9);
      // Each line's legend marker differs from the others' of its figure in more than colour (the band's two edges share theirs).
      for (const j of [0, 1]) {
        const lines = [...drawn[`trend-0-${j}`]!.swatches, ...drawn[`trend-0-${j}-rps`]!.swatches].filter(
          (svg) => !svg.startsWith('<rect'),
        );
        expect(lines).toHaveLength(4);
        expect(new Set(lines).size).toBe(lines.length);
      }
      expect(links).toHaveLength(36);
      // A commit by its first 12 digits, which GitHub resolves as it resolves the full id.
      expect(links[0]).toBe(`${REPOSITORY}/commit/${runs.at(-1)!.sha!.slice(0, 12)}`);
      // The charts of a figure share the cursor.
      expect(hovered.rpsIdx).toBe(hovered.idx);
      const run = runs[hovered.idx]!;
      expect(hovered.name).toBe(`${run.startedAt.slice(0, 10)} ${run.startedAt.slice(11, 16)} UTC · ${run.sha!.slice(0, 7)}`);
      expect(opened).toEqual([`${REPOSITORY}/commit/${run.sha!.slice(0, 12)}`]);
    }
  }, 60_000);

  it('without a repository, names each run\u2019s commit but links none', () => {
    const html = renderDashboard([baseline()]);
    expect(html).not.toContain('<a href');
    expect(html).not.toContain('"url"');
    expect(html).toContain(`<td>${history().at(-1)!.sha!.slice(0, 7)}</td>`);
  });

  it('stays under 250 kB for 30 scenarios over the 200 runs a history keeps', () => {
    const names = Array.from({ length: 30 }, (_, i) => `endpoint-${String(i).padStart(3, '0')}-with-a-fairly-long-descriptive-name`);
    const runs: HistoryEntry[] = Array.from({ length: MAX_HISTORY }, (_, i) => {
      const wander = 1 + 0.03 * Math.sin(i * 1.7);
      return {
        startedAt: new Date(Date.UTC(2026, 0, 1) + i * 43_200_000).toISOString(),
        sha: createHash('sha1').update(String(i)).digest('hex'),
        scenarios: Object.fromEntries(
          names.map((name, k) => [
            name,
            { p50: 0.412 * wander * (k + 1), p95: 1.137 * wander * (k + 1), p99: 2.3 * wander * (k + 1), rps: 21_345.6 / wander / (k + 1) },
          ]),
        ),
      };
    });
    const html = renderDashboard(
      [{ schema: BASELINE_SCHEMA, suite: 'big', keep: 10, runs: largeInput(30, [0], []).baseline.slice(-1), history: runs }],
      { repository: REPOSITORY },
    );
    expect(Buffer.byteLength(html)).toBeLessThan(250_000);
  });
});
