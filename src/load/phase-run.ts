import type { LoadSpec, Scenario, Suite } from '../config/suite.js';
import type { TemplateValue } from '../config/template.js';
import { WHOLE } from '../config/share.js';
import type { Dispatcher } from 'undici';
import type { Arm, Connection } from './dispatcher.js';
import type { DataSource } from '../config/data.js';
import type { ScenarioResult } from '../result/result.js';
import type { Clock } from './clock.js';
import { runClosedPhase } from './closed-model.js';
import { runOpenPhase } from './open-model.js';
import { arrivalSchedule, shareSchedule } from './schedule.js';
import { Exchange, pathPrefix } from './exchange.js';
import { FlowIteration, type FlowPlan } from './flow-iteration.js';
import type { PhaseContext } from './phase.js';
import type { PhaseRecorders } from './phase-recorders.js';
import { ResponseDeadlines } from './deadline.js';
import { Pauses } from './pauses.js';

/** What a phase needs of the engine's options. */
export interface PhaseOptions {
  suite: Suite;
  clock: Clock;
  /** Opens one connection to an arm's target for a scenario; the engine closes them all. */
  connect: (scenario: Scenario, arm: Arm) => Connection;
  /** Aborting cuts the round in progress short (it is discarded) and runs no further round. */
  signal?: AbortSignal;
}

/** A scenario against one arm: what the engine keeps of it from phase to phase. */
export interface Lane {
  scenario: Scenario;
  arm: Arm;
  armIndex: number;
  connections: Connection[];
  request: Dispatcher.DispatchOptions;
  /** What the scenario's results are made of: itself (a request, or a flow's whole iterations), then a flow's steps. */
  results: ScenarioResult[];
  /** The suite's data files by name, and those with unique rows this scenario's flow reads. */
  data: ReadonlyMap<string, DataSource>;
  uniqueData: DataSource[];
  /** The unique data rows ran out in a round: no later round of the lane runs. */
  ranOut: boolean;
}

/**
 * How this share numbers its flows' iterations: its own numbers in turn (the last one given and
 * the step), and how many arrivals of open-model flows all shares together have been dealt so
 * far, where the next such phase's deal starts (see dealFrom).
 */
export interface Iterations {
  next: number;
  step: number;
  dealt: number;
}

/** What a flow's iterations share beyond one phase: the setup's captures and the iteration numbering. */
export interface FlowState {
  setup: ReadonlyMap<string, TemplateValue>;
  iterations: Iterations;
}

/** A warm-up runs the load's mean rate (or its most connections) for the warm-up time; a round runs the load as given. */
export async function runPhase(options: PhaseOptions, lane: Lane, recorders: PhaseRecorders, phase: 'warmup' | 'round', flow: FlowState) {
  const durationMs = phase === 'warmup' ? lane.scenario.warmupMs : lane.scenario.load.durationMs;
  const deadlines = new ResponseDeadlines(options.clock, lane.scenario.timeoutMs);
  deadlines.start();
  try {
    const context: PhaseContext = {
      job: jobs(options, lane, recorders, flow, deadlines),
      clock: options.clock,
      recorder: recorders.main,
      share: options.suite.share ?? WHOLE,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
    return await runModel(context, lane.scenario, phaseLoad(lane.scenario.load, phase, durationMs), flow.iterations);
  } finally {
    deadlines.stop();
  }
}

/** How the phase's jobs are made: an exchange of the fixed request, or an iteration of the flow. */
function jobs(
  options: PhaseOptions,
  lane: Lane,
  recorders: PhaseRecorders,
  flow: FlowState,
  deadlines: ResponseDeadlines,
): PhaseContext['job'] {
  const { scenario } = lane;
  const connection = (index: number) => (lane.connections[index] ??= options.connect(scenario, lane.arm));
  const { clock } = options;
  if (scenario.flow === undefined) {
    const collectBody = scenario.expect.bodyContains !== undefined;
    return (index, sink) => new Exchange(connection(index), lane.request, sink, clock.now, collectBody, deadlines);
  }
  const plan: FlowPlan = {
    steps: scenario.flow,
    stepRecorders: recorders.steps,
    basePath: pathPrefix(lane.arm.target.pathname),
    setup: flow.setup,
    data: lane.data,
    unique: lane.uniqueData,
    // A closed-model connection is one virtual user looping over the flow; an open-model
    // iteration is a new visitor on whichever connection is free.
    cookies: scenario.load.model === 'closed' ? 'per-user' : 'per-iteration',
    ...(scenario.mix !== undefined && { mix: cumulative(scenario.mix) }),
    nextIteration: () => (flow.iterations.next += flow.iterations.step),
    clock,
    pauses: new Pauses(clock),
    timeoutMs: scenario.timeoutMs,
    deadlines,
  };
  return (index, sink) => new FlowIteration(connection(index), plan, sink);
}

/** The load of a phase: a round's as given; a warm-up's steady, at the mean rate or the most connections, for the warm-up time. */
function phaseLoad(load: LoadSpec, phase: 'warmup' | 'round', durationMs: number): LoadSpec {
  if (phase === 'round') return load;
  if (load.model === 'open') {
    const { stages: _stages, startRate: _startRate, ...constant } = load;
    return { ...constant, durationMs };
  }
  const { stages: _stages, startConnections: _startConnections, ...steady } = load;
  return { ...steady, durationMs };
}

async function runModel(context: PhaseContext, scenario: Scenario, load: LoadSpec, iterations: Iterations) {
  if (load.model === 'open') {
    const schedule = shareSchedule(arrivalSchedule(load), context.share, dealFrom(iterations, scenario, load));
    const { open, timeline, ...timing } = await runOpenPhase(context, load, schedule);
    return { timing, open, timeline };
  }
  return { timing: await runClosedPhase(context, load), open: undefined, timeline: undefined };
}

/**
 * Where an open-model phase's deal of arrivals starts, moving the deal past a flow's phase. A
 * flow's arrivals take iteration numbers, so its phases deal one numbering on from where the last
 * left it: over a run each share takes its turns of the unsplit run's numbers, and so of its
 * unique rows, with no share given the odd arrival of every phase.
 */
export function dealFrom(iterations: Iterations, scenario: Scenario, load: LoadSpec): number {
  const from = iterations.dealt;
  if (load.model === 'open' && scenario.flow !== undefined) iterations.dealt += arrivalSchedule(load).count;
  return from;
}

function cumulative(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((weight) => (total += weight));
}
