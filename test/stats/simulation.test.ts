import { describe, expect, it } from 'vitest';
import { defaultGate } from '../../src/config/gate-defaults.js';
import type { RoundFigures } from '../../src/stats/figures.js';
import { judge, type JudgeInput } from '../../src/stats/judge.js';
import { lookSchedule, undecidedScenarios } from '../../src/stats/plan.js';
import type { GateResult } from '../../src/stats/verdict.js';
import { logSigma, normalDraw, seededRandom } from '../helpers/random.js';

/**
 * The gate's operating characteristic, simulated as the issue specifies: per-round figures
 * with log-normal round-to-round noise of CV 5 %, and a between-run component of CV 2 % that
 * every round of one run shares (another runner, another deployment). The whole procedure
 * runs, adaptive rounds included: judge after the configured 5 rounds, add rounds while a
 * blocking metric is undecided, judge again.
 */
const ROUND_SIGMA = logSigma(0.05);
const RUN_SIGMA = logSigma(0.02);
const TRIALS = 2_000;
const BASELINE_RUNS = 10;
const ROUNDS = 5;

type Draw = () => number;

function runRounds(draw: Draw, count: number, level: number, runEffect: number): RoundFigures[] {
  return Array.from({ length: count }, () => {
    const noisy = (x: number) => x * Math.exp(runEffect + ROUND_SIGMA * draw());
    return { p50: noisy(level * 0.6), p95: noisy(level), p99: noisy(level * 1.4), rps: 1_000, errors: 0, requests: 10_000 };
  });
}

function decide(make: (rounds: number) => Omit<JudgeInput, 'schedule' | 'looksTaken'>, schedule: number[]): GateResult {
  let result!: GateResult;
  for (const [look, rounds] of schedule.entries()) {
    result = judge({ ...make(rounds), schedule, looksTaken: look + 1 });
    if (undecidedScenarios(result).length === 0) break;
  }
  return result;
}

const common = { budgets: [], alpha: 0.01, extraRounds: [], warnings: [] };

function storedTrial(draw: Draw, slowdown: number): GateResult {
  const baseline = Array.from({ length: BASELINE_RUNS }, () => runRounds(draw, ROUNDS, 100, RUN_SIGMA * draw()));
  const schedule = lookSchedule(ROUNDS, 'stored-baseline');
  const current = runRounds(draw, schedule.at(-1)!, 100 * (1 + slowdown), RUN_SIGMA * draw());
  return decide(
    (rounds) => ({
      ...common,
      mode: 'stored-baseline',
      scenarios: [{ name: 'search', policy: defaultGate(), openModel: false, baseline, current: current.slice(0, rounds) }],
    }),
    schedule,
  );
}

function interleavedTrial(draw: Draw, slowdown: number): GateResult {
  // Base and candidate are measured in the same run: they share its run effect.
  const runEffect = RUN_SIGMA * draw();
  const schedule = lookSchedule(ROUNDS, 'interleaved');
  const pairs = schedule.at(-1)!;
  const base = runRounds(draw, pairs, 100, runEffect);
  const candidate = runRounds(draw, pairs, 100 * (1 + slowdown), runEffect);
  return decide(
    (rounds) => ({
      ...common,
      mode: 'interleaved',
      scenarios: [
        { name: 'search', policy: defaultGate(), openModel: false, baseline: [base.slice(0, rounds)], current: candidate.slice(0, rounds) },
      ],
    }),
    schedule,
  );
}

function rates(trial: (draw: Draw, slowdown: number) => GateResult, slowdown: number, seed: number) {
  const random = seededRandom(seed);
  const draw = () => normalDraw(random);
  let failed = 0;
  let rounds = 0;
  for (let i = 0; i < TRIALS; i++) {
    const result = trial(draw, slowdown);
    if (result.verdict === 'fail') failed += 1;
    rounds += result.scenarios[0]!.rounds.current;
  }
  return { failRate: failed / TRIALS, meanRounds: rounds / TRIALS };
}

function report(mode: string, slowdown: number, measured: { failRate: number; meanRounds: number }): void {
  const label = slowdown === 0 ? 'A/A' : `+${Math.round(slowdown * 100)} % p95`;
  console.log(
    `${mode} ${label}: fails ${(measured.failRate * 100).toFixed(1)} % of ${TRIALS} comparisons ` +
      `(mean ${measured.meanRounds.toFixed(1)} current rounds)`,
  );
}

describe('stored-baseline mode: 10 baseline runs, 5 rounds, adaptive to 20', () => {
  it.each([
    [0, (rate: number) => expect(rate).toBeLessThanOrEqual(0.01)],
    [0.05, (rate: number) => expect(rate).toBeLessThanOrEqual(0.05)],
    [0.15, (rate: number) => expect(rate).toBeGreaterThanOrEqual(0.9)],
    [0.2, (rate: number) => expect(rate).toBeGreaterThanOrEqual(0.95)],
  ])('a true %s slowdown', (slowdown, check) => {
    const measured = rates(storedTrial, slowdown, 1_000 + slowdown * 100);
    report('stored-baseline', slowdown, measured);
    check(measured.failRate);
  });
});

describe('interleaved mode: paired rounds, 5 pairs, adaptive to 40', () => {
  it.each([
    [0, (rate: number) => expect(rate).toBeLessThanOrEqual(0.01)],
    [0.07, (rate: number) => expect(rate).toBeLessThanOrEqual(0.05)],
    [0.13, (rate: number) => expect(rate).toBeGreaterThanOrEqual(0.95)],
  ])('a true %s slowdown', (slowdown, check) => {
    const measured = rates(interleavedTrial, slowdown, 2_000 + slowdown * 100);
    report('interleaved', slowdown, measured);
    check(measured.failRate);
  });
});
