import * as z from 'zod';
import { BUDGET_METRICS, GATE_METRICS } from './metrics.js';

/**
 * A run's verdict as the gate judged it: what every output renders (the PR comment, the check
 * run, the job summary, the HTML page, the terminal, JSON) and what a results file carries, so
 * that a page made later from the file says what the run said, never a second judgment. Read
 * back from files a user hands over, so the schema is strict and bounded. The judging itself is
 * src/stats/; this is only its shape.
 */
export const VERDICT_SCHEMA = 'perf-gate/verdict@1';

const finite = z.number();
const count = z.number().int().nonnegative();
const text = z.string().max(20_000);
const texts = z.array(text).max(1_000);

const NoiseSchema = z.strictObject({
  kind: z.enum(['run', 'deployment']),
  /** The CV per run (or per deployment) the comparison assumed beyond its own rounds, and its df. */
  cv: finite,
  df: finite,
  /** Where the figure came from. */
  source: text,
  /** The built-in default alone: assumed, not measured for this suite. */
  assumed: z.boolean(),
});

const UnsteadySchema = z.strictObject({
  /** The CV between the baseline's run means, and the one the prior expected. */
  cv: finite,
  priorCv: finite,
  /** The lowest and highest run mean, in the metric's unit. */
  range: z.tuple([finite, finite]),
});

const ShardSpreadSchema = z.strictObject({
  /** Shards of the current run with figures for the metric. */
  count: count,
  /** The CV between the shards' levels, as measured. */
  cv: finite,
  /** Whether their spread went into the run-to-run variance (not beside an unsteady baseline). */
  pooled: z.boolean(),
  /**
   * Shards whose level lies beyond the noise from the other shards' (a slow runner in the matrix), by index, and by how much (ratio − 1).
   */
  apart: z.array(z.strictObject({ index: z.number().int().positive(), distance: finite })).max(256),
});

/**
 * - regression: the estimated degradation exceeds the threshold and is significant (Holm).
 * - improvement: the mirror image.
 * - unchanged: the interval's worse end lies within the threshold: the run shows the change is
 *   smaller than what the gate guards (it may still be significant: "+4 % (within 10 %)").
 * - inconclusive ("not decided"): anything else; the run could not tell, whatever its estimate.
 */
const METRIC_VERDICTS = ['regression', 'improvement', 'unchanged', 'inconclusive'] as const;

const MetricComparisonSchema = z.strictObject({
  metric: z.enum(GATE_METRICS),
  /** The baseline's level and the current one, in the metric's unit (latencies ms, rps req/s, errorRate a fraction). */
  baseline: finite,
  current: finite,
  /** Latencies and rps: relative change current/baseline − 1 (0.18 = +18 %). errorRate: absolute change in the fraction. */
  change: finite,
  /** Confidence interval of `change` at 90 %, same unit: the interval the verdict's words follow. */
  interval: z.tuple([finite, finite]),
  /** Two-sided p of "no change"; null when it cannot be computed (no variation at all). */
  pValue: finite.nullable(),
  /** Blocking metrics: one-sided in the direction of the change, Holm-adjusted, divided by the look's share of alpha. */
  adjustedPValue: finite.nullable(),
  significant: z.boolean(),
  /** Same unit as `change`. */
  threshold: finite,
  /** Latencies and errorRate: up is worse. rps: down is worse. */
  higherIsWorse: z.boolean(),
  verdict: z.enum(METRIC_VERDICTS),
  /** Whether this metric can fail the gate. */
  blocking: z.boolean(),
  /** Why a metric configured as blocking only informs this time (e.g. too few tail samples for p99). */
  advisory: text.optional(),
  /** More rounds could no longer change the verdict: the interval lies wholly on one side of the threshold. */
  decided: z.boolean(),
  /** The smallest degradation this comparison would have caught 4 times in 5, same unit as `threshold`; never below it. */
  detectable: finite.nullable(),
  /** Undecided blocking metrics: the multiple of the rounds that would bring the interval near its narrowest; null when none would. */
  roundsFactor: finite.nullable(),
  noise: NoiseSchema.optional(),
  /** Stored mode: baseline runs left out as outliers, named (commit, date) with their distance. */
  outliers: texts.optional(),
  /** Stored mode: the baseline's runs disagree beyond the prior; no change inside their own range is claimed. */
  unsteady: UnsteadySchema.optional(),
  /** Stored mode, a current run measured by shards: their spread, evidence of the run-to-run noise. */
  shards: ShardSpreadSchema.optional(),
});

/**
 * A compared scenario's verdict, from its blocking metrics only (the ones its row shows): a
 * regression if one regressed, not decided if one could not be decided, an improvement if one
 * improved and the others are unchanged, unchanged when every one is.
 */
const SCENARIO_VERDICTS = ['regression', 'inconclusive', 'improvement', 'unchanged'] as const;

const ScenarioComparisonSchema = z.strictObject({
  name: text,
  /** `new`: no baseline for it yet (cannot regress); `missing`: in the baseline, not measured now. */
  status: z.enum(['compared', 'new', 'missing']),
  /** Compared scenarios only. */
  verdict: z.enum(SCENARIO_VERDICTS).optional(),
  /** Metrics that only inform but moved beyond their threshold, significantly: said beside the row, never as its verdict. */
  informing: z.array(z.enum(GATE_METRICS)).max(GATE_METRICS.length).optional(),
  metrics: z.array(MetricComparisonSchema).max(GATE_METRICS.length),
  /** Rounds that went into the comparison on each side (baseline: over all its runs). */
  rounds: z.strictObject({ baseline: count, current: count }),
});

const BudgetCheckSchema = z.strictObject({
  scenario: text,
  metric: z.enum(BUDGET_METRICS),
  /** The limit: an upper bound, except `rps`, a lower bound. */
  limit: finite,
  /** NaN (null in a file) when nothing measured it: not measured, so not met. */
  actual: finite.nullable().transform((value) => value ?? Number.NaN),
  passed: z.boolean(),
});

const GateMethodSchema = z.strictObject({
  mode: z.enum(['stored-baseline', 'interleaved']),
  /** A sentence naming the test. */
  test: text,
  alpha: finite,
  /** Number of blocking comparisons Holm corrected for. */
  holmFamily: count,
  /** Blocking comparisons left out of Holm's family because they could not reach significance (Tarone); absent in older files. */
  leftOut: count.default(0),
  /** Looks taken, and planned (1 for a plain comparison, 2 when a measurement may add rounds): alpha is spent across them. */
  looks: count,
  plannedLooks: count,
  /** Baseline runs pooled (stored-baseline mode). */
  baselineRuns: count,
  /** Why more rounds were run, when they were. */
  extraRounds: texts,
});

export const GateResultSchema = z.strictObject({
  verdict: z.enum(['pass', 'fail', 'inconclusive', 'neutral']),
  /** Whether the run fails its check: a regression or an exceeded budget, or an undecided run when `failOn` says so. */
  failed: z.boolean(),
  /** What an undecided run does to the check: pass with a warning (the default) or fail. */
  failOn: z.enum(['regression', 'inconclusive']),
  scenarios: z.array(ScenarioComparisonSchema).max(10_000),
  budgets: z.array(BudgetCheckSchema).max(100_000),
  method: GateMethodSchema,
  counts: z.strictObject({
    /** Blocking metrics that regressed, improved, or could not be decided. */
    regressions: count,
    improvements: count,
    inconclusive: count,
    budgetsExceeded: count,
    /** Scenarios compared, and those of them whose verdict is not decided. */
    compared: count,
    undecided: count,
  }),
  /** The smallest degradation any undecided scenario's blocking metric could have caught; null when every one was decided. */
  undecidedCatch: z.strictObject({ metric: z.enum(GATE_METRICS), detectable: finite }).nullable(),
  /** Things the reader must know (different machines, interrupted run, no baseline yet …). */
  warnings: texts,
  /** A current run measured by shards and merged: each shard and the machine it ran on. */
  shards: z
    .array(z.strictObject({ index: z.number().int().positive(), runner: text }))
    .max(256)
    .optional(),
});

/** What a results file carries of its judgment: the verdict, and what it was judged against (to draw beside it later). */
export const JudgmentSchema = z.strictObject({
  schema: z.literal(VERDICT_SCHEMA),
  /** Where the reference came from, as the report named it (a baseline file, a branch, the base deployment's results). */
  reference: text,
  /** The runs judged against, by start time and commit: a page drawn later checks it is given these. */
  runs: z
    .array(
      z.strictObject({
        startedAt: z.iso.datetime(),
        sha: z
          .string()
          .regex(/^[0-9a-f]{7,64}$/)
          .nullable(),
      }),
    )
    .max(10_000),
  gate: GateResultSchema,
});

export type GateResult = z.infer<typeof GateResultSchema>;
export type GateVerdict = GateResult['verdict'];
export type FailOn = GateResult['failOn'];
export type GateCounts = GateResult['counts'];
export type GateMethod = z.infer<typeof GateMethodSchema>;
export type ScenarioComparison = z.infer<typeof ScenarioComparisonSchema>;
export type ScenarioVerdict = NonNullable<ScenarioComparison['verdict']>;
export type MetricComparison = z.infer<typeof MetricComparisonSchema>;
export type MetricVerdict = MetricComparison['verdict'];
export type NoiseVariance = z.infer<typeof NoiseSchema>;
export type Unsteady = z.infer<typeof UnsteadySchema>;
export type ShardSpread = z.infer<typeof ShardSpreadSchema>;
export type BudgetCheck = z.infer<typeof BudgetCheckSchema>;
export type Judgment = z.infer<typeof JudgmentSchema>;
