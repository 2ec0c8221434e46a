import { formatSignedPercent } from '../config/units.js';
import { METRIC_LABEL } from '../result/metrics.js';
import { type GateMethod, type GateResult } from '../result/verdict.js';

/**
 * Adaptive rounds, planned as two looks. The first look, after the configured rounds, may
 * stop for a clear-cut verdict and spends FIRST_LOOK_SHARE of alpha. When a blocking metric is
 * still undecided, the final look comes after as many rounds as bring its interval near its
 * narrowest (chosen from the measured variances only, never from the estimate: an internal
 * pilot, Wittes & Brittain 1990), or at once when more rounds cannot narrow it, and spends the
 * rest. Alpha split over the two looks (Bonferroni) keeps the false-alarm rate at alpha
 * whatever the looks decide.
 *
 * Why not keep doubling rounds while undecided: in the stored-baseline mode the current run's
 * own run effect and the baseline's spread, and in the A/B mode the difference between the two
 * deployments, do not shrink with rounds. Rounds past that floor cost minutes and buy nothing,
 * and alpha reserved for looks that will not come is power thrown away.
 */
export const FIRST_LOOK_SHARE = 0.1;

/** How far the rounds may grow at the final look, as a multiple of the first look's. */
export const MAX_ROUNDS_FACTOR: Record<GateMethod['mode'], number> = { 'stored-baseline': 4, interleaved: 16 };

/** More rounds are worth measuring only when they would narrow the interval by at least this share. */
const WORTHWHILE_NARROWING = 0.1;

export interface Looks {
  taken: number;
  /** 1: a plain comparison of finished runs; 2: a measurement that may add rounds. */
  planned: number;
}

/** 1 / (the share of alpha this look may spend). */
export function lookAlphaFactor(looks: Looks): number {
  if (looks.planned <= 1) return 1;
  return looks.taken <= 1 ? 1 / FIRST_LOOK_SHARE : 1 / (1 - FIRST_LOOK_SHARE);
}

/**
 * The multiple of the current rounds worth measuring to, or null when more rounds would narrow
 * the interval by less than WORTHWHILE_NARROWING. The smallest multiple (doubling) whose
 * standard error is within 5 % of what the largest allowed multiple would reach.
 */
export function roundsFactor(standardErrorAt: (rounds: number) => number, rounds: number, mode: GateMethod['mode']): number | null {
  const most = MAX_ROUNDS_FACTOR[mode];
  const now = standardErrorAt(rounds);
  const best = standardErrorAt(rounds * most);
  if (!(now > 0) || best > (1 - WORTHWHILE_NARROWING) * now) return null;
  for (let factor = 2; factor < most; factor *= 2) {
    if (standardErrorAt(rounds * factor) <= 1.05 * best) return factor;
  }
  return most;
}

export interface Undecided {
  scenario: string;
  /** e.g. "p95 +12.3 %, undecided against the 10 % threshold" */
  reasons: string[];
  /** The multiple of its current rounds worth measuring to; null when more rounds cannot decide it. */
  roundsFactor: number | null;
}

/**
 * Scenarios whose verdict more evidence could still change: a blocking metric undecided, and no
 * blocking regression decided already (that scenario fails whatever its other metrics show, so
 * measuring it more would only spend the time budget).
 */
export function undecidedScenarios(result: GateResult): Undecided[] {
  return result.scenarios.flatMap((scenario) => {
    if (scenario.metrics.some((m) => m.blocking && m.decided && m.verdict === 'regression')) return [];
    const open = scenario.metrics.filter((m) => m.blocking && !m.decided);
    if (open.length === 0) return [];
    const factors = open.map((m) => m.roundsFactor).filter((f): f is number => f !== null);
    return [
      {
        scenario: scenario.name,
        reasons: open.map((m) => {
          const change = m.metric === 'errorRate' ? formatSignedPercent(m.change, 2, ' pp') : formatSignedPercent(m.change, 1);
          const limit = m.metric === 'errorRate' ? `${m.threshold * 100} pp` : `${Math.round(m.threshold * 1000) / 10} %`;
          return `${METRIC_LABEL[m.metric]} ${change}, undecided against the ${limit} threshold`;
        }),
        roundsFactor: factors.length === 0 ? null : Math.max(...factors),
      },
    ];
  });
}

/** What would decide a comparison that more rounds cannot: said wherever a metric stays undecided. */
export function whatWouldDecide(mode: GateMethod['mode']): string {
  return mode === 'interleaved'
    ? 'what is left is the difference between the two deployments, which no round removes: record A/A runs on main (perf-gate run with baseline-url against a deployment of the same code, then record with its base results), or set gate.deployment_noise to a measured figure'
    : "what is left is the baseline's run-to-run variance, which no round removes: record more baseline runs on main, or measure the base deployment alongside with baseline-url";
}
