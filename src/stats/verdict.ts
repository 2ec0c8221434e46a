import type { GateMetric } from '../config/suite.js';
import type { BudgetCheck } from './budgets.js';
import type { NoiseVariance } from './noise.js';

/**
 * What the judging core decides, and what the report and the action read. Pure data.
 */

/** Metrics compared against a baseline (the suite's gate metrics). Latencies in ms, rps in req/s, errorRate a fraction. */
export const METRIC_NAMES: readonly GateMetric[] = ['p50', 'p95', 'p99', 'rps', 'errorRate', 'cpuPerRequest'];

/** What people read for each metric, in reports and in the reasons for extra rounds. */
export const METRIC_LABEL: Record<GateMetric, string> = {
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  rps: 'req/s',
  errorRate: 'error rate',
  cpuPerRequest: 'CPU/req',
};

/**
 * - regression: the estimated degradation exceeds the threshold and is significant (Holm).
 * - improvement: the mirror image.
 * - unchanged: the estimate is within the threshold (it may still be significant: "+4 % (within 10 %)").
 * - inconclusive: the estimate exceeds the threshold but the evidence is not enough.
 */
export type MetricVerdict = 'regression' | 'improvement' | 'unchanged' | 'inconclusive';

export interface MetricComparison {
  metric: GateMetric;
  /** The baseline's level (median over its runs), in the metric's unit. */
  baseline: number;
  /** The current level, in the metric's unit. */
  current: number;
  /**
   * Latencies and rps: relative change current/baseline − 1 (0.18 = +18 %).
   * errorRate: absolute change in the fraction (0.004 = +0.4 percentage points).
   */
  change: number;
  /** Confidence interval of `change`, at level 1 − alpha, same unit. */
  interval: [number, number];
  /** Two-sided p-value of "no change"; null when it cannot be computed (e.g. no variation at all). */
  pValue: number | null;
  /**
   * Blocking metrics: the p compared with alpha: one-sided in the direction of the change (a
   * regression is a directional claim), Holm-adjusted over the blocking metrics and divided by
   * the share of alpha this look may spend. Null for metrics that only inform.
   */
  adjustedPValue: number | null;
  significant: boolean;
  /** Same unit as `change`: relative for latencies and rps, absolute for errorRate. */
  threshold: number;
  /** Latencies and errorRate: up is worse. rps: down is worse. */
  higherIsWorse: boolean;
  verdict: MetricVerdict;
  /** Whether this metric can fail the gate. */
  blocking: boolean;
  /** Why a metric configured as blocking only informs this time (e.g. too few tail samples for p99). */
  advisory?: string;
  /**
   * Whether more rounds could no longer change the verdict: the 90 % interval lies wholly on one
   * side of the threshold. Undecided blocking metrics are what adaptive rounds are run for.
   */
  decided: boolean;
  /**
   * The smallest degradation this comparison would have caught 4 times in 5 (its minimum
   * detectable effect at the noise it measured and the level it was tested at), same unit as
   * `threshold`; null when it cannot be said (no variation at all). Never below the threshold.
   */
  detectable: number | null;
  /**
   * Undecided blocking metrics: how many times the current rounds it would take for the interval
   * to come near its narrowest; null when more rounds cannot narrow it materially (the run-to-run
   * or deployment noise, which no round removes, is what is left).
   */
  roundsFactor: number | null;
  /** The noise the comparison assumed beyond its own rounds, and where the figure came from. */
  noise?: NoiseVariance;
  /** Stored mode: baseline runs left out of this metric as outliers, named (commit, date) with their distance. */
  outliers?: string[];
}

export interface ScenarioComparison {
  name: string;
  /** `new`: no baseline for it yet (cannot regress); `missing`: in the baseline, not measured now. */
  status: 'compared' | 'new' | 'missing';
  metrics: MetricComparison[];
  /** Rounds that went into the comparison on each side (baseline: over all its runs). */
  rounds: { baseline: number; current: number };
}

export type GateVerdict = 'pass' | 'fail' | 'inconclusive' | 'neutral';

export interface GateMethod {
  mode: 'stored-baseline' | 'interleaved';
  /** A sentence naming the test, e.g. "Welch t on log per-round values, run-level variance (…)" */
  test: string;
  alpha: number;
  /** Number of blocking comparisons Holm corrected for. */
  holmFamily: number;
  /** Looks taken (adaptive rounds); alpha is spent across them. */
  looks: number;
  /** Looks planned: 1 for a plain comparison, 2 when a measurement may add rounds. */
  plannedLooks: number;
  /** Baseline runs pooled (stored-baseline mode). */
  baselineRuns: number;
  /** Why more rounds were run, when they were (e.g. "search p95 inconclusive after 5 rounds"). */
  extraRounds: string[];
}

export interface GateResult {
  verdict: GateVerdict;
  scenarios: ScenarioComparison[];
  budgets: BudgetCheck[];
  method: GateMethod;
  counts: { regressions: number; improvements: number; inconclusive: number; budgetsExceeded: number };
  /** Things the reader must know (different machines, interrupted run, no baseline yet …). */
  warnings: string[];
}
