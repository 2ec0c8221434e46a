import { mean, sampleVariance } from 'simple-statistics';
import { fUpperP, tQuantile, tTwoSidedP } from './distributions.js';
import type { NoiseVariance, Unsteady } from '../result/verdict.js';
import type { DeploymentNoisePrior, PriorVariance, RunNoisePrior } from './noise.js';

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
 */
export function storedBaselineChange(baselineRuns: number[][], current: number[], prior: RunNoisePrior): LogChange {
  const runs = baselineRuns.map((run) => run.map(Math.log));
  const y = current.map(Math.log);
  if (runs.length === 0 || runs.some((run) => run.length === 0) || y.length === 0) {
    throw new Error('storedBaselineChange needs rounds on both sides');
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
  // Runs that disagree beyond the prior are believed over it: shrinking them toward a quiet prior would claim a steadiness they do not have.
  const unsteady = sampleDf > 0 && fUpperP(spread / priorVariance.variance, sampleDf, priorVariance.df) < UNSTEADY_LEVEL;
  const runVariance = unsteady ? spread : (priorVariance.df * priorVariance.variance + sampleDf * spread) / (priorVariance.df + sampleDf);
  const df = unsteady ? sampleDf : priorVariance.df + sampleDf;
  // σ_b² is τ² less the rounds' share of it; the current run's mean has its own σ_b and its own rounds.
  const between = Math.max(0, runVariance - within.variance / roundsPerRun);
  const standardErrorAt = (rounds: number) => Math.sqrt(between + within.variance / rounds + runVariance / k);
  const source = unsteady ? `the baseline's own ${k} runs, which disagree beyond the ${priorVariance.source}` : priorVariance.source;
  return {
    estimate: currentMean - baselineMean,
    standardError: standardErrorAt(y.length),
    df,
    standardErrorAt,
    noise: { kind: 'run', cv: Math.sqrt(Math.expm1(between)), df, source, assumed: priorVariance.assumed && !unsteady },
    outlierRuns,
    ...(unsteady && {
      unsteady: {
        cv: Math.sqrt(Math.expm1(spread)),
        priorCv: Math.sqrt(Math.expm1(priorVariance.variance)),
        range: [Math.exp(Math.min(...runMeans)), Math.exp(Math.max(...runMeans))],
      },
    }),
  };
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
  const { variance: deploymentVariance, df: deploymentDf, source, assumed } = deployment.pairVariance();
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
export function logChangeTest(change: Pick<LogChange, 'estimate' | 'standardError' | 'df'>, level: number): { pValue: number; interval: [number, number] } {
  const { estimate, standardError, df } = change;
  if (standardError === 0) {
    // Every round gave the same figure: no noise, so any difference at all is certain.
    return { pValue: estimate === 0 ? 1 : 0, interval: [estimate, estimate] };
  }
  const half = tQuantile(1 - (1 - level) / 2, df) * standardError;
  return { pValue: tTwoSidedP(estimate / standardError, df), interval: [estimate - half, estimate + half] };
}
