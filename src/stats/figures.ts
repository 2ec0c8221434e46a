import { cpuPerRequestMs, type RoundResult } from '../result/result.js';
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
  const figures: RoundFigures = { p50, p95, p99, rps: round.rps, errors: round.errors.total, requests: round.requests, cpuPerRequest: cpuPerRequestMs(round) };
  return round.generator?.saturated === true ? { ...figures, saturated: true } : figures;
}

/** Latency figures exist only for rounds that got responses; a round of pure failures has none. */
export function hasLatency(round: RoundFigures): boolean {
  return round.p50 > 0 && round.p95 > 0 && round.p99 > 0;
}

export const LOG_SCALE_METRICS = ['p50', 'p95', 'p99', 'rps', 'cpuPerRequest'] as const satisfies readonly GateMetric[];
export type LogScaleMetric = (typeof LOG_SCALE_METRICS)[number];
