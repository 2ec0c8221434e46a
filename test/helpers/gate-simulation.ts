import { defaultGate } from '../../src/config/defaults.js';
import { normalCdf, normalQuantile } from '../../src/stats/distributions.js';
import type { RoundFigures } from '../../src/stats/figures.js';
import { judge, type JudgeInput, type ScenarioEvidence } from '../../src/stats/judge.js';
import type { AaObservation } from '../../src/stats/noise.js';
import { undecidedScenarios, type Looks } from '../../src/stats/plan.js';
import type { GateResult } from '../../src/result/verdict.js';
import { logSigma, normalDraw, seededRandom } from './random.js';

/**
 * The gate's whole procedure on simulated rounds: judge after the configured rounds, and when a
 * blocking metric is undecided, measure to the rounds the plan asks for and judge once more.
 * Per-round figures are log-normal around a level; every round of one run (or one deployment)
 * shares that run's effect.
 */
export interface StoredCase {
  /** Baseline runs. */
  k: number;
  /** Coefficient of variation of a whole run against another (runner, deployment, minute). */
  runCv: number;
  /** Coefficient of variation of one round's figure against another's within a run. */
  roundCv: number;
  /** Rounds per run at the first look (the baseline's runs have this many). */
  rounds?: number;
  /** One baseline run this much slower than the others (a cold start). */
  outlier?: number;
  /** Earlier recorded runs of the suite (the baseline file's history): the run-noise prior learns from them. */
  history?: number;
  /**
   * The pull request measured by this many shards on different runners, merged: each shard draws
   * its runner's part of the run effect anew (`runnerShare` of its variance), the rest (the
   * deployment, the minute) is common to all of them.
   */
  shards?: { count: number; runnerShare: number };
}

export interface InterleavedCase {
  /** Coefficient of variation of one deployment against another, each side. */
  deploymentCv: number;
  roundCv: number;
  rounds?: number;
  /** A/A records of the suite (two deployments of the same code) the gate may learn the deployment noise from. */
  aaRecords?: number;
  /** gate.deployment_noise, when the user sets it. */
  setting?: number;
}

export interface OperatingPoint {
  trials: number;
  failRate: number;
  /** Share of trials whose verdict is "not decided" (a scenario could not be judged): they pass with a warning by default. */
  undecidedRate: number;
  meanRounds: number;
  /** Power of the test that knows the variances exactly (and which run is the outlier). */
  oracle: number;
}

type Draw = () => number;
const ALPHA = 0.01;
const ROUNDS = 5;

function rounds(draw: Draw, count: number, level: number, effect: number, roundCv: number): RoundFigures[] {
  const sigma = logSigma(roundCv);
  return Array.from({ length: count }, () => {
    const noisy = (x: number) => x * Math.exp(effect + sigma * draw());
    return {
      p50: noisy(level * 0.6),
      p95: noisy(level),
      p99: noisy(level * 1.4),
      rps: 1_000,
      errors: 0,
      requests: 10_000,
      cpuPerRequest: 0,
    };
  });
}

const common = { budgets: [], alpha: ALPHA, extraRounds: [], warnings: [] };

/** Look 1 on the first rounds; if undecided, look 2 on the rounds the plan asks for (the same ones when more cannot help). */
function decide(
  scenario: (rounds: number) => ScenarioEvidence,
  mode: JudgeInput['mode'],
  first: number,
  deploymentNoise?: number,
): GateResult {
  const judgeAt = (rounds: number, looks: Looks) =>
    judge({ ...common, mode, scenarios: [scenario(rounds)], looks, ...(deploymentNoise === undefined ? {} : { deploymentNoise }) });
  const look1 = judgeAt(first, { taken: 1, planned: 2 });
  const undecided = undecidedScenarios(look1);
  if (undecided.length === 0) return look1;
  return judgeAt(first * (undecided[0]!.roundsFactor ?? 1), { taken: 2, planned: 2 });
}

function storedTrial(draw: Draw, c: StoredCase, slowdown: number): GateResult {
  const first = c.rounds ?? ROUNDS;
  const sigma = logSigma(c.runCv);
  const baseline = Array.from({ length: c.k }, (_, i) =>
    rounds(draw, first, 100, sigma * draw() + (i === 0 && c.outlier !== undefined ? Math.log1p(c.outlier) : 0), c.roundCv),
  );
  const split = c.shards;
  const shared = split === undefined ? sigma * draw() : sigma * Math.sqrt(1 - split.runnerShare) * draw();
  const parts = Array.from({ length: split?.count ?? 1 }, () =>
    rounds(
      draw,
      first * 4,
      100 * (1 + slowdown),
      shared + (split === undefined ? 0 : sigma * Math.sqrt(split.runnerShare) * draw()),
      c.roundCv,
    ),
  );
  // A merged round's figure: every shard's requests in one histogram, near the shards' geometric mean.
  const current = parts.length === 1 ? parts[0]! : parts[0]!.map((_, r) => mergedRound(parts.map((part) => part[r]!)));
  const shardsAt = (n: number) =>
    split === undefined ? {} : { shards: parts.map((part, s) => ({ index: s + 1, rounds: part.slice(0, n) })) };
  // Each earlier run's mean log p95: its run effect, and its rounds' share of noise.
  const earlier = Array.from(
    { length: c.history ?? 0 },
    () => Math.log(100) + sigma * draw() + (logSigma(c.roundCv) / Math.sqrt(first)) * draw(),
  );
  const history = earlier.length === 0 ? {} : { history: { p50: earlier, p95: earlier, p99: earlier, rps: earlier } };
  return decide(
    (n) => ({ name: 's', policy: defaultGate(), openModel: false, baseline, current: current.slice(0, n), ...history, ...shardsAt(n) }),
    'stored-baseline',
    first,
  );
}

function mergedRound(parts: RoundFigures[]): RoundFigures {
  const geometric = (key: 'p50' | 'p95' | 'p99') => Math.exp(parts.reduce((sum, p) => sum + Math.log(p[key]), 0) / parts.length);
  return {
    ...parts[0]!,
    p50: geometric('p50'),
    p95: geometric('p95'),
    p99: geometric('p99'),
    requests: parts.reduce((sum, p) => sum + p.requests, 0),
  };
}

/**
 * An A/A record as `perf-gate record --base-results` stores it: the mean log ratio of two deployments of the same code, and its variance
 * from the rounds.
 */
function aaRecord(draw: Draw, c: InterleavedCase, first: number): AaObservation {
  const sigma = logSigma(c.deploymentCv);
  const [a, b] = [sigma * draw(), sigma * draw()];
  const differences = Array.from({ length: first }, () => b - a + logSigma(c.roundCv) * (draw() - draw()));
  const mean = differences.reduce((s, d) => s + d, 0) / first;
  const variance = differences.reduce((s, d) => s + (d - mean) ** 2, 0) / (first - 1) / first;
  return { logRatio: mean, variance };
}

function interleavedTrial(draw: Draw, c: InterleavedCase, slowdown: number): GateResult {
  const first = c.rounds ?? ROUNDS;
  const sigma = logSigma(c.deploymentCv);
  const runEffect = 0.02 * draw(); // shared by both sides of every pair: cancels
  const most = first * 16;
  const base = rounds(draw, most, 100, runEffect + sigma * draw(), c.roundCv);
  const candidate = rounds(draw, most, 100 * (1 + slowdown), runEffect + sigma * draw(), c.roundCv);
  const records = Array.from({ length: c.aaRecords ?? 0 }, () => aaRecord(draw, c, first));
  const aa = records.length === 0 ? {} : { aa: { p50: records, p95: records, p99: records, rps: records } };
  return decide(
    (n) => ({ name: 's', policy: defaultGate(), openModel: false, baseline: [base.slice(0, n)], current: candidate.slice(0, n), ...aa }),
    'interleaved',
    first,
    c.setting,
  );
}

function operatingPoint(trial: (draw: Draw) => GateResult, trials: number, seed: number, oracle: number): OperatingPoint {
  const random = seededRandom(seed);
  const draw = () => normalDraw(random);
  let failed = 0;
  let undecided = 0;
  let currentRounds = 0;
  for (let i = 0; i < trials; i++) {
    const result = trial(draw);
    if (result.verdict === 'fail') failed += 1;
    if (result.verdict === 'inconclusive') undecided += 1;
    currentRounds += result.scenarios[0]!.rounds.current;
  }
  return { trials, failRate: failed / trials, undecidedRate: undecided / trials, meanRounds: currentRounds / trials, oracle };
}

/**
 * The oracle: knows every variance (and which baseline run is the outlier), tests one-sided at
 * α = 0.01, and calls a regression when the estimate is beyond the threshold and significant,
 * at the most rounds the plan allows.
 */
function oraclePower(standardError: number, slowdown: number): number {
  const bound = Math.max(Math.log1p(0.1), normalQuantile(1 - ALPHA) * standardError);
  return 1 - normalCdf((bound - Math.log1p(slowdown)) / standardError);
}

export function simulateStored(c: StoredCase, slowdown: number, trials: number, seed: number): OperatingPoint {
  const first = c.rounds ?? ROUNDS;
  const run = logSigma(c.runCv) ** 2;
  const round = logSigma(c.roundCv) ** 2;
  const k = c.k - (c.outlier === undefined ? 0 : 1);
  // The current run's own effect: what its shards share, and the mean of their runners' parts.
  const own = c.shards === undefined ? run : run * (1 - c.shards.runnerShare + c.shards.runnerShare / c.shards.count);
  const se = Math.sqrt(own + run / k + round / (first * 4 * (c.shards?.count ?? 1)) + round / (first * k));
  return operatingPoint((draw) => storedTrial(draw, c, slowdown), trials, seed, oraclePower(se, slowdown));
}

export function simulateInterleaved(c: InterleavedCase, slowdown: number, trials: number, seed: number): OperatingPoint {
  const first = c.rounds ?? ROUNDS;
  const se = Math.sqrt(2 * logSigma(c.deploymentCv) ** 2 + (2 * logSigma(c.roundCv) ** 2) / (first * 16));
  return operatingPoint((draw) => interleavedTrial(draw, c, slowdown), trials, seed, oraclePower(se, slowdown));
}
