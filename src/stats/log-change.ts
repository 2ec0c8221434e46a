import { mean, sampleVariance } from 'simple-statistics';
import { fUpperP, tQuantile, tTwoSidedP } from './distributions.js';
import type { NoiseVariance, Unsteady } from '../result/verdict.js';
import { percent, type DeploymentNoisePrior, type PriorVariance, type RunNoisePrior } from './noise.js';

/**
 * The change of a positive metric (a latency percentile, a rate) between two sides, estimated
 * on the log scale: a ratio becomes a difference, noise becomes symmetric, and "+10 %" means
 * the same thing at 2 ms and at 2 s. The unit of evidence is the round's figure: requests
 * within a round are autocorrelated, so testing them one by one finds "significant" changes
 * between identical builds (see notes/statistics in the repository's design notes).
 */
export interface LogChange {
  /** Estimated log ratio current/baseline. */
  estimate: number;
  /** Its standard error, and the degrees of freedom of the t distribution it follows. */
  standardError: number;
  df: number;
  /**
   * A prior guess (the built-in default, or the suite's `gate.deployment_noise`) is pooled into the noise figure: not the suite's
   * measurements alone.
   */
  guessed: boolean;
  /**
   * The standard error this comparison would have with `rounds` current rounds (or pairs),
   * everything else as measured: what more rounds could still buy. The run-to-run and
   * deployment terms do not shrink with rounds, so this has a floor above 0.
   */
  standardErrorAt: (rounds: number) => number;
  /** The noise the variance was built from, for the report: what was assumed and where it came from. */
  noise: NoiseVariance;
  /** Stored mode: indices of the baseline runs left out as outliers. */
  outlierRuns: number[];
  /**
   * Stored mode: set when the baseline's own runs disagree beyond what the prior allows (a
   * drifting machine, a changed environment): the variance then follows the runs alone, and a
   * current level inside the runs' own range cannot be told from that drift.
   */
  unsteady?: Unsteady;
  /** Stored mode, a current run measured by shards: what their spread showed (see storedBaselineChange). */
  shards?: ShardEvidence;
}

/** What the shards of the current run showed of the spread between their runners. */
export interface ShardEvidence {
  /** Shards with figures for the metric. */
  count: number;
  /** The CV between the shards' levels (their mean log figures), as measured. */
  cv: number;
  /** Whether their spread went into the run-to-run variance (not beside an unsteady baseline, whose own spread rules). */
  pooled: boolean;
  /** Shards (positions in the input) whose level lies beyond the noise from the other shards', and by how much (ratio − 1). */
  apart: { position: number; distance: number }[];
}

/** Two-sided level, over all the baseline's runs, at which a run is told apart from the others. */
const OUTLIER_LEVEL = 0.01;
/** Level of the F test that calls the baseline's runs more spread than the prior allows. */
const UNSTEADY_LEVEL = 0.01;

/**
 * Stored-baseline mode: the current run's rounds against K baseline runs' rounds.
 *
 * Rounds of one run share that run's machine, deployment and minute (a run effect); rounds of
 * different runs do not. So the model is log x = μ + run effect (σ_b) + round noise (σ_w), and
 * the current run's mean carries its own run effect: Var(Δ) = σ_b² + σ_w²/n + Var(μ̂). Treating
 * the current rounds as independent draws (a plain Mann–Whitney or t over rounds) would ignore
 * σ_b and claim more certainty than the data hold (Laaber et al., EMSE 2019).
 *
 * The variance of a run's mean, τ² = σ_b² + σ_w²/n_b, is what K baseline runs estimate, with
 * only K − 1 degrees of freedom: with 3 runs the t quantile at the gate's α is near 7 and no
 * realistic change would ever be significant. So τ² is moderated (Smyth 2004, Stat. Appl.
 * Genet. Mol. Biol. 3(1):3): shrunk toward a prior τ₀² worth d₀ degrees of freedom,
 * τ̃² = (d₀τ₀² + (K−1)s²)/(d₀ + K − 1), and the t has d₀ + K − 1 degrees of freedom. The prior
 * is built in noise.ts (the suite's own history of recorded runs, else a documented default).
 *
 * Robustness: a baseline run whose mean the others could not have predicted (see outliers()) is
 * left out and named, at most one run in four: a cold start or a noisy neighbour must not widen
 * every interval several-fold, nor shift the level the pull request is judged against.
 *
 * Shards (`currentShards`: each shard's figures of the current rounds, when the run was measured
 * by `--shard i/n` on S runners at once and merged). The shards load the one deployment in the
 * same minutes, so the run effect splits into a part they share (the deployment: its instance,
 * placement, caches, the minute; σ_δ) and a part each shard draws anew (its runner: CPU, network
 * path; σ_ρ), σ_b² = σ_δ² + σ_ρ². The spread of the S shard means, less their own rounds' share,
 * measures σ_ρ² with S − 1 df: the runner's part only, a lower bound on σ_b², exact when the
 * deployment's part is nil. Hence, conservatively:
 * - it enters the moderated estimate as one more sample of τ² worth S − 1 df. Runner to runner is
 *   what the default prior states too (CodSpeed's 2.66 % is between runners), and the baseline's
 *   runs hold the deployment's part as well;
 * - it may raise τ̃² (shards that disagree prove noise the baseline did not show) but never lower
 *   it below the estimate without them: shards that agree say nothing of the part they share. So
 *   quiet shards only tighten the t quantile (d₀ + K − 1 = 8 → 11 df with 4 shards moves the
 *   99.5 % quantile from 3.36 to 3.11), and that gain is honest as far as σ_δ is small next to σ_ρ;
 * - the current run's own run-effect term keeps the whole σ_b², not σ_δ² + σ_ρ²/S: the deployment's
 *   part does not average out over shards, and how much of σ_b is the runner's is not known;
 * - the estimate stays the merged rounds' (every request of every shard in one histogram).
 * A shard whose level the others could not have predicted (σ_b from the baseline and the prior)
 * is named, as a slow runner in the matrix; its requests stay in the merged run.
 */
export function storedBaselineChange(
  baselineRuns: number[][],
  current: number[],
  prior: RunNoisePrior,
  currentShards: number[][] = [],
): LogChange {
  const runs = baselineRuns.map((run) => run.map(Math.log));
  const y = current.map(Math.log);
  if (runs.length === 0 || runs.some((run) => run.length === 0) || y.length === 0 || currentShards.some((shard) => shard.length === 0)) {
    throw new Error('storedBaselineChange needs rounds on both sides (and of every shard given)');
  }
  const within = pooledWithinVariance([...runs, y]);
  const roundsPerRun = harmonicMean(runs.map((run) => run.length));
  const priorVariance = prior.runVariance(within.variance / roundsPerRun);

  const allMeans = runs.map((run) => mean(run));
  const outlierRuns = outliers(allMeans, priorVariance);
  const runMeans = allMeans.filter((_, i) => !outlierRuns.includes(i));
  const k = runMeans.length;
  const baselineMean = mean(runMeans);
  const currentMean = mean(y);

  const sampleDf = k - 1;
  const spread = sampleDf > 0 ? sampleVariance(runMeans) : 0;
  // Runs that disagree beyond the prior are believed over it: shrinking them toward a quiet prior would claim a steadiness they do not
  // have.
  const unsteady = sampleDf > 0 && fUpperP(spread / priorVariance.variance, sampleDf, priorVariance.df) < UNSTEADY_LEVEL;
  const baseline = unsteady
    ? { variance: spread, df: sampleDf }
    : {
        variance: (priorVariance.df * priorVariance.variance + sampleDf * spread) / (priorVariance.df + sampleDf),
        df: priorVariance.df + sampleDf,
      };
  const roundShare = within.variance / roundsPerRun;
  const shards = currentShards.length >= 2 ? shardSample(currentShards, roundShare, baseline) : undefined;
  const pooled = shards !== undefined && !unsteady;
  const runVariance = pooled
    ? Math.max(baseline.variance, (baseline.df * baseline.variance + shards.df * shards.tau) / (baseline.df + shards.df))
    : baseline.variance;
  const df = pooled ? baseline.df + shards.df : baseline.df;
  // σ_b² is τ² less the rounds' share of it; the current run's mean has its own σ_b and its own rounds.
  const between = Math.max(0, runVariance - roundShare);
  const standardErrorAt = (rounds: number) => Math.sqrt(between + within.variance / rounds + runVariance / k);
  const source = unsteady
    ? `the baseline's own ${k} runs, which disagree beyond the ${priorVariance.source}`
    : pooled
      ? `the baseline's ${k} run${k === 1 ? '' : 's'}, ${shards.spread.count} shards of this run (spread ${percent(shards.spread.cv)}) and the ${priorVariance.source}` +
        (runVariance > baseline.variance
          ? ''
          : "; the shards' spread, their runners' part alone, adds degrees of freedom but never lowers the figure")
      : priorVariance.source;
  return {
    estimate: currentMean - baselineMean,
    standardError: standardErrorAt(y.length),
    df,
    guessed: !unsteady && priorVariance.df > priorVariance.measuredDf,
    standardErrorAt,
    noise: { kind: 'run', cv: Math.sqrt(Math.expm1(between)), df, source, assumed: priorVariance.assumed && !unsteady && !pooled },
    outlierRuns,
    ...(unsteady && {
      unsteady: {
        cv: Math.sqrt(Math.expm1(spread)),
        priorCv: Math.sqrt(Math.expm1(priorVariance.variance)),
        range: [Math.exp(Math.min(...runMeans)), Math.exp(Math.max(...runMeans))],
      },
    }),
    ...(shards !== undefined && { shards: { ...shards.spread, pooled } }),
  };
}

/**
 * The shards' spread as a sample of τ² (see storedBaselineChange): the variance of their means
 * less what their own rounds explain (floored at 0), plus a baseline run's rounds' share
 * (`roundShare`), so that it estimates the same τ² as the baseline's runs. And the shards apart:
 * each held against the others (leave one out) with the variance `expected` without the shards,
 * a prediction t at OUTLIER_LEVEL, Bonferroni over the shards; from 3 shards on (of 2, neither
 * is the odd one).
 */
function shardSample(
  shards: number[][],
  roundShare: number,
  expected: { variance: number; df: number },
): { tau: number; df: number; spread: Omit<ShardEvidence, 'pooled'> } {
  const logs = shards.map((shard) => shard.map(Math.log));
  const means = logs.map((shard) => mean(shard));
  const spread = sampleVariance(means);
  const ownRounds = pooledWithinVariance(logs).variance / harmonicMean(logs.map((shard) => shard.length));
  const tau = Math.max(0, spread - ownRounds) + roundShare;
  const shardVariance = Math.max(0, expected.variance - roundShare) + ownRounds;
  const apart =
    means.length < 3 || expected.df < 1 || !(shardVariance > 0)
      ? []
      : means.flatMap((m, position) => {
          const others = mean(means.filter((_, j) => j !== position));
          const z = Math.abs(m - others) / Math.sqrt(shardVariance * (1 + 1 / (means.length - 1)));
          return z > tQuantile(1 - OUTLIER_LEVEL / 2 / means.length, expected.df) ? [{ position, distance: Math.expm1(m - others) }] : [];
        });
  return { tau, df: means.length - 1, spread: { count: means.length, cv: Math.sqrt(Math.expm1(spread)), apart } };
}

/**
 * Indices of run means that lie far from the others; at most one in four, the farthest first.
 * Each run is held against the others (leave one out, so an outlier cannot hide by widening the
 * spread it is measured with), their spread moderated like the comparison's: a prediction t at
 * OUTLIER_LEVEL, Bonferroni over the runs, so K runs of one kind are all kept 99 times in 100.
 */
function outliers(means: number[], prior: PriorVariance): number[] {
  if (means.length < 4) return [];
  return means
    .map((m, index) => {
      const others = means.filter((_, j) => j !== index);
      const df = prior.df + others.length - 1;
      const variance = (prior.df * prior.variance + (others.length - 1) * sampleVariance(others)) / df;
      const z = Math.abs(m - mean(others)) / Math.sqrt(variance * (1 + 1 / others.length));
      return { index, z, bound: tQuantile(1 - OUTLIER_LEVEL / 2 / means.length, df) };
    })
    .filter(({ z, bound }) => z > bound)
    .sort((a, b) => b.z - a.z)
    .slice(0, Math.floor(means.length / 4))
    .map(({ index }) => index);
}

/**
 * Interleaved A/B mode: pairs of rounds (base, candidate) measured back to back on the same
 * machine in the same minute, in alternating order. The runner's run effect and slow drift are
 * common to both halves of a pair and cancel in the pair's log ratio (RMIT: Abedi & Brecht,
 * ICPE 2017). What pairing cannot cancel is the difference between the two deployments
 * (instance, placement, cache, JIT luck): with a deployment noise σ_d on each side the pair's
 * mean difference carries 2σ_d² that no number of rounds removes. So
 * Var(Δ) = s²/n + 2σ̃_d², with σ̃_d² from noise.ts (a prior, moderated by A/A measurements of
 * two deployments of the same code), and Satterthwaite's degrees of freedom for the sum.
 * The paired t is used rather than Wilcoxon's signed-rank test because with 5 pairs the
 * smallest two-sided p a rank test can reach is 0.0625: it could never meet α = 0.01.
 */
export function pairedChange(pairs: [base: number, candidate: number][], deployment: DeploymentNoisePrior): LogChange {
  if (pairs.length < 2) throw new Error('pairedChange needs at least 2 pairs');
  const base = pairs.map(([b]) => Math.log(b));
  const candidate = pairs.map(([, c]) => Math.log(c));
  const differences = pairs.map((_, i) => candidate[i]! - base[i]!);
  const pairVariance = sampleVariance(differences);
  const pairDf = differences.length - 1;
  const { variance: deploymentVariance, df: deploymentDf, source, assumed, measuredDf } = deployment.pairVariance();
  const standardErrorAt = (rounds: number) => Math.sqrt(pairVariance / rounds + deploymentVariance);
  const a = pairVariance / differences.length;
  const df = satterthwaite([
    [a, pairDf],
    [deploymentVariance, deploymentDf],
  ]);
  return {
    estimate: mean(differences),
    standardError: standardErrorAt(differences.length),
    df,
    guessed: deploymentDf > measuredDf,
    standardErrorAt,
    noise: { kind: 'deployment', cv: Math.sqrt(Math.expm1(deploymentVariance / 2)), df: deploymentDf, source, assumed },
    outlierRuns: [],
  };
}

/** Degrees of freedom of a sum of independent variance estimates (Welch–Satterthwaite). */
function satterthwaite(terms: [variance: number, df: number][]): number {
  const total = terms.reduce((sum, [v]) => sum + v, 0);
  const denominator = terms.reduce((sum, [v, df]) => (v > 0 ? sum + (v * v) / df : sum), 0);
  if (!(denominator > 0)) return Math.max(1, ...terms.map(([, df]) => df));
  return Math.max(1, (total * total) / denominator);
}

function harmonicMean(values: number[]): number {
  return values.length / values.reduce((sum, v) => sum + 1 / v, 0);
}

function pooledWithinVariance(groups: number[][]): { variance: number; df: number } {
  let sumOfSquares = 0;
  let df = 0;
  for (const group of groups) {
    if (group.length < 2) continue;
    sumOfSquares += sampleVariance(group) * (group.length - 1);
    df += group.length - 1;
  }
  return { variance: df > 0 ? sumOfSquares / df : 0, df };
}

/** Two-sided p of "no change", and the interval at `level`, both on the log scale. */
export function logChangeTest(
  change: Pick<LogChange, 'estimate' | 'standardError' | 'df'>,
  level: number,
): { pValue: number; interval: [number, number] } {
  const { estimate, standardError, df } = change;
  if (standardError === 0) {
    // Every round gave the same figure: no noise, so any difference at all is certain.
    return { pValue: estimate === 0 ? 1 : 0, interval: [estimate, estimate] };
  }
  const half = tQuantile(1 - (1 - level) / 2, df) * standardError;
  return { pValue: tTwoSidedP(estimate / standardError, df), interval: [estimate - half, estimate + half] };
}
