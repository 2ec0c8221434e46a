import { median, sum } from 'simple-statistics';
import type { RoundResult, ScenarioResult } from '../result/result.js';
import { decodeHistogram, mergeHistograms, summarizeLatency, type LatencySummary } from '../result/histogram.js';
import { serviceSummary, type ServiceSummary } from './service-cost.js';

/** One scenario over all its rounds: what budgets are judged on and tables show. */
export interface ScenarioSummary {
  name: string;
  model: ScenarioResult['model'];
  rounds: number;
  requests: number;
  errors: number;
  /** errors / requests, 0 when nothing was sent. */
  errorRate: number;
  /** Mean of the rounds' achieved rates. */
  rps: number;
  /** Responses of any status: the requests that have a latency (transport failures have none). */
  responses: number;
  /**
   * The scenario's latency figures as every table shows them and budgets judge them: each
   * percentile the median of the rounds' own (rounds with a response), so that one bad round
   * cannot move it alone; max, min and mean over every response of the run. Zeros when there was none.
   */
  latencyMs: LatencySummary;
  /** Coefficient of variation of the rounds' p95: how noisy this measurement is. */
  p95RoundCv: number | null;
  /** The median round's requests: what its p95 rests on (see MIN_ROUND_REQUESTS); null with no round. */
  roundRequests: number | null;
  /** Open model: starts sent late and starts dropped (the target did not keep up), over all rounds. */
  late: number;
  dropped: number;
  /** Open model: starts never made because the unique data rows had run out (see OpenModelStats.noRow). */
  noRow: number;
  scheduled: number;
  targetRps: number | null;
  /** Rounds in which the load generator was saturated: their latencies include its own queueing. */
  saturatedRounds: number;
  /**
   * The load generator's highest event-loop utilisation, CPU (cores) and event-loop delay p99 over
   * the rounds, each its own maximum; null when no round recorded them (files from older versions).
   */
  generator: { elu: number; cpu: number; delayP99Ms: number } | null;
  /** The round in which the flow's unique data rows ran out (it ended early, and none ran after it); null when they lasted. */
  dataRanOut: number | null;
  /** A flow's captures that found nothing, over all rounds (see RoundErrors.captureMisses); empty when none did. */
  captureMisses: Record<string, number>;
  /** A mix's member: the share of the mix's requests its weight asked for, and the share it got. */
  mix: MixShare | null;
  /** The service's CPU and memory over the rounds, where a source gave them. */
  service: ServiceSummary | null;
}

export interface MixShare {
  /** The mix's name, and the member's within it (`<mix>/<member>`). */
  mix: string;
  member: string;
  planned: number;
  actual: number;
}

/** Every entry of a run summarised, a mix's members with their shares. */
export function summarizeScenarios(scenarios: ScenarioResult[]): ScenarioSummary[] {
  const shares = mixShares(scenarios);
  return scenarios.map((scenario) => ({ ...summarizeScenario(scenario), mix: shares.get(scenario.name) ?? null }));
}

/** The members of every mix of a run, by name: the share their weight asked for and the share of the mix's requests they got. */
export function mixShares(scenarios: readonly ScenarioResult[]): Map<string, MixShare> {
  // An older file's members, which do not say their mix, are left out rather than guessed from their names.
  const members = scenarios.filter(
    (s): s is ScenarioResult & { step: NonNullable<ScenarioResult['step']>; share: number } =>
      s.share !== undefined && s.step !== undefined,
  );
  const requests = (s: ScenarioResult) => sum(s.rounds.map((r) => r.requests));
  const shares = new Map<string, MixShare>();
  for (const member of members) {
    const total = sum(members.filter((m) => m.step.of === member.step.of).map(requests));
    shares.set(member.name, {
      mix: member.step.of,
      member: member.step.name,
      planned: member.share,
      actual: total === 0 ? 0 : requests(member) / total,
    });
  }
  return shares;
}

export function summarizeScenario(scenario: ScenarioResult): ScenarioSummary {
  const { rounds } = scenario;
  const requests = sum(rounds.map((r) => r.requests));
  const errors = sum(rounds.map((r) => r.errors.total));
  const histograms = rounds.map((r) => decodeHistogram(r.histogram));
  const merged = mergeHistograms(histograms);
  const answered = rounds.filter((_, i) => histograms[i]!.totalCount > 0);
  return {
    name: scenario.name,
    model: scenario.model,
    rounds: rounds.length,
    requests,
    errors,
    errorRate: requests === 0 ? 0 : errors / requests,
    rps: rounds.length === 0 ? 0 : sum(rounds.map((r) => r.rps)) / rounds.length,
    responses: merged.totalCount,
    latencyMs: roundMedians(summarizeLatency(merged), answered),
    p95RoundCv: coefficientOfVariation(rounds.map((r) => r.latencyMs.p95)),
    roundRequests: medianRoundRequests(scenario),
    late: sum(rounds.map((r) => r.open?.late ?? 0)),
    dropped: sum(rounds.map((r) => r.open?.dropped ?? 0)),
    noRow: sum(rounds.map((r) => r.open?.noRow ?? 0)),
    scheduled: sum(rounds.map((r) => r.open?.scheduled ?? 0)),
    targetRps: scenario.rate ?? null,
    saturatedRounds: saturatedRounds(scenario),
    generator: generatorPeak(rounds),
    dataRanOut: dataRanOut(scenario),
    captureMisses: captureMisses(scenario),
    mix: null,
    service: serviceSummary(scenario),
  };
}

/** See ScenarioSummary.captureMisses. */
export function captureMisses(scenario: ScenarioResult): Record<string, number> {
  const misses: Record<string, number> = {};
  for (const round of scenario.rounds)
    for (const [missed, n] of Object.entries(round.errors.captureMisses ?? {})) misses[missed] = (misses[missed] ?? 0) + n;
  return misses;
}

/** The percentiles as the median of the rounds' own; the run's max, min and mean as they are. */
function roundMedians(pooled: LatencySummary, rounds: RoundResult[]): LatencySummary {
  if (rounds.length === 0) return pooled;
  const of = (key: 'p50' | 'p90' | 'p95' | 'p99' | 'p999') => median(rounds.map((r) => r.latencyMs[key]));
  return { ...pooled, p50: of('p50'), p90: of('p90'), p95: of('p95'), p99: of('p99'), p999: of('p999') };
}

/** See ScenarioSummary.dataRanOut. */
export function dataRanOut(scenario: ScenarioResult): number | null {
  return scenario.rounds.find((round) => round.dataRanOut === true)?.round ?? null;
}

/** The requests of a scenario's median round (the lower of the two middle ones); null with no round. */
export function medianRoundRequests(scenario: ScenarioResult): number | null {
  const counts = scenario.rounds.map((r) => r.requests).sort((a, b) => a - b);
  return counts[Math.floor((counts.length - 1) / 2)] ?? null;
}

/** A merged run's shards whose generator saturated in some of the scenario's rounds, and in how many: the runners to fix. */
export function saturatedShards(scenario: ScenarioResult): { index: number; rounds: number }[] {
  return (scenario.shards ?? [])
    .map(({ index, rounds }) => ({ index, rounds: rounds.filter((round) => round.saturated === true).length }))
    .filter((shard) => shard.rounds > 0);
}

/** Rounds of a scenario in which the load generator was saturated (see src/stats/generator-health.ts). */
export function saturatedRounds(scenario: ScenarioResult): number {
  return scenario.rounds.filter((round) => round.generator?.saturated === true).length;
}

function generatorPeak(rounds: RoundResult[]): ScenarioSummary['generator'] {
  const measured = rounds.flatMap((round) => (round.generator === undefined ? [] : [round.generator]));
  if (measured.length === 0) return null;
  return {
    elu: Math.max(...measured.map((g) => g.elu)),
    cpu: Math.max(...measured.map((g) => g.cpu)),
    delayP99Ms: Math.max(...measured.map((g) => g.delayP99Ms)),
  };
}

/** Sample standard deviation over mean; null below two rounds or at a zero mean. */
export function coefficientOfVariation(values: number[]): number | null {
  if (values.length < 2) return null;
  const mean = sum(values) / values.length;
  if (mean === 0) return null;
  const variance = sum(values.map((v) => (v - mean) ** 2)) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}
