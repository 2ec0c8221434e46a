import type { RoundSlot } from './round-order.js';
import type { Arm } from './dispatcher.js';
import type { Scenario, Suite } from '../config/suite.js';
import type { ScenarioResult } from '../result/result.js';
import { InputError, TargetUnreachableError } from '../errors.js';
import type { Clock } from './clock.js';
import type { EngineEvent, EngineListener } from './events.js';
import { prepareRequest } from './exchange.js';
import { readsData } from '../config/flow.js';
import { runSetup } from './setup.js';
import type { TemplateValue } from '../config/template.js';
import { generatorHealth } from '../stats/generator-health.js';
import { startGeneratorMeter } from './generator-meter.js';
import { WHOLE } from '../config/share.js';
import type { RoundRecorder } from './round-recorder.js';
import { toRoundResult } from './round-result.js';
import { emptyResults } from './empty-results.js';
import { phaseRecorders } from './phase-recorders.js';
import { dealFrom, runPhase, type FlowState, type Iterations, type Lane, type PhaseOptions } from './phase-run.js';

export interface EngineOptions extends PhaseOptions {
  /** One arm, or two for the interleaved A/B mode. */
  arms: Arm[];
  onEvent?: EngineListener;
  progressIntervalMs?: number;
}

export interface Engine {
  /**
   * Runs the setup against every arm (unless `setup` gives its captures), then warms every
   * scenario up against every arm (not measured).
   */
  warmup(setup?: ReadonlyMap<string, TemplateValue>[]): Promise<void>;
  /** Runs the rounds in the order given; stops early when aborted. */
  measure(slots: RoundSlot[]): Promise<void>;
  /** Every completed round so far, per scenario, for one arm. */
  results(arm: number): ScenarioResult[];
  readonly interrupted: boolean;
  /** Closes every connection. */
  close(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const { suite, arms, onEvent, signal } = options;
  const share = suite.share ?? WHOLE;
  const data = new Map(suite.data.map((source) => [source.name, source]));
  const uniqueData = (scenario: Scenario) =>
    scenario.flow === undefined ? [] : suite.data.filter((source) => source.order === 'unique' && readsData(scenario.flow!, source.name));
  const lanes: Lane[][] = arms.map((arm, armIndex) =>
    suite.scenarios.map((scenario) => ({
      scenario,
      arm,
      armIndex,
      connections: [],
      request: prepareRequest(scenario, arm.target.pathname),
      results: emptyResults(scenario, arm.target.pathname, share),
      data,
      uniqueData: uniqueData(scenario),
      ranOut: false,
    })),
  );
  // The setup's captures per arm: given (worker threads get the main thread's), or run before the warm-up.
  const setups: (ReadonlyMap<string, TemplateValue> | undefined)[] = arms.map(() => undefined);
  // This share's turns of the iteration numbers (see Suite.share): index + 1, index + 1 + count, …
  const iterations: Iterations = { next: share.index + 1 - share.count, step: share.count, dealt: 0 };
  const armLabel = (arm: Arm) => (arms.length > 1 ? { arm: arm.name } : {});
  const aborted = () => signal?.aborted === true;

  return {
    async warmup(given) {
      for (const [i, arm] of arms.entries())
        setups[i] ??= given?.[i] ?? (await runArmSetup(options.suite, arm, options.clock, options.connect, signal));
      for (const scenario of suite.scenarios.keys()) {
        for (const armLanes of lanes) {
          const lane = armLanes[scenario]!;
          if (aborted() || lane.scenario.warmupMs <= 0) continue;
          onEvent?.({ type: 'warmup', scenario: lane.scenario.name, durationMs: lane.scenario.warmupMs, ...armLabel(lane.arm) });
          const recorders = phaseRecorders(lane.scenario);
          await runPhase(options, lane, recorders, 'warmup', flowState(setups, iterations, lane));
          assertReachable(lane, recorders.main);
          if (recorders.main.dataRanOut) throw ranOutInWarmup(lane);
        }
      }
    },
    async measure(slots) {
      for (const slot of slots) {
        if (aborted()) return;
        const lane = lanes[slot.arm]![slot.scenario]!;
        if (lane.ranOut) {
          // Other shares may still run the round: the deal moves past it here too.
          dealFrom(iterations, lane.scenario, lane.scenario.load);
          onEvent?.({ type: 'round-skipped', scenario: lane.scenario.name, round: slot.round, rounds: slot.of, ...armLabel(lane.arm) });
          continue;
        }
        await runRound(options, lane, slot, armLabel, flowState(setups, iterations, lane));
      }
    },
    results: (arm) => lanes[arm]!.flatMap((lane) => lane.results),
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
export function startEvent(suite: Suite, arms: number): Extract<EngineEvent, { type: 'start' }> {
  return {
    type: 'start',
    scenarios: suite.scenarios.map((s) => ({ name: s.name, rounds: s.rounds })),
    plannedMs: arms * suite.scenarios.reduce((sum, s) => sum + s.warmupMs + s.rounds * s.load.durationMs, 0),
  };
}

function flowState(setups: (ReadonlyMap<string, TemplateValue> | undefined)[], iterations: Iterations, lane: Lane): FlowState {
  return { setup: setups[lane.armIndex] ?? new Map(), iterations };
}

/** The suite's setup run against one arm, on a connection of its own; an interruption (`signal`) ends it at once. */
export async function runArmSetup(
  suite: Suite,
  arm: Arm,
  clock: Clock,
  connect: EngineOptions['connect'],
  signal: AbortSignal | undefined,
): Promise<ReadonlyMap<string, TemplateValue>> {
  if (suite.setup.length === 0) return new Map();
  // Connected as a flow of the setup's steps: its captures and cookies read the response headers.
  const connection = connect({ ...suite.scenarios[0]!, flow: suite.setup }, arm);
  try {
    const timeoutMs = Math.max(...suite.scenarios.map((s) => s.timeoutMs));
    return await runSetup(suite.setup, connection, {
      origin: arm.target.origin,
      basePath: arm.target.pathname,
      clock,
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function runRound(
  options: EngineOptions,
  lane: Lane,
  slot: RoundSlot,
  armLabel: (arm: Arm) => { arm?: string },
  flow: FlowState,
): Promise<void> {
  const { scenario } = lane;
  const { clock, onEvent } = options;
  const label = { scenario: scenario.name, round: slot.round, rounds: slot.of, ...armLabel(lane.arm) };
  onEvent?.({ type: 'round-start', ...label, durationMs: scenario.load.durationMs });
  const startedAt = clock.date();
  const recorders = phaseRecorders(scenario);
  const recorder = recorders.main;
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
  const { timing, open, timeline } = await runPhase(options, lane, recorders, 'round', flow).finally(() => {
    stopTicking();
    stopMeter();
  });
  const generator = generatorHealth(stopMeter());
  assertReachable(lane, recorder);
  // A round cut short by an interruption would bias every figure: it is left out.
  if (options.signal?.aborted === true) return;
  // One cut short by running out of unique rows is kept (it measured what it ran), and is the last.
  lane.ranOut = recorder.dataRanOut;
  const result = toRoundResult(slot.round, startedAt, recorder, timing, open, timeline, generator);
  // A flow of one request is its step: the scenario's figures say it all.
  const steps =
    lane.results.length > 1
      ? recorders.steps.map((step) => toRoundResult(slot.round, startedAt, step, timing, undefined, undefined, generator))
      : [];
  [result, ...steps].forEach((round, i) => lane.results[i]!.rounds.push(round));
  onEvent?.({ type: 'round-end', ...label, result, ...(steps.length > 0 && { steps }) });
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

/** Every iteration takes a row, the warm-up's too: rows that do not outlast the warm-up leave nothing to measure. */
function ranOutInWarmup(lane: Lane): InputError {
  const files = lane.uniqueData.map((source) => `"${source.name}" (${source.file}, ${source.rows.length} rows)`).join(' and ');
  return new InputError(
    `scenario "${lane.scenario.name}": the unique rows of ${files} ran out during the warm-up, before any round. ` +
      "Every iteration takes a row of its own, the warm-up's too: give the file more rows, or shorten the warm-up or lighten the load.",
  );
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
