import { describe, expect, it } from 'vitest';
import type { RoundResult, ScenarioResult } from '../../src/result/result.js';
import { serviceSummary, slope } from '../../src/stats/service-cost.js';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

/** Rounds of one second, one a second, each with the service's CPU ms and memory at its end. */
function scenario(rounds: { cpuMs: number; rss?: number; requests?: number }[]): ScenarioResult {
  return {
    name: 'api',
    method: 'GET',
    path: '/',
    model: 'closed',
    connections: 1,
    durationMs: 1000,
    warmupMs: 0,
    timeoutMs: 1000,
    rounds: rounds.map(
      ({ cpuMs, rss, requests = 100 }, i) =>
        ({
          round: i + 1,
          startedAt: new Date(T0 + i * 60_000).toISOString(),
          durationMs: 1000,
          requests,
          service: { cpuMs, wallMs: 1000, ...(rss === undefined ? {} : { rssBytes: rss }) },
        }) as unknown as RoundResult,
    ),
  };
}

describe('slope', () => {
  it('fits a line exactly when the points are on one, and widens its interval with the scatter', () => {
    expect(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
        [3, 7],
      ]),
    ).toEqual({ value: 2, interval: [2, 2] });
    const scattered = slope([
      [0, 1],
      [1, 4],
      [2, 4],
      [3, 7],
    ])!;
    expect(scattered.value).toBeCloseTo(1.8, 10);
    // Residuals -0.2, 1.0, -0.8, 0.4: s² = 1.8 / 2, se = √(0.9 / 5), t(0.975, 2) = 4.303.
    const half = 4.302652729911275 * Math.sqrt(0.9 / 5);
    expect(scattered.interval[0]).toBeCloseTo(1.8 - half, 6);
    expect(scattered.interval[1]).toBeCloseTo(1.8 + half, 6);
    expect(
      slope([
        [1, 1],
        [1, 2],
        [1, 3],
      ]),
    ).toBeNull();
    expect(
      slope([
        [0, 1],
        [1, 2],
      ]),
    ).toBeNull();
  });
});

describe('serviceSummary', () => {
  it('gives CPU per request over all rounds, the busiest round, the peak memory', () => {
    const summary = serviceSummary(scenario([{ cpuMs: 100 }, { cpuMs: 300, requests: 100 }, { cpuMs: 200, requests: 200 }]))!;
    expect(summary).toMatchObject({ rounds: 3, cpuPerRequestMs: 600 / 400, cpuPeak: 0.3, rssPeakBytes: null, growth: null });
    expect(serviceSummary({ ...scenario([]), rounds: [] })).toBeNull();
  });

  it('calls memory that keeps growing by megabytes a leak, and a flat one with its wander none', () => {
    // 4 MB a minute, rounds a minute apart.
    const leaking = serviceSummary(scenario([0, 1, 2, 3, 4].map((i) => ({ cpuMs: 1, rss: 100e6 + i * 4e6 + (i % 2) * 1e5 }))))!.growth!;
    expect(leaking.perMinute.value).toBeCloseTo(4e6, -5);
    expect(leaking.perMinute.interval[0]).toBeGreaterThan(0);
    expect(leaking.perThousandRequests.value).toBeCloseTo(4e6 / 0.1, -6);
    expect(leaking.leak).toBe(true);
    // A service that wanders by 300 kB around 100 MB.
    const flat = serviceSummary(scenario([0, 3e5, -2e5, 1e5, -3e5, 2e5].map((d) => ({ cpuMs: 1, rss: 100e6 + d }))))!.growth!;
    expect(flat.perMinute.interval[0]).toBeLessThan(0);
    expect(flat.perMinute.interval[1]).toBeGreaterThan(0);
    expect(flat.leak).toBe(false);
    // A steady climb too small to matter (1 MB over the run) is no leak, however sure the slope.
    const creep = serviceSummary(scenario([0, 1, 2, 3, 4].map((i) => ({ cpuMs: 1, rss: 100e6 + i * 250e3 }))))!.growth!;
    expect(creep.perMinute.interval[0]).toBeGreaterThan(0);
    expect(creep.leak).toBe(false);
  });
});
