import { GATE_METRICS, type GateMetric } from '../result/verdict.js';

/**
 * What the judging core decides, and what the report and the action read: the verdict's shape
 * is src/result/verdict.ts (a results file carries it); here, how people read its metrics.
 */
export type {
  FailOn,
  GateCounts,
  GateMethod,
  GateResult,
  GateVerdict,
  MetricComparison,
  MetricVerdict,
  ScenarioComparison,
  ScenarioVerdict,
} from '../result/verdict.js';

/** Metrics compared against a baseline (the suite's gate metrics). Latencies in ms, rps in req/s, errorRate a fraction. */
export const METRIC_NAMES: readonly GateMetric[] = GATE_METRICS;

/** What people read for each metric, in reports and in the reasons for extra rounds. */
export const METRIC_LABEL: Record<GateMetric, string> = {
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  rps: 'req/s',
  errorRate: 'error rate',
  cpuPerRequest: 'CPU/req',
};
