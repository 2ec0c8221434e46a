import type { Dispatcher } from 'undici';
import type { Scenario, Suite } from '../config/suite.js';
import type { ScenarioResult } from '../result/result.js';
import { TargetUnreachableError } from '../errors.js';
import type { Clock } from './clock.js';
import { runClosedPhase } from './closed-model.js';
import type { EngineEvent, EngineListener } from './events.js';
import { prepareRequest } from './exchange.js';
import { generatorHealth } from '../stats/generator-health.js';
import { startGeneratorMeter } from './generator-meter.js';
import { runOpenPhase } from './open-model.js';
import type { PhaseContext } from './phase.js';
import { RoundRecorder } from './round-recorder.js';
import { toRoundResult } from './round-result.js';
import { ResponseDeadlines } from './deadline.js';

/** A deployment under load: the candidate, and in the interleaved A/B mode also the base. */
export interface Arm {
  name: string;
  /** Its path is the base path of every scenario's request. */
  target: URL;
}

export interface EngineOptions {
  suite: Suite;
  /** One arm, or two for the interleaved A/B mode. */
  arms: Arm[];
  clock: Clock;
  /** Opens one connection to an arm's target for a scenario; the engine closes them all. */
  connect: (scenario: Scenario, arm: Arm) => Dispatcher;
  onEvent?: EngineListener;
  /** Aborting cuts the round in progress short (it is discarded) and runs no further round. */
  signal?: AbortSignal;
  progressIntervalMs?: number;
}

/** One round of one scenario against one arm. */
export interface RoundSlot {
  scenario: number;
  arm: number;
  round: number;
  /** Rounds planned for the scenario so far, for progress ("round 3/10"). */
  of: number;
}

export interface Engine {
  /** Warms every scenario up against every arm (not measured). */
  warmup(): Promise<void>;
  /** Runs the rounds in the order given; stops early when aborted. */
  measure(slots: RoundSlot[]): Promise<void>;
  /** Every completed round so far, per scenario, for one arm. */
  results(arm: number): ScenarioResult[];
  readonly interrupted: boolean;
  /** Closes every connection. */
  close(): Promise<void>;
}

interface Lane {
  scenario: Scenario;
  arm: Arm;
  connections: Dispatcher[];
  request: Dispatcher.DispatchOptions;
  result: ScenarioResult;
}

/**
 * The rounds `from`..`to` of the given scenarios, interleaved so slow drift of the machine or
 * the targets spreads over everything: round 1 of every scenario, then round 2 … (A1 B1 A2 B2).
 * With two arms, each round is a pair run in alternating order (ABBA: base, candidate, then
 * candidate, base), so neither arm always goes first.
 */
export function roundSlots(scenarios: number[], arms: number, from: number, to: number): RoundSlot[] {
  const slots: RoundSlot[] = [];
  for (let round = from; round <= to; round++) {
    for (const scenario of scenarios) {
      const order = arms === 1 ? [0] : round % 2 === 1 ? [1, 0] : [0, 1];
      for (const arm of order) slots.push({ scenario, arm, round, of: to });
    }
  }
  return slots;
}

export function createEngine(options: EngineOptions): Engine {
  const { suite, arms, onEvent, signal } = options;
  const lanes: Lane[][] = arms.map((arm) =>
    suite.scenarios.map((scenario) => ({
      scenario,
      arm,
      connections: [],
      request: prepareRequest(scenario, arm.target.pathname),
      result: emptyResult(scenario, arm.target.pathname),
    })),
  );
  const armLabel = (arm: Arm) => (arms.length > 1 ? { arm: arm.name } : {});
  const aborted = () => signal?.aborted === true;

  return {
    async warmup() {
      for (const scenario of suite.scenarios.keys()) {
        for (const armLanes of lanes) {
          const lane = armLanes[scenario]!;
          if (aborted() || lane.scenario.warmupMs <= 0) continue;
          onEvent?.({ type: 'warmup', scenario: lane.scenario.name, durationMs: lane.scenario.warmupMs, ...armLabel(lane.arm) });
          const recorder = new RoundRecorder(lane.scenario.expect);
          await runPhase(options, lane, recorder, 'warmup');
          assertReachable(lane, recorder);
        }
      }
    },
    async measure(slots) {
      for (const slot of slots) {
        if (aborted()) return;
        await runRound(options, lanes[slot.arm]![slot.scenario]!, slot, armLabel);
      }
    },
    results: (arm) => lanes[arm]!.map((lane) => lane.result),
    get interrupted() {
      return aborted();
    },
    async close() {
      const connections = lanes.flat().flatMap((lane) => lane.connections);
      await Promise.all(connections.map((connection) => connection.close().catch(() => undefined)));
    },
  };
}

/** The event that opens a run: what is planned, for the progress display. */
export function startEvent(suite: Suite, arms: number): EngineEvent {
  return {
    type: 'start',
    scenarios: suite.scenarios.map((s) => ({ name: s.name, rounds: s.rounds })),
    plannedMs: arms * suite.scenarios.reduce((sum, s) => sum + s.warmupMs + s.rounds * s.load.durationMs, 0),
  };
}

async function runRound(
  options: EngineOptions,
  lane: Lane,
  slot: RoundSlot,
  armLabel: (arm: Arm) => { arm?: string },
): Promise<void> {
  const { scenario } = lane;
  const { clock, onEvent } = options;
  const label = { scenario: scenario.name, round: slot.round, rounds: slot.of, ...armLabel(lane.arm) };
  onEvent?.({ type: 'round-start', ...label, durationMs: scenario.load.durationMs });
  const startedAt = clock.date();
  const recorder = new RoundRecorder(scenario.expect);
  const stopTicking = tick(options, (elapsedMs) => ({
    type: 'progress',
    ...label,
    elapsedMs,
    durationMs: scenario.load.durationMs,
    requests: recorder.requests,
    errors: recorder.errors,
  }));
  // The generator's own health over the round: started and stopped here, never per request.
  const stopMeter = startGeneratorMeter();
  const { timing, open, timeline } = await runPhase(options, lane, recorder, 'round').finally(() => {
    stopTicking();
    stopMeter();
  });
  const generator = generatorHealth(stopMeter());
  assertReachable(lane, recorder);
  // A round cut short by an interruption would bias every figure: it is left out.
  if (options.signal?.aborted === true) return;
  const result = toRoundResult(slot.round, startedAt, recorder, timing, open, timeline, generator);
  lane.result.rounds.push(result);
  onEvent?.({ type: 'round-end', ...label, result });
}

/** A warm-up runs the load's mean rate (or its most connections) for the warm-up time; a round runs the load as given. */
async function runPhase(options: EngineOptions, lane: Lane, recorder: RoundRecorder, phase: 'warmup' | 'round') {
  const durationMs = phase === 'warmup' ? lane.scenario.warmupMs : lane.scenario.load.durationMs;
  const deadlines = new ResponseDeadlines(options.clock, lane.scenario.timeoutMs);
  deadlines.start();
  try {
    return await runModel(options, lane, recorder, phase, durationMs, deadlines);
  } finally {
    deadlines.stop();
  }
}

async function runModel(options: EngineOptions, lane: Lane, recorder: RoundRecorder, phase: 'warmup' | 'round', durationMs: number, deadlines: ResponseDeadlines) {
  const context: PhaseContext = {
    connection: (index) => (lane.connections[index] ??= options.connect(lane.scenario, lane.arm)),
    request: lane.request,
    clock: options.clock,
    recorder,
    collectBody: lane.scenario.expect.bodyContains !== undefined,
    deadlines,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const load = lane.scenario.load;
  if (load.model === 'open') {
    const { stages: _stages, ...constant } = load;
    const { open, timeline, ...timing } = await runOpenPhase(context, phase === 'warmup' ? { ...constant, durationMs } : load);
    return { timing, open, timeline };
  }
  const { stages: _ramp, ...steady } = load;
  return { timing: await runClosedPhase(context, phase === 'warmup' ? { ...steady, durationMs } : load), open: undefined, timeline: undefined };
}

/** Emits a progress event every interval until the returned function is called. */
function tick(options: EngineOptions, event: (elapsedMs: number) => EngineEvent): () => void {
  const { clock, onEvent } = options;
  if (onEvent === undefined) return () => undefined;
  const interval = options.progressIntervalMs ?? 500;
  const start = clock.now();
  let cancel = clock.setTimer(function again() {
    onEvent(event(clock.now() - start));
    cancel = clock.setTimer(again, interval);
  }, interval);
  return () => cancel();
}

/** A phase in which not one connection could be made means the target is down, not slow. */
function assertReachable(lane: Lane, recorder: RoundRecorder): void {
  if (recorder.requests === 0 || recorder.connectionFailures < recorder.requests) return;
  const { refused, dns, timeout } = recorder.transportErrors;
  const why =
    dns > 0 ? 'its host name does not resolve' : refused > 0 ? 'it refused every connection' : 'every connection attempt timed out';
  throw new TargetUnreachableError(
    `target ${lane.arm.target.origin} is unreachable: ${why} (${recorder.requests} attempts in scenario "${lane.scenario.name}"; ` +
      `refused ${refused}, DNS ${dns}, connect timeout ${timeout}). Is it running, and is the URL right?`,
  );
}

/** A scenario's entry in the results, before any round: what was asked of it. */
export function emptyResult(scenario: Scenario, basePath: string): ScenarioResult {
  const { load } = scenario;
  return {
    name: scenario.name,
    method: scenario.request.method,
    path: basePath.replace(/\/+$/, '') + scenario.request.path,
    model: load.model,
    connections: load.connections,
    ...(load.model === 'open' ? { rate: load.rate } : {}),
    durationMs: load.durationMs,
    warmupMs: scenario.warmupMs,
    timeoutMs: scenario.timeoutMs,
    rounds: [],
  };
}
