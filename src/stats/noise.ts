import { median } from 'simple-statistics';
import { DEFAULT_DEPLOYMENT_CV } from '../config/defaults.js';

/**
 * The noise a comparison cannot measure from its own rounds: how much a whole run differs from
 * another (stored-baseline mode) and how much one deployment of the same code differs from
 * another (interleaved A/B mode). Both are variances of a mean log figure, known only from
 * few observations, so each comes as a prior worth some degrees of freedom, moderated by what
 * the suite itself has recorded. Pure.
 */

/** A variance of a mean log figure and the degrees of freedom it is worth. */
export interface PriorVariance {
  variance: number;
  df: number;
  source: string;
  /** Nothing of the suite's own went into it: the built-in default alone. */
  assumed: boolean;
  /** The part of `df` measured on the suite itself (its history, its A/A records); the rest is a guess. */
  measuredDf: number;
}

/**
 * The default run-to-run coefficient of variation: CodSpeed measured 2.66 % between
 * GitHub-hosted runners over 100 runs. It is worth DEFAULT_RUN_PRIOR_DF runs, so that a
 * baseline's own spread takes over as soon as it has a few runs (at K = 10 the data carry 9
 * of 9 + DEFAULT_RUN_PRIOR_DF degrees of freedom).
 */
export const DEFAULT_RUN_CV = 0.03;
export const DEFAULT_RUN_PRIOR_DF = 6;
/**
 * Noise measured on the suite itself with this many degrees of freedom stands on its own: the
 * default run prior, a guess, is dropped (pooled with it, a 10 % run CV the history measured read
 * as 9 % and let 1.6 % of unchanged pull requests fail), and so is the judge's margin, which guards
 * only against a figure estimated too low.
 */
export const MEASURED_ENOUGH_DF = 20;
/**
 * A history prior counts one degree of freedom per three earlier runs (median of successive differences: robust, not efficient), up to
 * this.
 */
const MAX_HISTORY_DF = 30;
/** Median of χ²(1): median(d²) / (2 · this) estimates τ² from successive differences d ~ N(0, 2τ²). */
const CHI2_1_MEDIAN = 0.45494;

/**
 * What the default deployment-to-deployment CV (each side, A/B mode) is worth. Weak, so that the
 * suite's own A/A records outweigh it (from the first it counts as one record; from
 * ENOUGH_AA_RECORDS it is dropped), but not so weak that it wrecks the test where it dominates:
 * when the paired rounds agree closely (1 % round noise, as measured on real processes), the
 * pair's variance takes the prior's degrees of freedom, and at 2 the t quantile at the gate's
 * level left +13 % caught 74 % of the time (the oracle: 97 %); at 4, 96 %, with no change to the
 * false alarms of a deployment CV the prior does not know of (test/stats/simulation.test.ts).
 */
export const DEFAULT_DEPLOYMENT_PRIOR_DF = 4;
/** A `gate.deployment_noise` setting is the user's measured figure: worth this many A/A records. */
export const SETTING_DEPLOYMENT_PRIOR_DF = 8;
/** From this many A/A records on, the suite's own figure replaces the default outright. */
export const ENOUGH_AA_RECORDS = 3;

/** σ of the log of a log-normal variable with this coefficient of variation. */
export function logVariance(cv: number): number {
  return Math.log1p(cv * cv);
}

export interface RunNoisePrior {
  /** The prior for τ² (the variance of a run's mean log figure), given the rounds' share of it, σ_w²/n. */
  runVariance: (roundShare: number) => PriorVariance;
}

/**
 * The run-to-run prior: the default CV, pooled with the suite's own history when there is one.
 * `history` holds the log means of earlier recorded runs (oldest first), not those in the
 * baseline being compared (they are the sample; counting them twice would overstate the df).
 * Successive differences (von Neumann) measure the spread between neighbouring runs, so a real
 * change merged on main shifts one difference, not every deviation from the mean; their median
 * keeps one odd run from inflating it.
 */
export function runNoisePrior(history: number[] = []): RunNoisePrior {
  const fromHistory = historyVariance(history);
  return {
    runVariance(roundShare) {
      const defaultVariance = logVariance(DEFAULT_RUN_CV) + roundShare;
      const defaultSource = `default prior ${percent(DEFAULT_RUN_CV)} between runs`;
      if (fromHistory === undefined)
        return { variance: defaultVariance, df: DEFAULT_RUN_PRIOR_DF, source: defaultSource, assumed: true, measuredDf: 0 };
      const named = `${history.length} earlier recorded runs`;
      if (fromHistory.df >= MEASURED_ENOUGH_DF) return { ...fromHistory, source: named, assumed: false, measuredDf: fromHistory.df };
      const df = DEFAULT_RUN_PRIOR_DF + fromHistory.df;
      return {
        variance: (DEFAULT_RUN_PRIOR_DF * defaultVariance + fromHistory.df * fromHistory.variance) / df,
        df,
        source: `${named} with the ${defaultSource}`,
        assumed: false,
        measuredDf: fromHistory.df,
      };
    },
  };
}

function historyVariance(history: number[]): { variance: number; df: number } | undefined {
  const df = Math.min(MAX_HISTORY_DF, Math.floor((history.length - 1) / 3));
  if (df < 1) return undefined;
  const squares = history.slice(1).map((x, i) => (x - history[i]!) ** 2);
  return { variance: median(squares) / (2 * CHI2_1_MEDIAN), df };
}

/** One A/A measurement: two deployments of the same code, interleaved; the mean log ratio and its variance from the rounds. */
export interface AaObservation {
  logRatio: number;
  variance: number;
}

export interface DeploymentNoisePrior {
  /** The variance the deployments add to a pair's mean log ratio, 2σ_d², and its df. */
  pairVariance: () => PriorVariance;
}

/**
 * The deployment noise prior: `gate.deployment_noise` when set, else the default; moderated by
 * A/A records (a record run with a base URL: two deployments of the same code). Each record's
 * squared mean log ratio, less what its own rounds explain, estimates 2σ_d² with one degree of
 * freedom (floored at 0, which errs on the side of more noise). The default is a guess, worth one
 * record beside fewer than ENOUGH_AA_RECORDS of them and nothing from there on; a setting is the
 * user's measured figure and keeps its weight.
 */
export function deploymentNoisePrior(setting: number | undefined, records: AaObservation[] = []): DeploymentNoisePrior {
  const cv = setting ?? DEFAULT_DEPLOYMENT_CV;
  const priorDf = setting === undefined ? DEFAULT_DEPLOYMENT_PRIOR_DF : SETTING_DEPLOYMENT_PRIOR_DF;
  const from = setting === undefined ? `default prior ${percent(cv)} per deployment` : `gate.deployment_noise ${percent(cv)}`;
  return {
    pairVariance() {
      const prior = 2 * logVariance(cv);
      if (records.length === 0) return { variance: prior, df: priorDf, source: from, assumed: setting === undefined, measuredDf: 0 };
      const weight = setting !== undefined ? priorDf : records.length >= ENOUGH_AA_RECORDS ? 0 : 1;
      const observed = records.reduce((sum, r) => sum + Math.max(0, r.logRatio ** 2 - r.variance), 0);
      const df = weight + records.length;
      const named = `${records.length} A/A record${records.length === 1 ? '' : 's'}`;
      return {
        variance: (weight * prior + observed) / df,
        df,
        source: weight === 0 ? named : `${named} with the ${from}`,
        assumed: false,
        measuredDf: records.length,
      };
    },
  };
}

/** A CV as the noise's sources name it: 0.0266 → "2.7 %". */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10} %`;
}
