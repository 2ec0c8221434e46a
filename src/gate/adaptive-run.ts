import type { Dispatcher } from 'undici';
import type { RunResult, ScenarioResult } from '../baseline/result.js';
import type { Scenario, Suite } from '../config/suite.js';
import type { Clock } from '../load/clock.js';
import { createEngine, roundSlots, startEvent, type Arm, type Engine, type EngineOptions, type RoundSlot } from '../load/engine.js';
import type { EngineListener } from '../load/events.js';
import type { PolicyFor } from '../stats/evidence.js';
import { lookSchedule, undecidedScenarios } from '../stats/plan.js';
import type { GateMethod } from '../stats/verdict.js';
import { judgeRun } from './judge-run.js';

export interface AdaptiveRunOptions {
  suite: Suite;
  candidate: URL;
  /** Interleaved A/B mode: the base deployment, measured alongside in alternating rounds. */
  base?: URL;
  /** Stored-baseline mode: the baseline's runs; empty when there is none yet. */
  baselineRuns: RunResult[];
  policyFor: PolicyFor;
  clock: Clock;
  connect: (scenario: Scenario, arm: Arm) => Dispatcher;
  onEvent?: EngineListener;
  signal?: AbortSignal;
  /** The whole measurement (warm-up included) must end within this; extra rounds never start past it. */
  maxDurationMs: number;
  /** Makes the engine: one thread by default; worker threads with --workers. */
  engine?: (options: EngineOptions) => Engine;
}

export interface AdaptiveRun {
  mode: GateMethod['mode'];
  candidate: ScenarioResult[];
  base: ScenarioResult[];
  schedule: number[];
  looksTaken: number;
  /** Why more rounds were run, or why they were not although they were needed. */
  extraRounds: string[];
  interrupted: boolean;
}

const CANDIDATE = 0;
const BASE = 1;

/**
 * Measures the suite, judges it, and while a blocking metric is undecided measures the
 * undecided scenarios again with doubled rounds (see stats/plan.ts), within the time budget.
 * The final verdict is the caller's to make, with budgets and warnings (judge-run.ts).
 */
export async function adaptiveRun(options: AdaptiveRunOptions): Promise<AdaptiveRun> {
  const { suite, clock, onEvent } = options;
  const mode: GateMethod['mode'] = options.base === undefined ? 'stored-baseline' : 'interleaved';
  const arms: Arm[] = [{ name: 'candidate', target: options.candidate }];
  if (options.base !== undefined) arms.push({ name: 'base', target: options.base });
  const engine = (options.engine ?? createEngine)({ ...options, arms });
  const started = clock.now();
  const schedule = lookSchedule(1, mode);
  const done = suite.scenarios.map((s) => s.rounds);
  const extraRounds: string[] = [];
  let looksTaken = 1;

  onEvent?.(startEvent(suite, arms.length));
  try {
    await engine.warmup();
    await engine.measure(slotsFor(suite.scenarios.map((_, i) => i), () => 1, (i) => done[i]!, arms.length));
    const canLookAgain = mode === 'interleaved' || options.baselineRuns.length > 0;
    while (canLookAgain && looksTaken < schedule.length && !engine.interrupted) {
      const gate = judgeRun({
        mode,
        candidate: engine.results(CANDIDATE),
        base: arms.length > 1 ? engine.results(BASE) : [],
        baselineRuns: options.baselineRuns,
        policyFor: options.policyFor,
        alpha: suite.gate.alpha,
        schedule,
        looksTaken,
        extraRounds,
        budgets: [],
        warnings: [],
      });
      const undecided = undecidedScenarios(gate);
      if (undecided.length === 0) break;
      const indices = undecided.map((u) => suite.scenarios.findIndex((s) => s.name === u.scenario));
      const target = (i: number) => suite.scenarios[i]!.rounds * schedule[looksTaken]!;
      const plannedMs = indices.reduce((sum, i) => sum + (target(i) - done[i]!) * suite.scenarios[i]!.load.durationMs, 0) * arms.length;
      const why = undecided.map((u) => `${u.scenario}: ${u.reasons.join(', ')}`).join('; ');
      if (clock.now() - started + plannedMs > options.maxDurationMs) {
        extraRounds.push(`${why}; more rounds (about ${Math.ceil(plannedMs / 1000)} s) did not fit the ${Math.round(options.maxDurationMs / 1000)} s budget`);
        break;
      }
      const grown = indices.map((i) => `${suite.scenarios[i]!.name} ${done[i]} → ${target(i)}`).join(', ');
      extraRounds.push(`${why}: rounds ${grown}`);
      onEvent?.({ type: 'more-rounds', reasons: [why], plannedMs });
      await engine.measure(slotsFor(indices, (i) => done[i]! + 1, target, arms.length));
      for (const i of indices) done[i] = target(i);
      looksTaken += 1;
    }
  } finally {
    await engine.close();
  }
  onEvent?.({ type: 'end', interrupted: engine.interrupted });
  return {
    mode,
    candidate: engine.results(CANDIDATE),
    base: arms.length > 1 ? engine.results(BASE) : [],
    schedule,
    looksTaken,
    extraRounds,
    interrupted: engine.interrupted,
  };
}

/** Rounds first(i)..last(i) of the given scenarios, interleaved; scenarios may end at different rounds. */
function slotsFor(scenarios: number[], first: (i: number) => number, last: (i: number) => number, arms: number): RoundSlot[] {
  const from = Math.min(...scenarios.map(first));
  const to = Math.max(...scenarios.map(last));
  return roundSlots(scenarios, arms, from, to)
    .filter((slot) => slot.round >= first(slot.scenario) && slot.round <= last(slot.scenario))
    .map((slot) => ({ ...slot, of: last(slot.scenario) }));
}
