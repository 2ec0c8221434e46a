import type { GateMetric, MetricPolicy } from './suite.js';

/**
 * The relative gate out of the box: a metric regresses when it degrades by more than 10 %
 * (errors: by more than 1 percentage point); p95 and the error rate block the merge, p50, p99
 * and throughput inform.
 */
export const DEFAULT_GATE: Readonly<Record<GateMetric, Readonly<MetricPolicy>>> = {
  p50: { threshold: 0.1, blocking: false },
  p95: { threshold: 0.1, blocking: true },
  p99: { threshold: 0.1, blocking: false },
  rps: { threshold: 0.1, blocking: false },
  errorRate: { threshold: 0.01, blocking: true },
};

export const DEFAULT_ALPHA = 0.01;
export const DEFAULT_MAX_DURATION_MS = 180_000;

export function defaultGate(): Record<GateMetric, MetricPolicy> {
  return Object.fromEntries(Object.entries(DEFAULT_GATE).map(([metric, policy]) => [metric, { ...policy }])) as Record<
    GateMetric,
    MetricPolicy
  >;
}
