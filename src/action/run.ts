import * as core from '@actions/core';
import { PerfGateError, errorMessage } from '../errors.js';
import { readRunContext } from './event.js';
import { gateMode } from './gate-mode.js';
import { mergeMode } from './merge-mode.js';
import { readInputs } from './inputs.js';
import { recordMode } from './record-mode.js';
import { reportMode } from './report-mode.js';

/** The action's front door: read inputs and event, run the mode; one catch for everything. */
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
        return await gateMode(inputs, context, cancel.signal);
      case 'record':
        return await recordMode(inputs, context, cancel.signal);
      case 'report':
        return await reportMode(inputs, context);
      case 'merge':
        return await mergeMode(inputs, context);
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
