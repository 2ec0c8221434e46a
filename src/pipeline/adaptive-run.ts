import type { Connection } from '../load/dispatcher.js';
import type { ScenarioResult } from '../result/result.js';
import type { Scenario, Suite } from '../config/suite.js';
import { scenarioOfEntry } from '../config/flow.js';
import type { Clock } from '../load/clock.js';
import { createEngine, startEvent, type Engine, type EngineOptions } from '../load/engine.js';
import type { Arm } from '../load/dispatcher.js';
import { roundSlots } from '../load/round-order.js';
import type { EngineListener } from '../load/events.js';
import { MAX_ROUNDS_FACTOR, undecidedScenarios, whatWouldDecide, type Looks } from '../stats/plan.js';
import type { GateMethod, GateResult } from '../result/verdict.js';

export interface AdaptiveRunOptions {
  suite: Suite;
  candidate: URL;
  /** Interleaved A/B mode: the base deployment, measured alongside in alternating rounds. */
  base?: URL;
  /** How the run is judged, when it is: only then does it look at the evidence and measure more where it must. */
  judging?: Judging;
  clock: Clock;
  connect: (scenario: Scenario, arm: Arm) => Connection;
  onEvent?: EngineListener;
  signal?: AbortSignal;
  /** The whole measurement (warm-up included) must end within this; extra rounds never start past it. */
  maxDurationMs: number;
  /** Makes the engine: one thread by default; worker threads with --workers. */
  engine?: (options: EngineOptions) => Engine;
}

export interface Judging {
  /** Whether a second look can tell more: a stored baseline to compare with, or the base measured alongside. */
  canLookAgain: boolean;
  /** Judges the arms' rounds so far: one look. */
  look: (results: ArmResults, looks: Looks, extraRounds: string[]) => GateResult;
}

/** Each arm's rounds so far, and whether the run was stopped before all of them ran. */
export interface ArmResults {
  candidate: ScenarioResult[];
  base: ScenarioResult[];
  interrupted: boolean;
}

export interface AdaptiveRun extends ArmResults {
  /** The verdict of the last look taken, when the run was judged. */
  gate?: GateResult;
}

const CANDIDATE = 0;
const BASE = 1;

/**
 * Measures the suite and, when judging, judges it (look 1). While a scenario is undecided,
 * measures it again up to the rounds the plan asks for (stats/plan.ts), within the time budget,
 * and takes the final look. The verdict returned is the last look's: the first look's stands when
 * it was the last, so no run is judged twice on the same rounds.
 */
export async function adaptiveRun(options: AdaptiveRunOptions): Promise<AdaptiveRun> {
  const { suite, clock, onEvent, judging } = options;
  const mode: GateMethod['mode'] = options.base === undefined ? 'stored-baseline' : 'interleaved';
  const arms: Arm[] = [{ name: 'candidate', target: options.candidate }];
  if (options.base !== undefined) arms.push({ name: 'base', target: options.base });
  const engine = (options.engine ?? createEngine)({ ...options, arms });
  const results = (): ArmResults => ({
    candidate: engine.results(CANDIDATE),
    base: arms.length > 1 ? engine.results(BASE) : [],
    interrupted: engine.interrupted,
  });
  const started = clock.now();
  const done = suite.scenarios.map((s) => s.rounds);
  const extraRounds: string[] = [];
  const looks: Looks = { taken: 1, planned: judging?.canLookAgain === true ? 2 : 1 };
  let gate: GateResult | undefined;

  const start = startEvent(suite, arms.length);
  onEvent?.({ ...start, ...(looks.planned > 1 && { mostMs: mostMs(start.plannedMs, suite, mode, arms.length, options.maxDurationMs) }) });
  try {
    await engine.warmup();
    await engine.measure(
      roundSlots(
        suite.scenarios.map((_, i) => ({ scenario: i, from: 1, to: done[i]! })),
        arms.length,
      ),
    );
    gate = judging?.look(results(), looks, extraRounds);
    const undecided = looks.planned > 1 && !engine.interrupted && gate !== undefined ? undecidedScenarios(gate) : [];
    if (undecided.length > 0) {
      // The final look is taken whatever happens next: with more rounds where they help, on the same rounds where they cannot.
      looks.taken = 2;
      const stuck = undecided.filter((u) => u.roundsFactor === null);
      if (stuck.length > 0) {
        extraRounds.push(
          `${stuck.map((u) => `${u.scenario}: ${u.reasons.join(', ')}`).join('; ')}: more rounds would not narrow the interval; ${whatWouldDecide(mode)}`,
        );
      }
      const growing = undecided.filter((u) => u.roundsFactor !== null);
      // A flow's step is measured by running its flow.
      const entries = new Map(engine.results(CANDIDATE).map((entry) => [entry.name, entry]));
      const index = (name: string) => suite.scenarios.indexOf(scenarioOfEntry(suite.scenarios, entries.get(name)!)!);
      const plannedMs = (factor: (i: number) => number) =>
        [...wanted.keys()].reduce(
          (sum, i) => sum + (suite.scenarios[i]!.rounds * factor(i) - done[i]!) * suite.scenarios[i]!.load.durationMs,
          0,
        ) * arms.length;
      // The factor each scenario asks for, halved (never below 2) until the rounds fit the time budget.
      const wanted = new Map<number, number>();
      for (const u of growing) wanted.set(index(u.scenario), Math.max(wanted.get(index(u.scenario)) ?? 0, u.roundsFactor!));
      const left = () => options.maxDurationMs - (clock.now() - started);
      let cap = MAX_ROUNDS_FACTOR[mode];
      const factor = (i: number) => Math.min(wanted.get(i)!, cap);
      while (cap > 2 && plannedMs(factor) > left()) cap /= 2;
      const why = growing.map((u) => `${u.scenario}: ${u.reasons.join(', ')}`).join('; ');
      if (growing.length > 0 && plannedMs(factor) > left()) {
        extraRounds.push(
          `${why}; more rounds (about ${Math.ceil(plannedMs(factor) / 1000)} s) did not fit the ${Math.round(options.maxDurationMs / 1000)} s budget`,
        );
      } else if (growing.length > 0) {
        const indices = [...wanted.keys()];
        const target = (i: number) => suite.scenarios[i]!.rounds * factor(i);
        extraRounds.push(`${why}: rounds ${indices.map((i) => `${suite.scenarios[i]!.name} ${done[i]} → ${target(i)}`).join(', ')}`);
        onEvent?.({ type: 'more-rounds', reasons: [why], plannedMs: plannedMs(factor) });
        await engine.measure(
          roundSlots(
            indices.map((i) => ({ scenario: i, from: done[i]! + 1, to: target(i) })),
            arms.length,
          ),
        );
        for (const i of indices) done[i] = target(i);
      }
    }
  } finally {
    await engine.close();
  }
  onEvent?.({ type: 'end', interrupted: engine.interrupted });
  const measured = results();
  // The first look's verdict stands when it was the last look; the final look judges what was measured since.
  if (looks.taken > 1 || engine.interrupted) gate = judging?.look(measured, looks, extraRounds);
  return { ...measured, ...(gate === undefined ? {} : { gate }) };
}

/**
 * The longest the measurement may take: the first look's rounds (`first`, as the start event
 * plans them), and the extra rounds the final look may ask for (the mode's largest factor),
 * which never start past the time budget.
 */
function mostMs(first: number, suite: Suite, mode: GateMethod['mode'], arms: number, maxDurationMs: number): number {
  const extra = arms * suite.scenarios.reduce((sum, s) => sum + s.rounds * (MAX_ROUNDS_FACTOR[mode] - 1) * s.load.durationMs, 0);
  return Math.max(first, Math.min(maxDurationMs, first + extra));
}
