import * as core from '@actions/core';
import { PerfGateError, errorMessage } from '../errors.js';
import { readRunContext } from './event.js';
import { readInputs } from './inputs.js';

/**
 * The action's front door: read inputs and event, run the mode; one catch for everything. A mode's
 * code is imported when it runs (in the bundle, a chunk of its own), after the inputs are checked.
 */
export async function run(): Promise<void> {
  // A cancelled job gets SIGINT, then SIGTERM: stop measuring, keep the completed rounds, and
  // complete the check run (see completingCheck) instead of dying with it "in progress".
  const cancel = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => cancel.abort());
  try {
    const inputs = readInputs();
    const context = await readRunContext(process.env);
    switch (inputs.mode) {
      case 'gate':
        return await (await import('./gate-mode.js')).gateMode(inputs, context, cancel.signal);
      case 'record':
        return await (await import('./record-mode.js')).recordMode(inputs, context, cancel.signal);
      case 'report':
        return await (await import('./report-mode.js')).reportMode(inputs, context, cancel.signal);
      case 'merge':
        return await (await import('./merge-mode.js')).mergeMode(inputs, context, cancel.signal);
    }
  } catch (error) {
    if (error instanceof PerfGateError) {
      core.setFailed(`perf-gate: ${error.message}`);
    } else {
      core.setFailed(`perf-gate: unexpected error: ${errorMessage(error)}`);
      if (error instanceof Error && error.stack) core.debug(error.stack);
    }
  }
}
