import { cpuPerRequestMs, type RoundResult, type ScenarioShard } from '../result/result.js';
import type { GateMetric } from '../config/suite.js';

/** The figures of one round the gate compares; everything else in a round is for people. */
export interface RoundFigures {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  requests: number;
  /** The service's CPU ms per request, 0 when no source gave the round's (see service-cost.ts). */
  cpuPerRequest: number;
  /** The load generator was the bottleneck in this round: its latencies measure perf-gate, not the target. */
  saturated?: boolean;
}

export function roundFigures(round: RoundResult): RoundFigures {
  const { p50, p95, p99 } = round.latencyMs;
  const figures: RoundFigures = {
    p50,
    p95,
    p99,
    rps: round.rps,
    errors: round.errors.total,
    requests: round.requests,
    cpuPerRequest: cpuPerRequestMs(round),
  };
  return round.generator?.saturated === true ? { ...figures, saturated: true } : figures;
}

/**
 * One shard's figures of a round of a merged run: its latencies, and its rate scaled by its part
 * of the load so that shards carrying different parts compare. No CPU per request: the service
 * is one, read whole by every shard, so its cost says nothing of the shard's runner.
 */
export type ShardFigures = Pick<RoundFigures, 'p50' | 'p95' | 'p99' | 'rps' | 'saturated'>;

export function shardFigures(shard: ScenarioShard): ShardFigures[] {
  return shard.rounds.map((round) => ({ ...round.latencyMs, rps: round.rps / shard.share, ...(round.saturated && { saturated: true }) }));
}

/** Latency figures exist only for rounds that got responses; a round of pure failures has none. */
export function hasLatency(round: Pick<RoundFigures, 'p50' | 'p95' | 'p99'>): boolean {
  return round.p50 > 0 && round.p95 > 0 && round.p99 > 0;
}

export const LOG_SCALE_METRICS = ['p50', 'p95', 'p99', 'rps', 'cpuPerRequest'] as const satisfies readonly GateMetric[];
export type LogScaleMetric = (typeof LOG_SCALE_METRICS)[number];
