/**
 * What the judging core decides, and what the report and the action read: the verdict's shape
 * is src/result/verdict.ts (a results file carries it), its metrics' names and labels src/result/metrics.ts.
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
