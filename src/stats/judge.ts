import type { GateMetric, MetricPolicy } from '../config/suite.js';
import type { BudgetCheck } from './budgets.js';
import { hasLatency, type LogScaleMetric, type RoundFigures } from './figures.js';
import { holmAdjust } from './holm.js';
import { logChangeTest, pairedChange, storedBaselineChange, type LogChange } from './log-change.js';
import { proportionChange } from './proportions.js';
import type { GateMethod, GateResult, GateVerdict, MetricComparison, MetricVerdict, ScenarioComparison } from './verdict.js';

/** The evidence about one scenario. */
export interface ScenarioEvidence {
  name: string;
  policy: Record<GateMetric, MetricPolicy>;
  /** Open model: the rate is set by the schedule, so throughput cannot tell anything. */
  openModel: boolean;
  /**
   * Stored-baseline mode: the rounds of each baseline run. Interleaved mode: one entry, the base
   * deployment's rounds, paired by position with `current`. Empty: the scenario is new.
   */
  baseline: RoundFigures[][];
  /** Empty: the scenario was not measured this time. */
  current: RoundFigures[];
}

export interface JudgeInput {
  mode: GateMethod['mode'];
  scenarios: ScenarioEvidence[];
  budgets: BudgetCheck[];
  /** Family-wise level over the blocking metrics. */
  alpha: number;
  /**
   * Rounds at each planned look (see plan.ts) and how many looks have been taken. Alpha is split
   * across the planned looks in proportion to the square of their rounds (a Bonferroni split, so
   * looking again never inflates false alarms; the square is in the spirit of O'Brien–Fleming):
   * an early look, on little evidence, stops only for a clear-cut change (its 90 % interval must
   * clear the threshold anyway), and the last look, on the most evidence, keeps most of alpha.
   */
  schedule: number[];
  looksTaken: number;
  extraRounds: string[];
  warnings: string[];
}

/** p99 from fewer tail samples than this per side is too noisy to block (≈ 100 requests above p99). */
export const P99_MIN_REQUESTS = 10_000;
/** … and a round's p99 from fewer than 10 tail samples is too noisy to be a round's figure. */
export const P99_MIN_ROUND_REQUESTS = 1_000;
/** Adaptive rounds stop once the interval at this level is wholly on one side of the threshold. */
const DECISION_LEVEL = 0.9;

interface Draft {
  scenario: number;
  comparison: MetricComparison;
  /** Where the 90 % interval lies, in the metric's change unit. */
  decisionInterval: [number, number];
}

export function judge(input: JudgeInput): GateResult {
  const level = 1 - input.alpha;
  const drafts: Draft[] = [];
  const scenarios: ScenarioComparison[] = input.scenarios.map((evidence, index) => {
    const baselineRounds = evidence.baseline.reduce((sum, run) => sum + run.length, 0);
    const rounds = { baseline: baselineRounds, current: evidence.current.length };
    if (baselineRounds === 0) return { name: evidence.name, status: 'new', metrics: [], rounds };
    if (evidence.current.length === 0) return { name: evidence.name, status: 'missing', metrics: [], rounds };
    for (const draft of compareScenario(evidence, input.mode, level)) drafts.push({ scenario: index, ...draft });
    return { name: evidence.name, status: 'compared', metrics: [], rounds };
  });

  const lookFactor = lookAlphaFactor(input.schedule, input.looksTaken);
  const blocking = drafts.filter((d) => d.comparison.blocking);
  // A regression (or an improvement) is a directional claim, so it is tested one-sided in the
  // direction of the estimate: half the two-sided p that is reported.
  const directional = (c: MetricComparison) => (c.pValue === null ? null : c.pValue / 2);
  const adjusted = holmAdjust(blocking.map((d) => directional(d.comparison) ?? 1));
  blocking.forEach((d, i) => (d.comparison.adjustedPValue = Math.min(1, adjusted[i]! * lookFactor)));
  for (const draft of drafts) {
    const c = draft.comparison;
    const oneSided = directional(c);
    const p = c.blocking ? c.adjustedPValue : oneSided === null ? null : Math.min(1, oneSided * lookFactor);
    c.significant = p !== null && p < input.alpha;
    c.verdict = verdictOf(c);
    c.decided = isDecided(c, draft.decisionInterval);
    scenarios[draft.scenario]!.metrics.push(c);
  }

  const compared = scenarios.filter((s) => s.status === 'compared');
  const all = compared.flatMap((s) => s.metrics);
  const counts = {
    regressions: all.filter((m) => m.blocking && m.verdict === 'regression').length,
    improvements: all.filter((m) => m.verdict === 'improvement').length,
    inconclusive: all.filter((m) => m.blocking && m.verdict === 'inconclusive').length,
    budgetsExceeded: input.budgets.filter((b) => !b.passed).length,
  };
  return {
    verdict: overall(counts, compared.length),
    scenarios,
    budgets: input.budgets,
    method: {
      mode: input.mode,
      test: input.mode === 'interleaved' ? PAIRED_TEST : STORED_TEST,
      alpha: input.alpha,
      holmFamily: blocking.length,
      looks: input.looksTaken,
      baselineRuns: input.mode === 'interleaved' ? 1 : Math.max(0, ...input.scenarios.map((s) => s.baseline.length)),
      extraRounds: input.extraRounds,
    },
    counts,
    warnings: input.warnings,
  };
}

const STORED_TEST =
  'log per-round figures; current run vs pooled baseline runs with run-level variance (t, K − 1 df); ' +
  'error rate: two-proportion z test, quasi-binomial over rounds; Holm over blocking metrics, alpha split over planned looks';
const PAIRED_TEST =
  'paired t on log ratios of interleaved rounds (ABBA order); error rate: two-proportion z test, quasi-binomial ' +
  'over rounds; Holm over blocking metrics, alpha split over planned looks';

/** 1 / (the share of alpha this look may spend). */
export function lookAlphaFactor(schedule: number[], look: number): number {
  const weights = schedule.map((rounds) => rounds * rounds);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return total / weights[Math.min(look, schedule.length) - 1]!;
}

function overall(counts: GateResult['counts'], compared: number): GateVerdict {
  if (counts.regressions > 0 || counts.budgetsExceeded > 0) return 'fail';
  if (counts.inconclusive > 0) return 'inconclusive';
  return compared === 0 ? 'neutral' : 'pass';
}

function compareScenario(evidence: ScenarioEvidence, mode: GateMethod['mode'], level: number): Omit<Draft, 'scenario'>[] {
  const drafts: Omit<Draft, 'scenario'>[] = [];
  for (const metric of ['p50', 'p95', 'p99', 'rps'] as const) {
    const draft = compareLogMetric(evidence, metric, mode, level);
    if (draft !== undefined) drafts.push(draft);
  }
  drafts.push(compareErrorRate(evidence, level));
  return drafts;
}

function compareLogMetric(
  evidence: ScenarioEvidence,
  metric: LogScaleMetric,
  mode: GateMethod['mode'],
  level: number,
): Omit<Draft, 'scenario'> | undefined {
  const usable = (round: RoundFigures) => (metric === 'rps' ? round.rps > 0 : hasLatency(round));
  let change: LogChange;
  if (mode === 'interleaved') {
    const base = evidence.baseline[0] ?? [];
    const pairs = evidence.current
      .map((round, i) => [base[i], round] as const)
      .filter((pair): pair is readonly [RoundFigures, RoundFigures] => pair[0] !== undefined && usable(pair[0]) && usable(pair[1]))
      .map(([b, c]): [number, number] => [b[metric], c[metric]]);
    if (pairs.length < 2) return undefined;
    change = pairedChange(pairs);
  } else {
    const runs = evidence.baseline.map((run) => run.filter(usable).map((r) => r[metric])).filter((run) => run.length > 0);
    const current = evidence.current.filter(usable).map((r) => r[metric]);
    if (runs.length === 0 || current.length === 0) return undefined;
    change = storedBaselineChange(runs, current);
  }
  const policy = evidence.policy[metric];
  const higherIsWorse = metric !== 'rps';
  const { pValue, interval } = logChangeTest(change, level);
  const decision = logChangeTest(change, DECISION_LEVEL).interval;
  const relative = (x: number) => Math.expm1(x);
  return {
    comparison: {
      metric,
      baseline: change.baselineLevel,
      current: change.currentLevel,
      change: relative(change.estimate),
      interval: [relative(interval[0]), relative(interval[1])],
      pValue,
      adjustedPValue: null,
      significant: false,
      threshold: policy.threshold,
      higherIsWorse,
      verdict: 'unchanged',
      blocking: policy.blocking && advisoryReason(evidence, metric) === undefined,
      ...advisoryField(evidence, metric),
      decided: false,
    },
    decisionInterval: [relative(decision[0]), relative(decision[1])],
  };
}

function compareErrorRate(evidence: ScenarioEvidence, level: number): Omit<Draft, 'scenario'> {
  const count = (rounds: RoundFigures[]) => rounds.map(({ errors, requests }) => ({ errors, requests }));
  const baseline = count(evidence.baseline.flat());
  const current = count(evidence.current);
  const change = proportionChange(baseline, current, level);
  const decision = proportionChange(baseline, current, DECISION_LEVEL);
  return {
    comparison: {
      metric: 'errorRate',
      baseline: change.baselineRate,
      current: change.currentRate,
      change: change.estimate,
      interval: change.interval,
      pValue: change.pValue,
      adjustedPValue: null,
      significant: false,
      threshold: evidence.policy.errorRate.threshold,
      higherIsWorse: true,
      verdict: 'unchanged',
      blocking: evidence.policy.errorRate.blocking,
      decided: false,
    },
    decisionInterval: decision.interval,
  };
}

function advisoryReason(evidence: ScenarioEvidence, metric: LogScaleMetric): string | undefined {
  if (!evidence.policy[metric].blocking) return undefined;
  if (metric === 'rps' && evidence.openModel) {
    return 'open model: the request rate is set by the schedule, so throughput cannot regress';
  }
  if (metric === 'p99') {
    const enough = (rounds: RoundFigures[]) =>
      rounds.reduce((sum, r) => sum + r.requests, 0) >= P99_MIN_REQUESTS && rounds.every((r) => r.requests >= P99_MIN_ROUND_REQUESTS);
    if (!enough(evidence.current) || !evidence.baseline.every(enough)) {
      return `too few tail samples: p99 blocks only with ≥ ${P99_MIN_REQUESTS.toLocaleString('en-US')} requests per side and ≥ ${P99_MIN_ROUND_REQUESTS.toLocaleString('en-US')} per round`;
    }
  }
  return undefined;
}

function advisoryField(evidence: ScenarioEvidence, metric: LogScaleMetric): { advisory?: string } {
  const advisory = advisoryReason(evidence, metric);
  return advisory === undefined ? {} : { advisory };
}

/** Degradation is positive whichever way the metric goes. */
function worse(c: Pick<MetricComparison, 'higherIsWorse'>, change: number): number {
  return c.higherIsWorse ? change : -change;
}

function verdictOf(c: MetricComparison): MetricVerdict {
  if (worse(c, c.change) > c.threshold) return c.significant ? 'regression' : 'inconclusive';
  if (-worse(c, c.change) > c.threshold && c.significant) return 'improvement';
  return 'unchanged';
}

function isDecided(c: MetricComparison, [low, high]: [number, number]): boolean {
  const [best, worst] = c.higherIsWorse ? [low, high] : [-high, -low];
  if (best > c.threshold) return c.significant;
  return worst <= c.threshold;
}
