import { formatSignedPercent } from '../config/units.js';
import type { GateMetric, MetricPolicy } from '../config/suite.js';
import { median } from 'simple-statistics';
import { normalCdf, normalQuantile, tCdf, tQuantile } from './distributions.js';
import { LOG_SCALE_METRICS, hasLatency, type LogScaleMetric, type RoundFigures, type ShardFigures } from './figures.js';
import { holmAdjust } from './holm.js';
import { logChangeTest, pairedChange, storedBaselineChange, type LogChange } from './log-change.js';
import { MEASURED_ENOUGH_DF, deploymentNoisePrior, runNoisePrior, type AaObservation } from './noise.js';
import { lookAlphaFactor, roundsFactor, type Looks } from './plan.js';
import { proportionChange } from './proportions.js';
import type {
  BudgetCheck,
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
  /** Stored mode: each baseline run's name for the report (commit and date), in `baseline`'s order. */
  baselineLabels?: string[];
  /** Stored mode: log mean figures of earlier recorded runs (not those in `baseline`), oldest first: the run-noise prior. */
  history?: Partial<Record<LogScaleMetric, number[]>>;
  /** A/B mode: A/A records of this scenario (two deployments of the same code): the deployment-noise prior. */
  aa?: Partial<Record<LogScaleMetric, AaObservation[]>>;
  /** Stored mode, a current run measured by shards and merged: each shard's figures of the current rounds. */
  shards?: { index: number; rounds: ShardFigures[] }[];
}

export interface JudgeInput {
  mode: GateMethod['mode'];
  scenarios: ScenarioEvidence[];
  budgets: BudgetCheck[];
  /** Family-wise level over the blocking metrics. */
  alpha: number;
  /** Looks planned and taken (see plan.ts): alpha is split between them. */
  looks: Looks;
  /** A/B mode: `gate.deployment_noise`, the CV of one deployment against another, when set. */
  deploymentNoise?: number;
  extraRounds: string[];
  warnings: string[];
  /** What an undecided run does to the check; default: it passes with a warning. */
  failOn?: FailOn;
  /** A current run measured by shards: each shard and its machine, for the report. */
  shards?: { index: number; runner: string }[];
}

/** p99 from fewer tail samples than this per side is too noisy to block (≈ 100 requests above p99). */
export const P99_MIN_REQUESTS = 10_000;
/** … and a round's p99 from fewer than 10 tail samples is too noisy to be a round's figure. */
export const P99_MIN_ROUND_REQUESTS = 1_000;
/**
 * The level of every interval the gate states, and the one its words follow: "unchanged" only
 * when this interval's worse end is within the threshold (equivalence at one-sided 5 %, as TOST
 * states it), and adaptive rounds stop once it lies wholly on one side of the threshold.
 */
export const INTERVAL_LEVEL = 0.9;

interface Draft {
  scenario: number;
  comparison: MetricComparison;
  /**
   * One-sided p of the directional claim the estimate points to (a regression, or an
   * improvement), against the margin: the change must be beyond half the threshold, not merely
   * beyond none. Null when it cannot be computed.
   */
  claimP: number | null;
  /** The smallest one-sided p this test could reach with the data's totals (Tarone): 0 for a continuous metric. */
  minP: number;
  /** In "worse" units (log for log metrics, absolute for the error rate): the threshold, the margin, the standard error and its df. */
  detection: { threshold: number; margin: number; standardError: number; df: number };
}

/** Power at which `detectable` is quoted: the smallest change caught 4 times in 5. */
const DETECTION_POWER = 0.8;

export function judge(input: JudgeInput): GateResult {
  const drafts: Draft[] = [];
  const scenarios: ScenarioComparison[] = input.scenarios.map((evidence, index) => {
    const baselineRounds = evidence.baseline.reduce((sum, run) => sum + run.length, 0);
    const rounds = { baseline: baselineRounds, current: evidence.current.length };
    if (baselineRounds === 0) return { name: evidence.name, status: 'new', metrics: [], rounds };
    if (evidence.current.length === 0) return { name: evidence.name, status: 'missing', metrics: [], rounds };
    for (const draft of compareScenario(evidence, input)) drafts.push({ scenario: index, ...draft });
    return { name: evidence.name, status: 'compared', metrics: [], rounds };
  });

  const lookFactor = lookAlphaFactor(input.looks);
  const blocking = drafts.filter((d) => d.comparison.blocking);
  // Tarone: a test that cannot reach significance with these data (an error rate with no error
  // on either side) is left out of the family, so it does not dilute the others' share of alpha.
  const family = taroneFamily(
    blocking.map((d) => d.minP),
    input.alpha / lookFactor,
  );
  const tested = blocking.filter((_, i) => family[i]);
  const adjusted = holmAdjust(tested.map((d) => d.claimP ?? 1));
  tested.forEach((d, i) => (d.comparison.adjustedPValue = Math.min(1, adjusted[i]! * lookFactor)));
  for (const d of blocking.filter((_, i) => !family[i]))
    d.comparison.adjustedPValue = Math.min(1, (d.claimP ?? 1) * Math.max(1, tested.length) * lookFactor);
  // The level a single blocking metric is tested at, before Holm's step-down relaxes it: what
  // the detectable change is quoted at (so it never promises more than the test delivers).
  const testLevel = input.alpha / lookFactor / Math.max(1, tested.length);
  for (const draft of drafts) {
    const c = draft.comparison;
    const p = c.blocking ? c.adjustedPValue : draft.claimP === null ? null : Math.min(1, draft.claimP * lookFactor);
    c.significant = p !== null && p < input.alpha;
    c.verdict = verdictOf(c);
    c.decided = isDecided(c);
    c.detectable = detectable(c, draft.detection, c.blocking ? testLevel : input.alpha / lookFactor);
    if (c.decided) c.roundsFactor = null;
    scenarios[draft.scenario]!.metrics.push(c);
  }

  return {
    ...outcome(scenarios, input.budgets, input.failOn ?? 'regression'),
    budgets: input.budgets,
    method: {
      mode: input.mode,
      test: input.mode === 'interleaved' ? PAIRED_TEST : STORED_TEST,
      alpha: input.alpha,
      holmFamily: tested.length,
      leftOut: blocking.length - tested.length,
      looks: input.looks.taken,
      plannedLooks: input.looks.planned,
      baselineRuns: input.mode === 'interleaved' ? 1 : Math.max(0, ...input.scenarios.map((s) => s.baseline.length)),
      extraRounds: input.extraRounds,
    },
    warnings: input.warnings,
    ...(input.shards !== undefined && { shards: input.shards }),
  };
}

const STORED_TEST =
  'log per-round figures; current run vs pooled baseline runs, run-to-run variance moderated toward a prior ' +
  '(t, d₀ + K − 1 df), outlier runs left out; a run merged from S shards adds their spread (S − 1 df; it may raise the ' +
  'variance, never lower it); a change claimed only when significantly beyond a quarter of the threshold; ' +
  'error rate: two-proportion z test, quasi-binomial over rounds; Holm over the blocking metrics that can reach significance (Tarone), ' +
  'alpha split over planned looks';
const PAIRED_TEST =
  'paired t on log ratios of interleaved rounds (ABBA order) plus the deployment-to-deployment variance ' +
  '(Satterthwaite df), a change claimed only when significantly beyond a quarter of the threshold; error rate: ' +
  'two-proportion z test, quasi-binomial over rounds; Holm over the blocking metrics that can reach significance (Tarone), ' +
  'alpha split over planned looks';

/**
 * The run's outcome from its compared metrics and budgets, counted once: each scenario's verdict,
 * the counts every output shows, the verdict, and whether the check fails.
 */
export function outcome(
  scenarios: ScenarioComparison[],
  budgets: BudgetCheck[],
  failOn: FailOn,
): Pick<GateResult, 'verdict' | 'failed' | 'failOn' | 'undecidedCatch' | 'counts' | 'scenarios'> {
  const judged = scenarios.map((s) => (s.status === 'compared' ? { ...s, ...scenarioVerdict(s.metrics) } : s));
  const compared = judged.filter((s) => s.status === 'compared');
  const blockingMetrics = compared.flatMap((s) => s.metrics.filter((m) => m.blocking));
  const undecided = compared.filter((s) => s.verdict === 'inconclusive');
  const counts: GateCounts = {
    regressions: blockingMetrics.filter((m) => m.verdict === 'regression').length,
    improvements: blockingMetrics.filter((m) => m.verdict === 'improvement').length,
    inconclusive: blockingMetrics.filter((m) => m.verdict === 'inconclusive').length,
    budgetsExceeded: budgets.filter((b) => !b.passed).length,
    compared: compared.length,
    undecided: undecided.length,
  };
  const verdict = overall(counts);
  return {
    verdict,
    failed: verdict === 'fail' || (verdict === 'inconclusive' && failOn === 'inconclusive'),
    failOn,
    undecidedCatch: smallestCatch(undecided.flatMap((s) => s.metrics.filter((m) => m.blocking && m.verdict === 'inconclusive'))),
    counts,
    scenarios: judged,
  };
}

function overall(counts: GateCounts): GateVerdict {
  if (counts.regressions > 0 || counts.budgetsExceeded > 0) return 'fail';
  if (counts.inconclusive > 0) return 'inconclusive';
  return counts.compared === 0 ? 'neutral' : 'pass';
}

function scenarioVerdict(metrics: MetricComparison[]): Pick<ScenarioComparison, 'verdict' | 'informing'> {
  const blocking = metrics.filter((m) => m.blocking);
  const has = (verdict: MetricVerdict) => blocking.some((m) => m.verdict === verdict);
  // With nothing blocking (the suite made every metric inform), the row can only say what its metrics show.
  const verdict: ScenarioVerdict = has('regression')
    ? 'regression'
    : has('inconclusive') || blocking.length === 0
      ? 'inconclusive'
      : has('improvement')
        ? 'improvement'
        : 'unchanged';
  const informing = metrics.filter((m) => !m.blocking && (m.verdict === 'regression' || m.verdict === 'improvement')).map((m) => m.metric);
  return { verdict, ...(informing.length > 0 ? { informing } : {}) };
}

/** The undecided metric that could catch the smallest degradation: latencies and rates first (relative), else the error rate. */
function smallestCatch(metrics: MetricComparison[]): GateResult['undecidedCatch'] {
  const known = metrics.filter((m) => m.detectable !== null);
  const relative = known.filter((m) => m.metric !== 'errorRate');
  const pool = relative.length > 0 ? relative : known;
  if (pool.length === 0) return null;
  const best = pool.reduce((a, b) => (b.detectable! < a.detectable! ? b : a));
  return { metric: best.metric, detectable: best.detectable! };
}

function compareScenario(evidence: ScenarioEvidence, input: JudgeInput): Omit<Draft, 'scenario'>[] {
  const drafts: Omit<Draft, 'scenario'>[] = [];
  for (const metric of LOG_SCALE_METRICS) {
    const draft = compareLogMetric(evidence, metric, input);
    if (draft !== undefined) drafts.push(draft);
  }
  drafts.push(compareErrorRate(evidence));
  return drafts;
}

/** The rounds a log metric is compared on: a saturated generator's rounds only when nothing else is left (and then it cannot block). */
interface LogEvidence {
  baseline: number[][];
  labels: string[];
  current: number[];
  /** Stored mode: each shard's figures of the metric (shards without any left out). */
  shards: { index: number; values: number[] }[];
  /** Set when saturated rounds had to be kept: why the metric only informs. */
  saturation?: string;
}

function logEvidence(evidence: ScenarioEvidence, metric: LogScaleMetric, mode: GateMethod['mode']): LogEvidence | undefined {
  const measured = (round: RoundFigures) => (metric === 'rps' || metric === 'cpuPerRequest' ? round[metric] > 0 : hasLatency(round));
  const pick = (usable: (round: RoundFigures) => boolean): LogEvidence | undefined => {
    if (mode === 'interleaved') {
      const base = evidence.baseline[0] ?? [];
      const pairs = evidence.current.flatMap((round, i) =>
        base[i] !== undefined && usable(base[i]) && usable(round) ? [[base[i], round] as const] : [],
      );
      if (pairs.length < 2) return undefined;
      return { baseline: [pairs.map(([b]) => b[metric])], labels: [], current: pairs.map(([, c]) => c[metric]), shards: [] };
    }
    const runs = evidence.baseline.map((run, i) => ({
      values: run.filter(usable).map((r) => r[metric]),
      label: evidence.baselineLabels?.[i] ?? `run ${i + 1}`,
    }));
    const kept = runs.filter((run) => run.values.length > 0);
    const current = evidence.current.filter(usable).map((r) => r[metric]);
    if (kept.length === 0 || current.length === 0) return undefined;
    return {
      baseline: kept.map((run) => run.values),
      labels: kept.map((run) => run.label),
      current,
      shards: shardValues(evidence, metric),
    };
  };
  // The service's CPU time does not depend on how busy the generator was.
  const unsaturated = pick((round) => measured(round) && (metric === 'cpuPerRequest' || round.saturated !== true));
  if (unsaturated !== undefined) return unsaturated;
  const all = pick(measured);
  if (all === undefined) return undefined;
  const rounds = [...evidence.current, ...evidence.baseline.flat()];
  const saturated = rounds.filter((r) => r.saturated === true).length;
  return {
    ...all,
    // Saturated shards measure their generators: no evidence of the runners' noise (and this metric cannot block).
    shards: [],
    saturation: `the load generator was saturated in ${saturated} of ${rounds.length} rounds: their figures measure perf-gate's own queueing, so this metric cannot block (use fewer connections, --workers or shards)`,
  };
}

/**
 * Each shard's unsaturated figures of a metric. None of CPU per request: the service is one,
 * read whole by every shard, so its cost does not differ by runner.
 */
function shardValues(evidence: ScenarioEvidence, metric: LogScaleMetric): { index: number; values: number[] }[] {
  if (metric === 'cpuPerRequest') return [];
  // A hand-edited share near 0 could make a rate infinite: such figures are no evidence.
  const usable = (round: ShardFigures) =>
    round.saturated !== true && Number.isFinite(round[metric]) && (metric === 'rps' ? round.rps > 0 : hasLatency(round));
  return (evidence.shards ?? [])
    .map(({ index, rounds }) => ({ index, values: rounds.filter(usable).map((r) => r[metric]) }))
    .filter((shard) => shard.values.length > 0);
}

function compareLogMetric(evidence: ScenarioEvidence, metric: LogScaleMetric, input: JudgeInput): Omit<Draft, 'scenario'> | undefined {
  const picked = logEvidence(evidence, metric, input.mode);
  if (picked === undefined) return undefined;
  let change: LogChange;
  if (input.mode === 'interleaved') {
    const pairs = picked.current.map((c, i): [number, number] => [picked.baseline[0]![i]!, c]);
    change = pairedChange(pairs, deploymentNoisePrior(input.deploymentNoise, evidence.aa?.[metric]));
  } else {
    change = storedBaselineChange(
      picked.baseline,
      picked.current,
      runNoisePrior(evidence.history?.[metric]),
      picked.shards.map((shard) => shard.values),
    );
  }
  const policy = evidence.policy[metric];
  const higherIsWorse = metric !== 'rps';
  const { pValue, interval } = logChangeTest(change, INTERVAL_LEVEL);
  const relative = (x: number) => Math.expm1(x);
  const margin = !change.guessed && change.df >= MEASURED_ENOUGH_DF ? 0 : Math.log1p(policy.threshold * MARGIN_SHARE);
  const advisory = picked.saturation ?? advisoryReason(evidence, metric);
  const outliers = change.outlierRuns.map((i) => {
    const others = picked.baseline.filter((_, j) => j !== i).map((run) => Math.exp(meanLog(run)));
    const distance = Math.exp(meanLog(picked.baseline[i]!)) / Math.exp(meanLog(others)) - 1;
    return `${picked.labels[i]} (${formatSignedPercent(distance, 1)} from the other runs)`;
  });
  return {
    comparison: {
      metric,
      // The levels shown are the rounds' median, the figure budgets judge and every table shows; the change is estimated on the logs.
      baseline: median(picked.baseline.filter((_, i) => !change.outlierRuns.includes(i)).flat()),
      current: median(picked.current),
      change: relative(change.estimate),
      interval: [relative(interval[0]), relative(interval[1])],
      pValue,
      adjustedPValue: null,
      significant: false,
      threshold: policy.threshold,
      higherIsWorse,
      verdict: 'unchanged',
      blocking: policy.blocking && advisory === undefined,
      ...(policy.blocking && advisory !== undefined ? { advisory } : {}),
      decided: false,
      detectable: null,
      roundsFactor: roundsFactor(change.standardErrorAt, picked.current.length, input.mode),
      noise: change.noise,
      ...(outliers.length > 0 ? { outliers } : {}),
      ...(change.unsteady && { unsteady: change.unsteady }),
      ...(change.shards && {
        shards: {
          ...change.shards,
          apart: change.shards.apart.map(({ position, distance }) => ({ index: picked.shards[position]!.index, distance })),
        },
      }),
    },
    claimP: marginP(change, margin),
    minP: 0,
    detection: {
      threshold: higherIsWorse ? Math.log1p(policy.threshold) : -Math.log1p(-Math.min(policy.threshold, 0.99)),
      margin,
      standardError: change.standardError,
      df: change.df,
    },
  };
}

/**
 * The share of the threshold a change must be significantly beyond to be claimed: the test's null
 * is "a change within a quarter of the threshold" (2.5 % under a 10 % threshold), not "no change",
 * so that a change the user allows (+5 %) fails no more often than the oracle that knows every
 * variance. Measured (test/stats/simulation.test.ts, docs/statistics.md): a quarter holds +5 % at the oracle's
 * rate at 5 % run CV and costs 5–25 points of power at +15–20 %; half held it at 1–3 % and cost
 * 15–40 points, no margin let it fail 9–10 % of the time. What the margin guards against is a
 * noise figure estimated too low (a guessed prior, a few runs); on noise the suite measured
 * itself, with MEASURED_ENOUGH_DF and no guess pooled in, the plain test is the oracle's own and
 * holds +5 % without it, and the margin would only cost power (K = 3 with 61 runs of history, 5 %
 * run CV, +20 %, 20 rounds: 58 % with it, 68 % without; the bound 72 %).
 */
const MARGIN_SHARE = 0.25;

/** One-sided p that the change, in the direction of its estimate, exceeds the margin (log scale). */
function marginP({ estimate, standardError, df }: LogChange, margin: number): number {
  const beyond = Math.abs(estimate) - margin;
  if (!(standardError > 0)) return beyond > 0 ? 0 : 1;
  return tCdf(-beyond / standardError, df);
}

function meanLog(values: number[]): number {
  return values.reduce((sum, v) => sum + Math.log(v), 0) / values.length;
}

function compareErrorRate(evidence: ScenarioEvidence): Omit<Draft, 'scenario'> {
  const count = (rounds: RoundFigures[]) => rounds.map(({ errors, requests }) => ({ errors, requests }));
  const baseline = count(evidence.baseline.flat());
  const current = count(evidence.current);
  const change = proportionChange(baseline, current, INTERVAL_LEVEL);
  const standardError = (change.interval[1] - change.interval[0]) / (2 * normalQuantile(1 - (1 - INTERVAL_LEVEL) / 2));
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
      detectable: null,
      roundsFactor: ERROR_ROUNDS_FACTOR,
    },
    // Errors are tested against no change: a discrete count near zero has no room for a margin.
    claimP: change.pValue / 2,
    minP: smallestErrorP(baseline, current),
    detection: { threshold: evidence.policy.errorRate.threshold, margin: 0, standardError, df: Infinity },
  };
}

/**
 * The smallest one-sided p the error-rate test could reach with these totals (Tarone, 1990):
 * every error on the current side, none on the baseline's, without overdispersion. With no error
 * on either side it is 1: the test cannot be significant, whatever the rounds.
 */
function smallestErrorP(baseline: { errors: number; requests: number }[], current: { errors: number; requests: number }[]): number {
  const sum = (rounds: { errors: number; requests: number }[], key: 'errors' | 'requests') =>
    rounds.reduce((total, r) => total + r[key], 0);
  const errors = sum(baseline, 'errors') + sum(current, 'errors');
  const [nb, nc] = [sum(baseline, 'requests'), sum(current, 'requests')];
  if (errors === 0 || nb === 0 || nc === 0) return 1;
  const pooled = errors / (nb + nc);
  const z = Math.min(errors, nc) / nc / Math.sqrt(pooled * (1 - pooled) * (1 / nb + 1 / nc));
  return 1 - normalCdf(z);
}

/**
 * Tarone's rule: the smallest family size K for which at most K tests could reach alpha / K;
 * the tests that could are the family, the others are left out. True for each test kept.
 */
function taroneFamily(minP: number[], alpha: number): boolean[] {
  for (let k = 1; k <= minP.length; k++) {
    const kept = minP.map((p) => p <= alpha / k);
    if (kept.filter(Boolean).length <= k) return kept;
  }
  return minP.map(() => true);
}

/**
 * Errors are counts: more rounds always narrow their interval, but with no error on either side
 * it takes thousands of requests to rule out +1 pp; four times the rounds is as far as an
 * undecided error rate alone may stretch a run, in either mode.
 */
const ERROR_ROUNDS_FACTOR = 4;

/**
 * The smallest degradation the test would catch with probability DETECTION_POWER: it must
 * clear both the threshold and the significance bound past the margin, c = max(threshold,
 * margin + t·SE), and is then
 * caught 4 times in 5 when the true change is c + z₀.₈·SE. In the metric's change unit.
 */
function detectable(c: MetricComparison, detection: Draft['detection'], level: number): number | null {
  const { threshold, margin, standardError, df } = detection;
  if (!(standardError > 0)) return null;
  const bound = Number.isFinite(df) ? tQuantile(1 - level, df) : normalQuantile(1 - level);
  const worse = Math.max(threshold, margin + bound * standardError) + normalQuantile(DETECTION_POWER) * standardError;
  if (c.metric === 'errorRate') return worse;
  return c.higherIsWorse ? Math.expm1(worse) : -Math.expm1(-worse);
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

/** Degradation is positive whichever way the metric goes. */
function worse(c: Pick<MetricComparison, 'higherIsWorse'>, change: number): number {
  return c.higherIsWorse ? change : -change;
}

/**
 * A change is a regression (or an improvement) when it is significant and beyond the threshold;
 * unchanged only when the interval shows it smaller than the threshold; anything else is not
 * decided: the run could not tell, whatever its estimate.
 */
function verdictOf(c: MetricComparison): MetricVerdict {
  const degradation = worse(c, c.change);
  // A level the unsteady baseline's own runs reached is no evidence of a change in either direction.
  const withinDrift = c.unsteady !== undefined && c.current >= c.unsteady.range[0] && c.current <= c.unsteady.range[1];
  if (c.significant && !withinDrift && degradation > c.threshold) return 'regression';
  if (c.significant && !withinDrift && -degradation > c.threshold) return 'improvement';
  return worstEnd(c) <= c.threshold ? 'unchanged' : 'inconclusive';
}

/** Decided: more rounds could no longer change the verdict (the interval lies wholly on one side of the threshold). */
function isDecided(c: MetricComparison): boolean {
  if (worstEnd(c) <= c.threshold) return true;
  return c.verdict === 'regression' && Math.min(worse(c, c.interval[0]), worse(c, c.interval[1])) > c.threshold;
}

/** The interval's end that is worse for the metric, as a degradation. */
function worstEnd(c: MetricComparison): number {
  return Math.max(worse(c, c.interval[0]), worse(c, c.interval[1]));
}
