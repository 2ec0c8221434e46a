import type { GateMetric, MetricPolicy, StatusRange } from './suite.js';

/**
 * Every default of the suite file, in one place: resolve.ts applies them, and the schema's
 * descriptions (the editors' JSON Schema) quote them from here.
 */
export const DEFAULT_WARMUP_MS = 2000;
export const DEFAULT_ROUNDS = 5;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_DURATION_MS = 5000;
/** Open model: most requests in flight before new arrivals wait. */
export const DEFAULT_OPEN_CONNECTIONS = 100;
export const DEFAULT_STATUS: StatusRange = [200, 399];
/** Connection stages ramp from this many workers unless start_connections says otherwise. */
export const DEFAULT_START_CONNECTIONS = 1;

/**
 * The relative gate out of the box: a metric regresses when it degrades by more than 10 %
 * (errors: by more than 1 percentage point); p95, the error rate and (where it is measured) the
 * service's CPU time per request block the merge, p50, p99 and throughput inform.
 */
export const DEFAULT_GATE: Readonly<Record<GateMetric, Readonly<MetricPolicy>>> = {
  p50: { threshold: 0.1, blocking: false },
  p95: { threshold: 0.1, blocking: true },
  p99: { threshold: 0.1, blocking: false },
  rps: { threshold: 0.1, blocking: false },
  errorRate: { threshold: 0.01, blocking: true },
  // Compared only where the suite names a service source; there it is the quietest signal there is.
  cpuPerRequest: { threshold: 0.1, blocking: true },
};

export const DEFAULT_ALPHA = 0.01;
/**
 * The A/B mode's default deployment-to-deployment CV (each side), when neither the suite's
 * gate.deployment_noise nor A/A records say otherwise; a weak prior (stats/noise.ts).
 */
export const DEFAULT_DEPLOYMENT_CV = 0.01;
export const DEFAULT_MAX_DURATION_MS = 180_000;

export function defaultGate(): Record<GateMetric, MetricPolicy> {
  return Object.fromEntries(Object.entries(DEFAULT_GATE).map(([metric, policy]) => [metric, { ...policy }])) as Record<
    GateMetric,
    MetricPolicy
  >;
}
