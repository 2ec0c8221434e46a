import type { ExpectSpec, Scenario } from '../config/suite.js';
import { RoundRecorder } from './round-recorder.js';

/** A phase's recorders: the scenario's (a request, or a flow's whole iterations), and each flow step's. */
export interface PhaseRecorders {
  main: RoundRecorder;
  steps: RoundRecorder[];
}

/** A flow's iteration counts as a success when it reaches its end; its steps' failures say why not. */
const ITERATION_DONE: ExpectSpec = { status: [[200, 200]] };

export function phaseRecorders(scenario: Scenario): PhaseRecorders {
  if (scenario.flow === undefined) return { main: new RoundRecorder(scenario.expect), steps: [] };
  const requests = scenario.flow.filter((step) => step.kind === 'request');
  return { main: new RoundRecorder(ITERATION_DONE), steps: requests.map((step) => new RoundRecorder(step.expect)) };
}
