import { RESULT_SCHEMA, type Environment, type RoundResult, type RunResult, type ScenarioResult } from '../../src/result/result.js';
import { createLatencyHistogram, encodeHistogram, summarizeLatency } from '../../src/result/histogram.js';
import type { GateMetric } from '../../src/config/suite.js';
import type { BudgetCheck, GateMethod, GateResult, MetricComparison, ScenarioComparison } from '../../src/result/verdict.js';
import { outcome } from '../../src/stats/judge.js';
import type { GateReportInput } from '../../src/report/gate-markdown.js';
import { fileURLToPath } from 'node:url';
import { readResultFile } from '../../src/files/result-file.js';
import { judged } from '../../src/pipeline/judged.js';

/**
 * Hand-built gate results and run results for the report's golden files. Deterministic: the
 * histograms are drawn from a fixed quantile function, rounds vary by a fixed sine.
 */

export const HOSTILE = '</details><script>alert(1)</script> | @org/team ![x](http://evil)';

/** Latency shape of a scenario, in ms. */
interface Shape {
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const histogramCache = new Map<string, { encoded: string; latencyMs: RoundResult['latencyMs']; count: number }>();

/** A histogram of `count` latencies spread along the shape's quantiles (piecewise linear). */
function histogramOf(shape: Shape, count: number): { encoded: string; latencyMs: RoundResult['latencyMs']; count: number } {
  const key = JSON.stringify([shape, count]);
  const cached = histogramCache.get(key);
  if (cached) return cached;
  const knots: [number, number][] = [
    [0, shape.min],
    [0.5, shape.p50],
    [0.95, shape.p95],
    [0.99, shape.p99],
    [1, shape.max],
  ];
  const histogram = createLatencyHistogram();
  for (let i = 0; i < count; i++) {
    const q = (i + 0.5) / count;
    const k = knots.findIndex(([at]) => at >= q);
    const [q0, v0] = knots[k - 1]!;
    const [q1, v1] = knots[k]!;
    histogram.recordValue(Math.round((v0 + ((q - q0) / (q1 - q0)) * (v1 - v0)) * 1000));
  }
  const result = { encoded: encodeHistogram(histogram), latencyMs: summarizeLatency(histogram), count: histogram.totalCount };
  histogramCache.set(key, result);
  return result;
}

function scale(shape: Shape, factor: number): Shape {
  return {
    min: shape.min * factor,
    p50: shape.p50 * factor,
    p95: shape.p95 * factor,
    p99: shape.p99 * factor,
    max: shape.max * factor,
  };
}

interface ScenarioSpec {
  name: string;
  shape: Shape;
  rounds: number;
  requests: number;
  rps: number;
  /** Errors per round: status code → count, and other codes. */
  errors?: { status?: Record<string, number>; timeout?: number; otherCodes?: Record<string, number> };
  open?: number;
  /** Varies the rounds of different runs. */
  seed?: number;
}

const T0 = Date.UTC(2026, 10, 23, 1, 0, 0);

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function scenarioResult(spec: ScenarioSpec, startMs: number): ScenarioResult {
  const rounds: RoundResult[] = [];
  for (let r = 1; r <= spec.rounds; r++) {
    const wobble = 1 + 0.03 * Math.sin((spec.seed ?? 1) * 2.1 + r * 1.7);
    const h = histogramOf(scale(spec.shape, Math.round(wobble * 1000) / 1000), spec.requests);
    const status = spec.errors?.status ?? {};
    const timeout = spec.errors?.timeout ?? 0;
    const otherCodes = spec.errors?.otherCodes ?? {};
    const other = Object.values(otherCodes).reduce((a, b) => a + b, 0);
    const total = Object.values(status).reduce((a, b) => a + b, 0) + timeout + other;
    rounds.push({
      round: r,
      startedAt: iso(startMs + r * 6_000),
      durationMs: 5_000,
      // Transport errors (timeouts, TLS) have no latency: the histogram holds the responses only.
      requests: h.count + timeout + other,
      ok: h.count + timeout + other - total,
      errors: { total, status, check: 0, capture: 0, timeout, refused: 0, reset: 0, dns: 0, other, otherCodes },
      rps: Math.round(spec.rps * (1 + 0.01 * Math.cos(r * 1.3 + (spec.seed ?? 1))) * 10) / 10,
      latencyMs: h.latencyMs,
      ...(spec.open ? { open: { targetRps: spec.open, scheduled: h.count, sent: h.count, late: 0, lateThresholdMs: 10, dropped: 0 } } : {}),
      histogram: h.encoded,
    });
  }
  return {
    name: spec.name,
    method: 'GET',
    path: `/${spec.name.replace(/[^a-z]/g, '').slice(0, 20)}`,
    model: spec.open ? 'open' : 'closed',
    connections: spec.open ? 100 : 10,
    ...(spec.open ? { rate: spec.open } : {}),
    durationMs: 5_000,
    warmupMs: 2_000,
    timeoutMs: 10_000,
    rounds,
  };
}

export const GITHUB_HOSTED: Environment = {
  node: 'v20.20.2',
  perfGate: '0.1.0',
  cpu: { model: 'AMD EPYC 7763 64-Core Processor', count: 4 },
  memoryGiB: 15.6,
  os: { platform: 'linux', release: '6.8.0-1021-azure', arch: 'x64' },
  ci: 'github-actions/github-hosted',
  rttMs: 0.061,
};

export function runResult(options: {
  sha: string;
  day: number;
  environment?: Partial<Environment>;
  scenarios: ScenarioSpec[];
  interrupted?: boolean;
}): RunResult {
  const start = T0 + options.day * 86_400_000;
  return {
    schema: RESULT_SCHEMA,
    suite: 'shop',
    target: 'http://127.0.0.1:8080',
    startedAt: iso(start),
    finishedAt: iso(start + 120_000),
    git: { sha: options.sha },
    interrupted: options.interrupted ?? false,
    environment: { ...GITHUB_HOSTED, ...options.environment },
    scenarios: options.scenarios.map((spec) => scenarioResult(spec, start)),
  };
}

/** A comparison; `change` etc. given in the metric's unit (relative, or absolute for errorRate). */
export function metric(
  name: GateMetric,
  baseline: number,
  current: number,
  change: number,
  interval: [number, number],
  extra: Partial<MetricComparison> = {},
): MetricComparison {
  const blocking = name === 'p95' || name === 'errorRate';
  return {
    metric: name,
    baseline,
    current,
    change,
    interval,
    pValue: 0.5,
    adjustedPValue: blocking ? 1 : null,
    significant: false,
    threshold: name === 'errorRate' ? 0.01 : 0.1,
    higherIsWorse: name !== 'rps',
    verdict: 'unchanged',
    blocking,
    detectable: blocking ? (name === 'errorRate' ? 0.015 : 0.14) : null,
    roundsFactor: null,
    ...extra,
    decided: extra.decided ?? extra.verdict !== 'inconclusive',
  };
}

/** A verdict from hand-made comparisons, its outcome counted as the judge counts it; the verdict it must come to, checked. */
function gateOf(
  expected: GateResult['verdict'],
  parts: Pick<GateResult, 'scenarios' | 'budgets' | 'method' | 'warnings'>,
  failOn: GateResult['failOn'] = 'regression',
): GateResult {
  const gate = { ...parts, ...outcome(parts.scenarios, parts.budgets, failOn) };
  if (gate.verdict !== expected) throw new Error(`fixture: the comparisons make a ${gate.verdict} verdict, not ${expected}`);
  return gate;
}

/** No error on either side: nothing to test. */
const noErrors = (): MetricComparison => metric('errorRate', 0, 0, 0, [0, 0], { pValue: null, adjustedPValue: null });

function compared(name: string, metrics: MetricComparison[], rounds = { baseline: 15, current: 5 }): ScenarioComparison {
  return { name, status: 'compared', metrics, rounds };
}

const STORED: GateMethod = {
  mode: 'stored-baseline',
  test: 'Welch t on log per-round values, run-level variance (3 baseline runs)',
  alpha: 0.01,
  holmFamily: 8,
  leftOut: 0,
  looks: 2,
  plannedLooks: 2,
  baselineRuns: 3,
  extraRounds: ['products p95 inconclusive after 5 rounds: 5 more rounds'],
};

function budget(scenario: string, m: BudgetCheck['metric'], limit: number, actual: number): BudgetCheck {
  return { scenario, metric: m, limit, actual, passed: m === 'rps' ? actual >= limit : actual <= limit };
}

const HOME: Shape = { min: 0.08, p50: 0.11, p95: 0.27, p99: 0.48, max: 5.9 };
const SEARCH_BASE: Shape = { min: 40, p50: 120, p95: 264, p99: 400, max: 610 };
const SEARCH_NOW: Shape = { min: 42, p50: 130.8, p95: 312, p99: 500.4, max: 720 };
const PRODUCTS_BASE: Shape = { min: 0.3, p50: 0.52, p95: 1.04, p99: 1.25, max: 3.4 };
const PRODUCTS_NOW: Shape = { min: 0.3, p50: 0.54, p95: 1.16, p99: 1.4, max: 3.9 };
const HOSTILE_BASE: Shape = { min: 10, p50: 20.9, p95: 21.8, p99: 22.3, max: 23.5 };
const HOSTILE_NOW: Shape = { min: 9, p50: 17.7, p95: 19.2, p99: 21.9, max: 23.1 };

/** Fail: a blocking regression with a budget breach, an inconclusive, an advisory p99, a new and a missing scenario, a hostile name. */
export function failInput(): GateReportInput {
  const baselineScenarios = (seed: number): ScenarioSpec[] => [
    { name: 'home', shape: HOME, rounds: 5, requests: 2_000, rps: 74_775, seed },
    { name: 'search', shape: SEARCH_BASE, rounds: 5, requests: 1_000, rps: 200, open: 200, seed, errors: { status: { '503': 1 } } },
    { name: 'products', shape: PRODUCTS_BASE, rounds: 5, requests: 2_000, rps: 16_705, seed },
    { name: HOSTILE, shape: HOSTILE_BASE, rounds: 5, requests: 500, rps: 100, open: 100, seed },
    { name: 'legacy', shape: HOME, rounds: 5, requests: 500, rps: 900, seed },
  ];
  const baseline = [
    runResult({ sha: '1a2b3c4d5e6f', day: 0, scenarios: baselineScenarios(1) }),
    runResult({ sha: '2b3c4d5e6f70', day: 1, scenarios: baselineScenarios(2), environment: { rttMs: 0.058 } }),
    runResult({ sha: '3c4d5e6f7081', day: 2, scenarios: baselineScenarios(3), environment: { rttMs: 0.07 } }),
  ];
  const current = runResult({
    sha: 'abc1234def56',
    day: 3,
    environment: { cpu: { model: 'AMD EPYC 7763 64-Core Processor', count: 2 }, memoryGiB: 7.8 },
    scenarios: [
      { name: 'home', shape: HOME, rounds: 5, requests: 2_000, rps: 75_380, seed: 7 },
      {
        name: 'search',
        shape: SEARCH_NOW,
        rounds: 5,
        requests: 1_000,
        rps: 199.8,
        open: 200,
        seed: 7,
        errors: { status: { '503': 3 }, timeout: 1, otherCodes: { 'ERR_TLS_<b>|x': 1 } },
      },
      { name: 'products', shape: PRODUCTS_NOW, rounds: 10, requests: 2_000, rps: 16_410, seed: 7 },
      { name: HOSTILE, shape: HOSTILE_NOW, rounds: 5, requests: 500, rps: 100, open: 100, seed: 7 },
      { name: 'checkout', shape: PRODUCTS_BASE, rounds: 5, requests: 500, rps: 2_410, seed: 7 },
    ],
  });
  const gate = gateOf('fail', {
    scenarios: [
      compared('home', [
        metric('p50', 0.11, 0.109, -0.012, [-0.035, 0.011]),
        metric('p95', 0.27, 0.281, 0.041, [0.012, 0.07], { significant: true, pValue: 0.0004, adjustedPValue: 0.0028 }),
        metric('p99', 0.48, 0.49, 0.02, [-0.05, 0.09]),
        metric('rps', 74_775, 75_380, 0.008, [-0.01, 0.026], { higherIsWorse: false }),
        noErrors(),
      ]),
      compared('search', [
        metric('p50', 120, 130.8, 0.09, [0.051, 0.129], { significant: true, pValue: 0.0001 }),
        metric('p95', 264, 312, 0.182, [0.11, 0.259], {
          significant: true,
          pValue: 0.00002,
          adjustedPValue: 0.00016,
          verdict: 'regression',
        }),
        metric('p99', 400, 500.4, 0.251, [-0.04, 0.542], {
          pValue: 0.03,
          verdict: 'inconclusive',
          blocking: false,
          advisory: 'too few tail samples (10 per round)',
        }),
        metric('rps', 200, 199.8, -0.001, [-0.004, 0.002]),
        metric('errorRate', 0.001, 0.005, 0.004, [0.001, 0.007], { significant: true, pValue: 0.002, adjustedPValue: 0.012 }),
      ]),
      compared(
        'products',
        [
          metric('p50', 0.52, 0.54, 0.03, [-0.02, 0.08]),
          metric('p95', 1.04, 1.165, 0.12, [-0.015, 0.26], { pValue: 0.021, adjustedPValue: 0.105, verdict: 'inconclusive' }),
          metric('p99', 1.25, 1.4, 0.12, [-0.06, 0.3], { verdict: 'inconclusive' }),
          metric('rps', 16_705, 16_410, -0.0177, [-0.04, 0.005], { higherIsWorse: false }),
          noErrors(),
        ],
        { baseline: 15, current: 10 },
      ),
      compared(HOSTILE, [
        metric('p50', 20.9, 17.7, -0.153, [-0.2, -0.106], { significant: true, pValue: 0.00001, verdict: 'improvement' }),
        metric('p95', 21.8, 19.2, -0.12, [-0.16, -0.118], {
          significant: true,
          pValue: 0.00001,
          adjustedPValue: 0.00006,
          verdict: 'improvement',
        }),
        metric('p99', 22.3, 21.9, -0.018, [-0.07, 0.034]),
        metric('rps', 100, 100, 0, [-0.001, 0.001], { higherIsWorse: false }),
        noErrors(),
      ]),
      { name: 'checkout', status: 'new', metrics: [], rounds: { baseline: 0, current: 5 } },
      { name: 'legacy', status: 'missing', metrics: [], rounds: { baseline: 15, current: 0 } },
    ],
    budgets: [
      budget('home', 'p95', 300, 0.28),
      budget('home', 'errorRate', 0.01, 0),
      budget('search', 'p95', 300, 312),
      budget('search', 'errorRate', 0.01, 0.005),
      budget('search', 'rps', 150, 199.8),
      budget('products', 'p95', 300, 1.17),
      budget('products', 'errorRate', 0.01, 0),
      budget(HOSTILE, 'p95', 300, 19.2),
      budget(HOSTILE, 'errorRate', 0.01, 0),
      budget('checkout', 'p95', 300, 1.04),
      budget('checkout', 'errorRate', 0.01, 0),
    ],
    method: STORED,
    warnings: ['This run had 2 CPUs, the baseline 4 (AMD EPYC 7763 64-Core Processor): differences may come from the machine.'],
  });
  return { suite: 'shop', gate, current, baseline, context: 'PR #12 · head abc1234 vs main' };
}

/** Pass, interleaved: the base measured alongside in the same job. */
export function passInput(): GateReportInput {
  const specs = (seed: number, products: Shape): ScenarioSpec[] => [
    { name: 'home', shape: HOME, rounds: 5, requests: 2_000, rps: 74_775, seed },
    { name: 'products', shape: products, rounds: 5, requests: 2_000, rps: 16_705, seed },
    { name: 'search', shape: SEARCH_BASE, rounds: 5, requests: 1_000, rps: 200, open: 200, seed },
  ];
  const baseline = [runResult({ sha: '9f8e7d6c5b4a', day: 3, scenarios: specs(4, PRODUCTS_NOW) })];
  const current = runResult({ sha: 'abc1234def56', day: 3, scenarios: specs(5, PRODUCTS_BASE) });
  // Base and head alternated: as many rounds of each.
  const paired = (name: string, metrics: MetricComparison[]) => compared(name, metrics, { baseline: 5, current: 5 });
  const gate = gateOf('pass', {
    scenarios: [
      paired('home', [
        metric('p50', 0.11, 0.11, 0.004, [-0.03, 0.038]),
        metric('p95', 0.27, 0.268, -0.007, [-0.05, 0.036]),
        metric('p99', 0.48, 0.47, -0.021, [-0.09, 0.048]),
        metric('rps', 74_775, 74_100, -0.009, [-0.03, 0.012], { higherIsWorse: false }),
        noErrors(),
      ]),
      paired('products', [
        metric('p50', 0.54, 0.52, -0.037, [-0.06, -0.014], { significant: true, pValue: 0.002 }),
        metric('p95', 1.16, 1.04, -0.103, [-0.13, -0.076], {
          significant: true,
          pValue: 0.00003,
          adjustedPValue: 0.00018,
          verdict: 'improvement',
        }),
        metric('p99', 1.4, 1.25, -0.107, [-0.2, -0.014], { significant: true, pValue: 0.004, verdict: 'improvement' }),
        metric('rps', 16_410, 16_705, 0.018, [0.004, 0.032], { higherIsWorse: false, significant: true, pValue: 0.009 }),
        noErrors(),
      ]),
      paired('search', [
        metric('p50', 120, 121, 0.008, [-0.02, 0.036]),
        metric('p95', 264, 270, 0.023, [-0.02, 0.066]),
        metric('p99', 400, 404, 0.01, [-0.08, 0.1]),
        metric('rps', 200, 200, 0, [-0.001, 0.001], { higherIsWorse: false }),
        metric('errorRate', 0, 0.0002, 0.0002, [-0.0004, 0.0008]),
      ]),
    ],
    budgets: [
      budget('home', 'p95', 300, 0.27),
      budget('products', 'p95', 300, 1.04),
      budget('search', 'p95', 300, 270),
      budget('search', 'rps', 150, 200),
    ],
    method: {
      mode: 'interleaved',
      test: 'Welch t on log per-round values, rounds paired by position (base and head alternated)',
      alpha: 0.01,
      holmFamily: 6,
      leftOut: 0,
      looks: 1,
      plannedLooks: 2,
      baselineRuns: 1,
      extraRounds: [],
    },
    warnings: [],
  });
  return { suite: 'shop', gate, current, baseline };
}

/** Inconclusive: a blocking p95 beyond its threshold without enough evidence, after the time budget ran out. */
export function inconclusiveInput(): GateReportInput {
  const baseline = [
    runResult({
      sha: '1a2b3c4d5e6f',
      day: 0,
      scenarios: [
        { name: 'home', shape: HOME, rounds: 5, requests: 2_000, rps: 74_775, seed: 1 },
        { name: 'search', shape: SEARCH_BASE, rounds: 5, requests: 1_000, rps: 200, open: 200, seed: 1 },
      ],
    }),
  ];
  const current = runResult({
    sha: 'abc1234def56',
    day: 3,
    scenarios: [
      { name: 'home', shape: HOME, rounds: 5, requests: 2_000, rps: 74_775, seed: 2 },
      { name: 'search', shape: scale(SEARCH_BASE, 1.12), rounds: 12, requests: 1_000, rps: 200, open: 200, seed: 2 },
    ],
  });
  const gate = gateOf('inconclusive', {
    scenarios: [
      compared(
        'home',
        [
          metric('p50', 0.11, 0.11, 0, [-0.03, 0.03]),
          metric('p95', 0.27, 0.27, 0.002, [-0.04, 0.044]),
          metric('p99', 0.48, 0.49, 0.021, [-0.06, 0.1]),
          metric('rps', 74_775, 74_775, 0, [-0.02, 0.02], { higherIsWorse: false }),
          noErrors(),
        ],
        { baseline: 5, current: 5 },
      ),
      compared(
        'search',
        [
          metric('p50', 120, 134.4, 0.12, [0.02, 0.22], { pValue: 0.011, verdict: 'inconclusive', blocking: false }),
          metric('p95', 264, 295.7, 0.12, [-0.012, 0.252], { pValue: 0.03, adjustedPValue: 0.06, verdict: 'inconclusive' }),
          metric('p99', 400, 448, 0.12, [-0.1, 0.34], {
            verdict: 'inconclusive',
            blocking: false,
            advisory: 'too few tail samples (10 per round)',
          }),
          metric('rps', 200, 200, 0, [-0.002, 0.002], { higherIsWorse: false }),
          noErrors(),
        ],
        { baseline: 5, current: 12 },
      ),
    ],
    budgets: [],
    method: {
      mode: 'stored-baseline',
      test: 'Welch t on log per-round values (1 baseline run: round-level variance only)',
      alpha: 0.01,
      holmFamily: 4,
      leftOut: 0,
      looks: 2,
      plannedLooks: 2,
      baselineRuns: 1,
      extraRounds: ['search p95 inconclusive after 5 rounds', 'search p95 inconclusive after 8 rounds; stopped at the 3m time budget'],
    },
    warnings: ['The baseline holds a single run: run-to-run variance is unknown, so intervals may be too narrow.'],
  });
  return { suite: 'shop', gate, current, baseline };
}

/** Neutral: no baseline yet. */
export function neutralInput(): GateReportInput {
  const current = runResult({
    sha: 'abc1234def56',
    day: 3,
    environment: { ci: null, rttMs: null },
    scenarios: [
      { name: 'home', shape: HOME, rounds: 5, requests: 2_000, rps: 74_775, seed: 2 },
      { name: 'search', shape: SEARCH_BASE, rounds: 5, requests: 1_000, rps: 200, open: 200, seed: 2 },
    ],
  });
  const gate = gateOf('neutral', {
    scenarios: [
      { name: 'home', status: 'new', metrics: [], rounds: { baseline: 0, current: 5 } },
      { name: 'search', status: 'new', metrics: [], rounds: { baseline: 0, current: 5 } },
    ],
    budgets: [budget('home', 'p95', 300, 0.27), budget('search', 'p95', 300, 264)],
    method: {
      mode: 'stored-baseline',
      test: 'Welch t on log per-round values, run-level variance',
      alpha: 0.01,
      holmFamily: 0,
      leftOut: 0,
      looks: 1,
      plannedLooks: 2,
      baselineRuns: 0,
      extraRounds: [],
    },
    warnings: ['No baseline for suite shop: nothing to compare with yet.'],
  });
  return { suite: 'shop', gate, current, baseline: [] };
}

/** Many scenarios: regressions at a few places (the last one included), the rest unchanged. */
export function largeInput(count: number, regressed: number[], inconclusive: number[]): GateReportInput {
  const name = (i: number): string => `endpoint-${String(i).padStart(3, '0')}-with-a-fairly-long-descriptive-name`;
  const specs = (seed: number): ScenarioSpec[] =>
    Array.from({ length: count }, (_, i) => ({ name: name(i), shape: PRODUCTS_BASE, rounds: 5, requests: 200, rps: 1_000, seed }));
  const baseline = [1, 2, 3].map((day) => runResult({ sha: `${day}`.repeat(12), day, scenarios: specs(day) }));
  const current = runResult({ sha: 'abc1234def56', day: 4, scenarios: specs(4) });
  const scenarios: ScenarioComparison[] = Array.from({ length: count }, (_, i) => {
    const bad = regressed.includes(i);
    const unsure = inconclusive.includes(i);
    return compared(name(i), [
      metric('p50', 0.52, 0.53, 0.02, [-0.01, 0.05]),
      bad
        ? metric('p95', 1.04, 1.3, 0.25, [0.15, 0.35], { significant: true, pValue: 0.00001, adjustedPValue: 0.004, verdict: 'regression' })
        : unsure
          ? metric('p95', 1.04, 1.17, 0.125, [-0.02, 0.27], { pValue: 0.04, adjustedPValue: 1, verdict: 'inconclusive' })
          : metric('p95', 1.04, 1.05, 0.01, [-0.03, 0.05]),
      metric('p99', 1.25, 1.26, 0.008, [-0.06, 0.08]),
      metric('rps', 1_000, 1_000, 0, [-0.01, 0.01], { higherIsWorse: false }),
      noErrors(),
    ]);
  });
  const gate = gateOf('fail', {
    scenarios,
    budgets: scenarios.map((s) => budget(s.name, 'p95', 300, 1.1)),
    method: { ...STORED, holmFamily: count * 2, extraRounds: [] },
    warnings: [],
  });
  return { suite: 'big', gate, current, baseline };
}

/**
 * The demo's failing run (`npm run demo`: examples/perf-gate.yml, the pull request's shop 1.6×
 * dearer in /slow, the search, the cart and the report's CPU time) as it was measured and judged
 * on a 2-core machine, kept as the CLI wrote it (--out): the results with the judgment they carry,
 * and the base deployment's results measured alongside. A real judgment, not a hand-made one.
 */
export async function demoFailInput(): Promise<GateReportInput> {
  const folder = new URL('../fixtures/report/demo/', import.meta.url);
  const current = await readResultFile(fileURLToPath(new URL('fail.json', folder)));
  const base = await readResultFile(fileURLToPath(new URL('fail.base.json', folder)));
  const { judgment } = current;
  if (judgment === undefined) throw new Error('fixture: the demo run carries no judgment');
  return judged(judgment.gate, current, { mode: 'interleaved', base }, judgment.reference).report;
}
