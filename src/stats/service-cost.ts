import { sum } from 'simple-statistics';
import type { RoundResult, ScenarioResult } from '../result/result.js';
import { tQuantile } from './distributions.js';

/** A slope with its 95 % interval (ordinary least squares, t with n − 2 df). */
export interface Slope {
  value: number;
  interval: [number, number];
}

/** The service's cost over a scenario's rounds, where a source gave it. */
export interface ServiceSummary {
  /** Rounds with figures. */
  rounds: number;
  /** CPU ms per request over those rounds (their CPU time over their requests). */
  cpuPerRequestMs: number;
  /** The highest round's CPU utilisation, in cores (1 = one core busy the whole round). */
  cpuPeak: number;
  /** The highest resident memory at a round's end; null when the source gave none. */
  rssPeakBytes: number | null;
  /** How resident memory grew over the rounds (bytes per minute, per 1,000 requests); null below 3 rounds with memory. */
  growth: Growth | null;
}

export interface Growth {
  perMinute: Slope;
  perThousandRequests: Slope;
  /** From the first round's end to the last's. */
  spanMinutes: number;
  /**
   * Memory that kept growing: the slope's 99 % interval lies above 0 and the growth over the span
   * is material (at least 2 MB and 1 % of the first reading). A flat service's memory wanders by
   * a few hundred kB as it collects garbage; a 95 % interval alone would call that a leak one run
   * in twenty.
   */
  leak: boolean;
}

const GROWTH_LEVEL = 0.95;
const LEAK_LEVEL = 0.99;
const MATERIAL_BYTES = 2e6;
const MATERIAL_SHARE = 0.01;

export function serviceSummary(scenario: ScenarioResult): ServiceSummary | null {
  const rounds = scenario.rounds.filter(
    (round): round is RoundResult & { service: NonNullable<RoundResult['service']> } => round.service !== undefined,
  );
  if (rounds.length === 0) return null;
  const requests = sum(rounds.map((r) => r.requests));
  const withMemory = rounds.filter((round) => round.service.rssBytes !== undefined);
  return {
    rounds: rounds.length,
    cpuPerRequestMs: requests === 0 ? 0 : sum(rounds.map((r) => r.service.cpuMs)) / requests,
    cpuPeak: Math.max(...rounds.map((r) => (r.service.wallMs > 0 ? r.service.cpuMs / r.service.wallMs : 0))),
    rssPeakBytes: withMemory.length === 0 ? null : Math.max(...withMemory.map((r) => r.service.rssBytes!)),
    growth: memoryGrowth(withMemory),
  };
}

/** Resident memory at each round's end against the time and the requests served by then. */
function memoryGrowth(rounds: (RoundResult & { service: NonNullable<RoundResult['service']> })[]): ServiceSummary['growth'] {
  if (rounds.length < 3) return null;
  const ordered = [...rounds].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const start = Date.parse(ordered[0]!.startedAt);
  let served = 0;
  const points = ordered.map((round) => {
    served += round.requests;
    return {
      minutes: (Date.parse(round.startedAt) + round.durationMs - start) / 60_000,
      thousands: served / 1000,
      rss: round.service.rssBytes!,
    };
  });
  const perMinute = slope(points.map((p) => [p.minutes, p.rss]));
  const perThousandRequests = slope(points.map((p) => [p.thousands, p.rss]));
  if (perMinute === null || perThousandRequests === null) return null;
  const spanMinutes = points.at(-1)!.minutes - points[0]!.minutes;
  const grown = perMinute.value * spanMinutes;
  const sure =
    slope(
      points.map((p) => [p.minutes, p.rss]),
      LEAK_LEVEL,
    )!.interval[0] > 0;
  return { perMinute, perThousandRequests, spanMinutes, leak: sure && grown >= Math.max(MATERIAL_BYTES, MATERIAL_SHARE * points[0]!.rss) };
}

/** The least-squares slope of y on x with its interval; null when x does not vary. */
export function slope(points: [number, number][], level = GROWTH_LEVEL): Slope | null {
  const n = points.length;
  const mx = sum(points.map(([x]) => x)) / n;
  const my = sum(points.map(([, y]) => y)) / n;
  const sxx = sum(points.map(([x]) => (x - mx) ** 2));
  if (n < 3 || sxx === 0) return null;
  const value = sum(points.map(([x, y]) => (x - mx) * (y - my))) / sxx;
  const residual = sum(points.map(([x, y]) => (y - my - value * (x - mx)) ** 2));
  const standardError = Math.sqrt(residual / (n - 2) / sxx);
  const half = tQuantile(1 - (1 - level) / 2, n - 2) * standardError;
  return { value, interval: [value - half, value + half] };
}
