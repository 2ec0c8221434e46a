/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
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
import { HOSTILE, failInput, largeInput } from './fixtures.js';
import { launchBrowser } from '../helpers/browser.js';

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

interface Drawn {
  errors: string[];
  charts: { id: string; series: number; points: number[]; breakAt?: string }[];
  requests: string[];
  forestRows: number;
  /** Every chart's legend sits under its plot: uPlot's stylesheet reached the page. */
  laidOut: boolean;
}

/** Runs in the page: true when every uPlot legend starts below its canvas. */
function legendsUnderPlots(): boolean {
  return [...document.querySelectorAll('.uplot')].every((chart) => chart.querySelector('.u-legend')!.getBoundingClientRect().top >= chart.querySelector('canvas')!.getBoundingClientRect().bottom - 1);
}

/** Opens the page from a file, as a downloaded artifact is opened, and reads back what uPlot drew. */
async function open(name: string, input: HtmlReportInput): Promise<Drawn> {
  const file = join(dir, `${name}.html`);
  await writeFile(file, renderHtmlReport(input));
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => requests.push(request.url()));
  await page.setViewport({ width: 1200, height: 900 });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.charts !== undefined, { timeout: 10_000 });
  const charts = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement & { chart?: { series: unknown[]; data: number[][] } }>('.chart')].map((el) => ({
      id: el.id,
      series: el.chart?.series.length ?? 0,
      points: (el.chart?.data ?? []).slice(1).map((values) => values.filter((v) => v !== null).length),
      ...(el.dataset.breakAt === undefined ? {} : { breakAt: el.dataset.breakAt }),
    })),
  );
  const forestRows = await page.evaluate(() => document.querySelectorAll('svg.forest g.row').length);
  const laidOut = await page.evaluate(legendsUnderPlots);
  await settled(page);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await page.close();
  return { errors, charts, requests, forestRows, laidOut };
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
          timeline: Array.from({ length: 30 }, (_, s) => ({ atMs: s * 1000, targetRps: 50 + s * 10, requests: Math.min(50 + s * 10, 260), errors: 0, p95Ms: s < 20 ? 5 + s * 0.2 : 30 + (s - 20) * 15, histogram: empty })),
        })),
      },
    ],
  };
  return { suite: 'stress', current: run, baseline: [], stress: [{ scenario: 'ramp', peakRps: 340, broke: { round: 1, atMs: 21_000, targetRps: 260, metric: 'p95', value: 45, limit: 40 } }] };
}

describe('the HTML report in a browser', () => {
  it('draws every chart of a judged run, offline, with no console errors, and a name cannot inject markup', async () => {
    const input = failInput();
    // The verdict names each finding once (the budget is in the check run's title already).
    expect(renderHtmlReport(input)).toContain('<strong>Fail</strong>: p95 +18 % on search · 1 budget exceeded · 1 not judged</p>');
    const drawn = await open('judged', input);
    expect(drawn.errors).toEqual([]);
    expect(drawn.laidOut).toBe(true);
    // Nothing but the page itself: scripts, styles and data are inline.
    expect(drawn.requests.every((url) => url.startsWith('file://'))).toBe(true);
    const compared = input.current.scenarios;
    expect(drawn.charts.filter((c) => c.id.startsWith('percentiles-'))).toHaveLength(compared.length);
    for (const [i, scenario] of compared.entries()) {
      const percentiles = drawn.charts.find((c) => c.id === `percentiles-${i}`)!;
      const hasBaseline = input.baseline.some((run) => run.scenarios.some((s) => s.name === scenario.name));
      // This run and the baseline's curve, 101 quantiles each (to 99.999 %).
      expect(percentiles.series).toBe(hasBaseline ? 3 : 2);
      expect(percentiles.points).toEqual(hasBaseline ? [101, 101] : [101]);
      const rounds = drawn.charts.find((c) => c.id === `rounds-${i}`)!;
      expect(rounds.points.slice(0, 3)).toEqual([scenario.rounds.length, scenario.rounds.length, scenario.rounds.length]);
    }
    expect(drawn.forestRows).toBe(4);
    expect(compared.some((s) => s.name === HOSTILE)).toBe(true);
  }, 60_000);

  it('draws a stress run\u2019s timeline with its target, achieved rate and p95, and marks the breaking point', async () => {
    const drawn = await open('stress', stressRun());
    expect(drawn.errors).toEqual([]);
    const timeline = drawn.charts.find((c) => c.id === 'timeline-0')!;
    expect(timeline.series).toBe(4);
    expect(timeline.points).toEqual([30, 30, 30]);
    expect(timeline.breakAt).toBe('21');
    // A run alone: its own curve, no baseline.
    expect(drawn.charts.find((c) => c.id === 'percentiles-0')!.series).toBe(2);
  }, 60_000);
});

describe("the PR comment's Mermaid blocks, in Mermaid itself", () => {
  const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
  /** A report of n scenarios with hostile names (quotes, brackets, percent signs, backticks) over a stored baseline of 3 runs. */
  function hostile(n: number) {
    const input = largeInput(n, [0], n > 1 ? [1] : []);
    const rename = (name: string) => name.replace('endpoint', '"x" [y] %%{init}%% `z` ;--> é');
    const runs = [input.current, ...input.baseline].map((run) => ({ ...run, scenarios: run.scenarios.map((s) => ({ ...s, name: rename(s.name) })) }));
    return { ...input, current: runs[0]!, baseline: runs.slice(1), gate: { ...input.gate, scenarios: input.gate.scenarios.map((s) => ({ ...s, name: rename(s.name) })) } };
  }

  it.each([
    ['1 scenario', () => hostile(1)],
    ['4 scenarios, one named to break out of the report', failInput],
    ['30 scenarios', () => hostile(30)],
  ])('parses and renders every block of a report of %s', async (_what, input) => {
    const markdown = renderGateMarkdown(input());
    const blocks = [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: MERMAID });
    const rendered = await page.evaluate(async (codes: string[]) => {
      const mermaid = (window as unknown as { mermaid: { initialize(o: object): void; parse(c: string): Promise<unknown>; render(id: string, c: string): Promise<{ svg: string }> } }).mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const out: { parsed: boolean; lines: number; svg: number }[] = [];
      for (const [i, code] of codes.entries()) {
        const parsed = (await mermaid.parse(code)) !== false;
        const { svg } = await mermaid.render(`chart-${i}`, code);
        const holder = document.createElement('div');
        holder.innerHTML = svg;
        document.body.append(holder);
        out.push({ parsed, lines: holder.querySelectorAll('[class*="line-plot"] path').length, svg: svg.length });
      }
      return out;
    }, blocks);
    await page.screenshot({ path: join(SHOTS, `mermaid-${_what.split(' ')[0]}.png`), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
    for (const [i, block] of blocks.entries()) {
      expect(rendered[i]!.parsed).toBe(true);
      // One drawn line per series the block declares.
      expect(rendered[i]!.lines).toBe(block.split('\n').filter((line) => line.trimStart().startsWith('line ')).length);
    }
  }, 60_000);
});

describe('the trend dashboard in a browser', () => {
  /** 36 runs of main: two scenarios wandering a few per cent; from run 30 on, search's p95 is 40 % higher. */
  function history(): HistoryEntry[] {
    return Array.from({ length: 36 }, (_, i) => {
      const wander = 1 + 0.03 * Math.sin(i * 1.7);
      return {
        startedAt: new Date(Date.UTC(2026, 9, 1 + i)).toISOString(),
        sha: (i + 10).toString(16).padStart(2, '0').repeat(20),
        scenarios: {
          home: { p50: 0.4 * wander, p95: 1.1 * wander, p99: 2 * wander, rps: 20_000 / wander },
          [HOSTILE]: { p50: 3 * wander, p95: (i >= 30 ? 7 : 5) * wander, p99: 9 * wander, rps: 200 },
        },
      };
    });
  }

  it('draws each scenario over 36 runs with its band, marks the runs that left it, and links every run to its commit', async () => {
    const file = join(dir, 'dashboard.html');
    const baseline: Baseline = { schema: BASELINE_SCHEMA, suite: 'shop', keep: 10, runs: [], history: history() };
    await writeFile(file, renderDashboard([baseline], { commitUrl: (sha) => `https://github.com/octo-org/shop/commit/${sha}` }));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.charts !== undefined, { timeout: 10_000 });
    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement & { chart?: { series: unknown[]; data: (number | null)[][] } }>('.chart')].map((el) => ({
        series: el.chart?.series.length ?? 0,
        p95: (el.chart?.data[4] ?? []).filter((v) => v !== null).length,
        marked: (el.chart?.data[6] ?? []).map((v, i) => (v === null ? null : i + 1)).filter((run) => run !== null),
      })),
    );
    const links = await page.evaluate(() => [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')));
    expect(await page.evaluate(legendsUnderPlots)).toBe(true);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
    expect(drawn.map((d) => d.series)).toEqual([7, 7]);
    expect(drawn.map((d) => d.p95)).toEqual([36, 36]);
    // home wanders within its band; the hostile-named scenario's jump at run 31 leaves it (until the band catches up).
    expect(drawn[0]!.marked).toEqual([]);
    expect(drawn[1]!.marked[0]).toBe(31);
    expect(links).toHaveLength(36);
    expect(links[0]).toBe(`https://github.com/octo-org/shop/commit/${(45).toString(16).repeat(20)}`);
  }, 60_000);
});

