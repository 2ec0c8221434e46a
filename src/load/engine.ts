import type { Dispatcher } from 'undici';
import type { Scenario, Suite } from '../config/suite.js';
import type { ScenarioResult } from '../baseline/result.js';
import { TargetUnreachableError } from '../errors.js';
import type { Clock } from './clock.js';
import { runClosedPhase } from './closed-model.js';
import type { EngineEvent, EngineListener } from './events.js';
import { prepareRequest } from './exchange.js';
import { runOpenPhase } from './open-model.js';
import type { PhaseContext } from './phase.js';
import { RoundRecorder } from './round-recorder.js';
import { toRoundResult } from './round-result.js';

export interface EngineOptions {
  suite: Suite;
  /** The resolved target; its path is the base path of every scenario's request. */
  target: URL;
  clock: Clock;
  /** Opens one connection to the target for a scenario; the engine closes them all when done. */
  connect: (scenario: Scenario) => Dispatcher;
  onEvent?: EngineListener;
  /** Aborting stops the run after the round in progress is cut short; that round is discarded. */
  signal?: AbortSignal;
  progressIntervalMs?: number;
}

export interface EngineRun {
  scenarios: ScenarioResult[];
  interrupted: boolean;
}

interface ScenarioState {
  scenario: Scenario;
  connections: Dispatcher[];
  request: Dispatcher.DispatchOptions;
  result: ScenarioResult;
}

/**
 * Runs a suite: every scenario's warm-up, then round 1 of every scenario, round 2 of every
 * scenario, and so on (A1 B1 A2 B2 …), so slow drift of the machine or the target spreads over
 * all scenarios instead of landing on the last one.
 */
export async function runSuite(options: EngineOptions): Promise<EngineRun> {
  const { suite, onEvent } = options;
  const basePath = options.target.pathname;
  const states: ScenarioState[] = suite.scenarios.map((scenario) => ({
    scenario,
    connections: [],
    request: prepareRequest(scenario, basePath),
    result: emptyResult(scenario, basePath),
  }));
  const plannedMs = suite.scenarios.reduce(
    (sum, s) => sum + s.warmupMs + s.rounds * s.load.durationMs,
    0,
  );
  onEvent?.({
    type: 'start',
    scenarios: suite.scenarios.map((s) => ({ name: s.name, rounds: s.rounds })),
    plannedMs,
  });

  try {
    for (const state of states) {
      if (options.signal?.aborted === true) break;
      if (state.scenario.warmupMs <= 0) continue;
      onEvent?.({ type: 'warmup', scenario: state.scenario.name, durationMs: state.scenario.warmupMs });
      const recorder = new RoundRecorder(state.scenario.expect);
      await runPhase(options, state, recorder, state.scenario.warmupMs);
      assertReachable(options.target, state.scenario, recorder);
    }
    const maxRounds = Math.max(...suite.scenarios.map((s) => s.rounds));
    for (let round = 1; round <= maxRounds; round++) {
      for (const state of states) {
        if (round > state.scenario.rounds) continue;
        if (options.signal?.aborted === true) break;
        await runRound(options, state, round);
      }
    }
  } finally {
    const connections = states.flatMap((state) => state.connections);
    await Promise.all(connections.map((connection) => connection.close().catch(() => undefined)));
  }
  const interrupted = options.signal?.aborted === true;
  onEvent?.({ type: 'end', interrupted });
  return { scenarios: states.map((state) => state.result), interrupted };
}

async function runRound(options: EngineOptions, state: ScenarioState, round: number): Promise<void> {
  const { scenario } = state;
  const { clock, onEvent } = options;
  const rounds = scenario.rounds;
  onEvent?.({ type: 'round-start', scenario: scenario.name, round, rounds, durationMs: scenario.load.durationMs });
  const startedAt = clock.date();
  const recorder = new RoundRecorder(scenario.expect);
  const stopTicking = tick(options, (elapsedMs) => ({
    type: 'progress',
    scenario: scenario.name,
    round,
    rounds,
    elapsedMs,
    durationMs: scenario.load.durationMs,
    requests: recorder.requests,
    errors: recorder.errors,
  }));
  const { timing, open } = await runPhase(options, state, recorder, scenario.load.durationMs).finally(stopTicking);
  assertReachable(options.target, scenario, recorder);
  // A round cut short by an interruption would bias every figure: it is left out.
  if (options.signal?.aborted === true) return;
  const result = toRoundResult(round, startedAt, recorder, timing, open);
  state.result.rounds.push(result);
  onEvent?.({ type: 'round-end', scenario: scenario.name, round, rounds, result });
}

async function runPhase(options: EngineOptions, state: ScenarioState, recorder: RoundRecorder, durationMs: number) {
  const context: PhaseContext = {
    connection: (index) => (state.connections[index] ??= options.connect(state.scenario)),
    request: state.request,
    clock: options.clock,
    recorder,
    collectBody: state.scenario.expect.bodyContains !== undefined,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const load = state.scenario.load;
  if (load.model === 'open') {
    const { open, ...timing } = await runOpenPhase(context, { ...load, durationMs });
    return { timing, open };
  }
  return { timing: await runClosedPhase(context, { ...load, durationMs }), open: undefined };
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
function assertReachable(target: URL, scenario: Scenario, recorder: RoundRecorder): void {
  if (recorder.requests === 0 || recorder.connectionFailures < recorder.requests) return;
  const { refused, dns, timeout } = recorder.transportErrors;
  const why =
    dns > 0 ? 'its host name does not resolve' : refused > 0 ? 'it refused every connection' : 'every connection attempt timed out';
  throw new TargetUnreachableError(
    `target ${target.origin} is unreachable: ${why} (${recorder.requests} attempts in scenario "${scenario.name}"; ` +
      `refused ${refused}, DNS ${dns}, connect timeout ${timeout}). Is it running, and is the URL right?`,
  );
}

function emptyResult(scenario: Scenario, basePath: string): ScenarioResult {
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
