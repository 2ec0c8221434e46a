import { decodeHistogram, mergeHistograms } from '../result/histogram.js';
import type { RoundResult, RunResult, ScenarioResult } from '../result/result.js';
import type { StressFinding } from '../stats/breaking-point.js';

/**
 * What the HTML report's charts draw, per scenario, computed here from the results so the page's
 * script only draws: plain numbers, no histogram decoding in the browser.
 */
export interface ScenarioCharts {
  name: string;
  /** The latency distribution: x = -log10(1 - q) (0 = p0, 1 = p90, 2 = p99, 3 = p99.9), y = ms. */
  percentiles: { x: number[]; current: number[]; baseline: number[] | null };
  /** Per round: p50, p95, p99 of this run; the baseline's p95 per round (the base run's, paired) or its median. */
  rounds: { round: number[]; p50: number[]; p95: number[]; p99: number[]; baselineP95: number[] | null };
  /** Stages: each second of every round, one after another. */
  timeline: { seconds: number[]; targetRps: number[]; rps: number[]; p95: number[]; breakAt: number | null } | null;
}

/** Quantiles to 99.999 %, 20 a decade of the tail: fine enough that the curve's steps are the histogram's. */
const STEPS_PER_DECADE = 20;
const DECADES = 5;
const QUANTILE_X = Array.from({ length: STEPS_PER_DECADE * DECADES + 1 }, (_, k) => k / STEPS_PER_DECADE);

export function scenarioCharts(current: RunResult, baseline: RunResult[], findings: StressFinding[]): ScenarioCharts[] {
  return current.scenarios.map((scenario) => {
    const before = baseline.flatMap((run) => run.scenarios.filter((s) => s.name === scenario.name));
    const baseRounds = before.flatMap((s) => s.rounds);
    return {
      name: scenario.name,
      percentiles: { x: QUANTILE_X, current: curve(scenario.rounds), baseline: baseRounds.length === 0 ? null : curve(baseRounds) },
      rounds: roundSeries(scenario, before, baseline.length === 1),
      timeline: timelineOf(scenario, findings.find((f) => f.scenario === scenario.name)),
    };
  });
}

/** Latency (ms) at each quantile of the rounds' histograms merged exactly. */
function curve(rounds: RoundResult[]): number[] {
  const merged = mergeHistograms(rounds.map((round) => decodeHistogram(round.histogram)));
  if (merged.totalCount === 0) return QUANTILE_X.map(() => 0);
  return QUANTILE_X.map((at) => merged.getValueAtPercentile(100 * (1 - 10 ** -at)) / 1000);
}

function roundSeries(scenario: ScenarioResult, before: ScenarioResult[], paired: boolean): ScenarioCharts['rounds'] {
  const { rounds } = scenario;
  const p95s = before.flatMap((s) => s.rounds.map((r) => r.latencyMs.p95)).sort((a, b) => a - b);
  const median = p95s.length === 0 ? null : p95s[Math.floor((p95s.length - 1) / 2)]!;
  // The base measured alongside: its rounds pair with these by number. A stored baseline: its median, as a level.
  const baselineP95 = paired && before.length === 1 ? rounds.map((r) => before[0]!.rounds.find((b) => b.round === r.round)?.latencyMs.p95 ?? median ?? 0) : median === null ? null : rounds.map(() => median);
  return {
    round: rounds.map((r) => r.round),
    p50: rounds.map((r) => r.latencyMs.p50),
    p95: rounds.map((r) => r.latencyMs.p95),
    p99: rounds.map((r) => r.latencyMs.p99),
    baselineP95,
  };
}

function timelineOf(scenario: ScenarioResult, finding: StressFinding | undefined): ScenarioCharts['timeline'] {
  if (!scenario.rounds.some((r) => r.timeline !== undefined)) return null;
  const timeline: NonNullable<ScenarioCharts['timeline']> = { seconds: [], targetRps: [], rps: [], p95: [], breakAt: null };
  let offset = 0;
  for (const round of scenario.rounds) {
    const buckets = round.timeline ?? [];
    for (const bucket of buckets) {
      const at = offset + bucket.atMs / 1000;
      timeline.seconds.push(at);
      timeline.targetRps.push(bucket.targetRps);
      timeline.rps.push(bucket.requests);
      timeline.p95.push(bucket.p95Ms);
      if (finding?.broke !== undefined && finding.broke.round === round.round && finding.broke.atMs === bucket.atMs) timeline.breakAt = at;
    }
    offset += Math.max(round.durationMs / 1000, buckets.length);
  }
  return timeline;
}
