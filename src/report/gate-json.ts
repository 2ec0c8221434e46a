import type { BudgetMetric, GateMetric } from '../config/suite.js';
import type { GateMethod, GateResult, GateVerdict, MetricVerdict, ScenarioComparison } from '../stats/verdict.js';

/**
 * The gate's verdict as plain JSON (`--json`): every key always present and in a fixed order,
 * numbers rounded to 6 significant digits, no NaN or Infinity (null instead).
 * Units as in GateResult: latencies in ms, rps in req/s, errorRate a fraction; `change`,
 * `interval` and `threshold` are relative for latencies and rps (0.18 = +18 %) and absolute
 * for errorRate (0.004 = +0.4 percentage points).
 */
export interface GateJson {
  verdict: GateVerdict;
  counts: { regressions: number; improvements: number; inconclusive: number; budgetsExceeded: number };
  method: {
    mode: GateMethod['mode'];
    test: string;
    alpha: number | null;
    holmFamily: number;
    looks: number;
    baselineRuns: number;
    extraRounds: string[];
  };
  scenarios: GateJsonScenario[];
  budgets: GateJsonBudget[];
  warnings: string[];
}

export interface GateJsonScenario {
  name: string;
  status: ScenarioComparison['status'];
  /** Rounds compared on each side (baseline: over all its runs). */
  rounds: { baseline: number; current: number };
  metrics: GateJsonMetric[];
}

export interface GateJsonMetric {
  metric: GateMetric;
  baseline: number | null;
  current: number | null;
  change: number | null;
  interval: [number | null, number | null];
  pValue: number | null;
  adjustedPValue: number | null;
  significant: boolean;
  threshold: number | null;
  /** Latencies and errorRate: up is worse; rps: down is worse. */
  higherIsWorse: boolean;
  verdict: MetricVerdict;
  blocking: boolean;
  /** Whether more rounds could no longer change the verdict. */
  decided: boolean;
  /** Present only when a metric configured as blocking only informs this time, with the reason. */
  advisory?: string;
  /** The smallest degradation this run would have caught 4 times in 5, in the unit of `threshold`. */
  detectable: number | null;
  /** The noise assumed beyond the rounds (run to run, or deployment to deployment), and where it came from. */
  noise?: { kind: 'run' | 'deployment'; cv: number | null; df: number | null; source: string };
  /** Baseline runs left out of this metric as outliers. */
  outliers?: string[];
}

export interface GateJsonBudget {
  scenario: string;
  metric: BudgetMetric;
  limit: number | null;
  actual: number | null;
  passed: boolean;
}

/** 6 significant digits; null for NaN and ±Infinity; -0 as 0. */
export function jsonNumber(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const rounded = Number(value.toPrecision(6));
  return rounded === 0 ? 0 : rounded;
}

/** A count: an integer (0 if the gate ever handed over something that is not a finite number). */
function jsonCount(value: number): number {
  return Number.isFinite(value) ? Math.round(value) : 0;
}

export function gateJson(gate: GateResult): GateJson {
  return {
    verdict: gate.verdict,
    counts: {
      regressions: jsonCount(gate.counts.regressions),
      improvements: jsonCount(gate.counts.improvements),
      inconclusive: jsonCount(gate.counts.inconclusive),
      budgetsExceeded: jsonCount(gate.counts.budgetsExceeded),
    },
    method: {
      mode: gate.method.mode,
      test: gate.method.test,
      alpha: jsonNumber(gate.method.alpha),
      holmFamily: jsonCount(gate.method.holmFamily),
      looks: jsonCount(gate.method.looks),
      baselineRuns: jsonCount(gate.method.baselineRuns),
      extraRounds: [...gate.method.extraRounds],
    },
    scenarios: gate.scenarios.map((s) => ({
      name: s.name,
      status: s.status,
      rounds: { baseline: jsonCount(s.rounds.baseline), current: jsonCount(s.rounds.current) },
      metrics: s.metrics.map((m) => {
        const metric: GateJsonMetric = {
          metric: m.metric,
          baseline: jsonNumber(m.baseline),
          current: jsonNumber(m.current),
          change: jsonNumber(m.change),
          interval: [jsonNumber(m.interval[0]), jsonNumber(m.interval[1])],
          pValue: jsonNumber(m.pValue),
          adjustedPValue: jsonNumber(m.adjustedPValue),
          significant: m.significant,
          threshold: jsonNumber(m.threshold),
          higherIsWorse: m.higherIsWorse,
          verdict: m.verdict,
          blocking: m.blocking,
          decided: m.decided,
          detectable: jsonNumber(m.detectable),
        };
        if (m.advisory !== undefined) metric.advisory = m.advisory;
        if (m.noise !== undefined) metric.noise = { ...m.noise, cv: jsonNumber(m.noise.cv), df: jsonNumber(m.noise.df) };
        if (m.outliers !== undefined) metric.outliers = [...m.outliers];
        return metric;
      }),
    })),
    budgets: gate.budgets.map((b) => ({
      scenario: b.scenario,
      metric: b.metric,
      limit: jsonNumber(b.limit),
      actual: jsonNumber(b.actual),
      passed: b.passed,
    })),
    warnings: [...gate.warnings],
  };
}
