import { mean, sampleVariance } from 'simple-statistics';
import { tQuantile, tTwoSidedP } from './distributions.js';

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
  /** Geometric levels, in the metric's unit: current / baseline − 1 = exp(estimate) − 1. */
  baselineLevel: number;
  currentLevel: number;
}

/**
 * Stored-baseline mode: the current run's rounds against K baseline runs' rounds.
 *
 * Rounds of one run share that run's machine, deployment and minute (a run effect); rounds of
 * different runs do not. So the model is log x = μ + run effect (σ_b) + round noise (σ_w), and
 * the current run's mean carries its own run effect: Var(Δ) = σ_b² + σ_w²/n + Var(μ̂). Treating
 * the current rounds as independent draws (a plain Mann–Whitney or t over rounds) would ignore
 * σ_b and claim more certainty than the data hold; pooling several baseline runs is what makes
 * σ_b estimable at all (Laaber et al., EMSE 2019; Daly et al., ICPE 2020 on run-to-run variance).
 *
 * μ̂ is the mean of the runs' means (each run counts once), σ_w² is pooled within runs over
 * both sides, σ_b² comes from the spread of the baseline's run means (method of moments,
 * floored at 0). With the same number of rounds on both sides, Var(Δ) reduces to the
 * prediction variance of a new run mean, s_B²(1 + 1/K), whose t has K − 1 degrees of freedom;
 * K − 1 is kept as the df in general, which is conservative when the current run has more rounds.
 * With fewer than 2 baseline runs σ_b cannot be estimated; a prior of `fallbackRunCv` is used
 * (CodSpeed measured a 2.66 % coefficient of variation between GitHub-hosted runners).
 */
export function storedBaselineChange(baselineRuns: number[][], current: number[], fallbackRunCv = 0.03): LogChange {
  const runs = baselineRuns.filter((run) => run.length > 0).map((run) => run.map(Math.log));
  const y = current.map(Math.log);
  if (runs.length === 0 || y.length === 0) throw new Error('storedBaselineChange needs rounds on both sides');
  const runMeans = runs.map((run) => mean(run));
  const baselineMean = mean(runMeans);
  const currentMean = mean(y);

  const within = pooledWithinVariance([...runs, y]);
  const roundsPerRun = runs.length / runs.reduce((sum, run) => sum + 1 / run.length, 0);
  let variance: number;
  let df: number;
  if (runs.length >= 2) {
    const spreadOfRunMeans = sampleVariance(runMeans);
    const between = Math.max(0, spreadOfRunMeans - within.variance / roundsPerRun);
    variance = between + within.variance / y.length + spreadOfRunMeans / runs.length;
    df = runs.length - 1;
  } else {
    const between = Math.log1p(fallbackRunCv) ** 2;
    variance = 2 * between + within.variance / y.length + within.variance / runs[0]!.length;
    df = Math.max(1, within.df);
  }
  return {
    estimate: currentMean - baselineMean,
    standardError: Math.sqrt(variance),
    df,
    baselineLevel: Math.exp(baselineMean),
    currentLevel: Math.exp(currentMean),
  };
}

/**
 * Interleaved A/B mode: pairs of rounds (base, candidate) measured back to back on the same
 * machine in the same minute, in alternating order. The run effect and slow drift are common to
 * both halves of a pair and cancel in the pair's log ratio; what is left is round noise. The
 * paired t on log ratios is used rather than Wilcoxon's signed-rank test because with 5 pairs
 * the smallest two-sided p a rank test can reach is 0.0625: it could never meet α = 0.01,
 * while the first look comes after 5 pairs (RMIT: Abedi & Brecht, ICPE 2017).
 */
export function pairedChange(pairs: [base: number, candidate: number][]): LogChange {
  if (pairs.length < 2) throw new Error('pairedChange needs at least 2 pairs');
  const base = pairs.map(([b]) => Math.log(b));
  const candidate = pairs.map(([, c]) => Math.log(c));
  const differences = pairs.map((_, i) => candidate[i]! - base[i]!);
  return {
    estimate: mean(differences),
    standardError: Math.sqrt(sampleVariance(differences) / differences.length),
    df: differences.length - 1,
    baselineLevel: Math.exp(mean(base)),
    currentLevel: Math.exp(mean(candidate)),
  };
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
export function logChangeTest(change: LogChange, level: number): { pValue: number; interval: [number, number] } {
  const { estimate, standardError, df } = change;
  if (standardError === 0) {
    // Every round gave the same figure: no noise, so any difference at all is certain.
    return { pValue: estimate === 0 ? 1 : 0, interval: [estimate, estimate] };
  }
  const half = tQuantile(1 - (1 - level) / 2, df) * standardError;
  return { pValue: tTwoSidedP(estimate / standardError, df), interval: [estimate - half, estimate + half] };
}
