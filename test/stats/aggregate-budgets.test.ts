import { describe, expect, it } from 'vitest';
import type { RoundResult, ScenarioResult } from '../../src/result/result.js';
import { coefficientOfVariation, saturatedRounds, summarizeScenario } from '../../src/stats/aggregate.js';
import { judgeBudgets } from '../../src/stats/budgets.js';
import { createLatencyHistogram, encodeHistogram, summarizeLatency } from '../../src/result/histogram.js';

function round(n: number, latenciesUs: number[], errors = 0, rps = 100): RoundResult {
  const histogram = createLatencyHistogram();
  for (const us of latenciesUs) histogram.recordValue(us);
  return {
    round: n,
    startedAt: '2026-11-23T00:00:00.000Z',
    durationMs: 1000,
    requests: latenciesUs.length,
    ok: latenciesUs.length - errors,
    errors: {
      total: errors,
      status: errors ? { '500': errors } : {},
      check: 0,
      capture: 0,
      timeout: 0,
      refused: 0,
      reset: 0,
      dns: 0,
      other: 0,
      otherCodes: {},
    },
    rps,
    latencyMs: summarizeLatency(histogram),
    histogram: encodeHistogram(histogram),
  };
}

function scenario(name: string, rounds: RoundResult[]): ScenarioResult {
  return { name, method: 'GET', path: '/', model: 'closed', connections: 1, durationMs: 1000, warmupMs: 0, timeoutMs: 1000, rounds };
}

const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('summarizeScenario', () => {
  it("takes each percentile as the median of the rounds' own, so that one bad round cannot move it alone; max and min over the run", () => {
    // Rounds 1 and 3: 100 fast requests (1 ms); round 2: 100 slow ones (100 ms). Pooled, a third of
    // the requests are slow and p95 would read 100 ms: one round would flip a 50 ms budget.
    const fast = Array(100).fill(1_000);
    const summary = summarizeScenario(scenario('x', [round(1, fast), round(2, Array(100).fill(100_000), 4, 300), round(3, fast)]));
    expect(summary.requests).toBe(300);
    expect(summary.errors).toBe(4);
    expect(summary.rps).toBeCloseTo(500 / 3, 6);
    expect(summary.latencyMs.p95).toBeCloseTo(1, 2);
    expect(summary.latencyMs.p90).toBeCloseTo(1, 2);
    expect(summary.latencyMs.max).toBeCloseTo(100, 0);
    expect(summary.latencyMs.min).toBeCloseTo(1, 2);
    expect(summary.p95RoundCv).toBeGreaterThan(1);
    expect(judgeBudgets({ x: { p95: 50, max: 50 } }, [summary]).map((b) => [b.metric, b.passed])).toEqual([
      ['p95', true],
      ['max', false],
    ]);
  });

  it('handles a scenario with no completed round', () => {
    const summary = summarizeScenario(scenario('empty', []));
    expect(summary).toMatchObject({ rounds: 0, requests: 0, errorRate: 0, rps: 0, p95RoundCv: null, saturatedRounds: 0, generator: null });
  });

  it('counts the rounds in which the generator was saturated, and keeps its peak figures', () => {
    const rounds = [
      { ...round(1, [1_000]), generator: { elu: 0.62, cpu: 0.6, delayP99Ms: 3, saturated: false } },
      { ...round(2, [1_000]), generator: { elu: 1, cpu: 0.97, delayP99Ms: 2.5, saturated: true } },
      { ...round(3, [1_000]), generator: { elu: 0.7, cpu: 0.3, delayP99Ms: 31, saturated: true } },
      // A round from an older file: not measured, not counted.
      round(4, [1_000]),
    ];
    expect(saturatedRounds(scenario('x', rounds))).toBe(2);
    const summary = summarizeScenario(scenario('x', rounds));
    expect(summary.saturatedRounds).toBe(2);
    expect(summary.generator).toEqual({ elu: 1, cpu: 0.97, delayP99Ms: 31 });
    expect(summarizeScenario(scenario('old', [round(1, [1_000])]))).toMatchObject({ saturatedRounds: 0, generator: null });
  });

  it('measures round-to-round noise as a coefficient of variation', () => {
    expect(coefficientOfVariation([10, 10, 10])).toBe(0);
    expect(coefficientOfVariation([9, 11])).toBeCloseTo(Math.SQRT2 / 10, 10);
    expect(coefficientOfVariation([5])).toBeNull();
  });
});

describe('judgeBudgets', () => {
  const fast = summarizeScenario(scenario('fast', [round(1, range(1_000, 2_000), 0, 500)]));
  const slow = summarizeScenario(scenario('slow', [round(1, range(100_000, 200_000, 100), 10, 50)]));

  it('applies "*" to every scenario and lets a scenario override it metric by metric', () => {
    const checks = judgeBudgets({ '*': { p95: 50, errorRate: 0.05 }, slow: { p95: 250 } }, [fast, slow]);
    expect(checks.map((c) => [c.scenario, c.metric, c.limit, c.passed])).toEqual([
      ['fast', 'p95', 50, true],
      ['fast', 'errorRate', 0.05, true],
      ['slow', 'p95', 250, true],
      ['slow', 'errorRate', 0.05, true],
    ]);
  });

  it('fails latency and error budgets above the limit, and rps below it', () => {
    const checks = judgeBudgets({ slow: { p50: 100, max: 300, errorRate: 0.001, rps: 100 } }, [fast, slow]);
    const byMetric = Object.fromEntries(checks.map((c) => [c.metric, c]));
    expect(byMetric.p50).toMatchObject({ passed: false });
    expect(byMetric.p50!.actual).toBeCloseTo(150, -1);
    expect(byMetric.max).toMatchObject({ passed: true });
    expect(byMetric.errorRate).toMatchObject({ passed: false });
    expect(byMetric.rps).toMatchObject({ actual: 50, passed: false });
    expect(judgeBudgets({ fast: { rps: 500 } }, [fast])[0]!.passed).toBe(true);
  });

  it('judges nothing without budgets', () => {
    expect(judgeBudgets({}, [fast, slow])).toEqual([]);
  });
});
