import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { measureRun } from './measure-run.js';
import { measuring } from './measuring.js';
import { finishRecord, recordRun } from './record-run.js';
import { measureShard } from './shard-measure.js';
import { actionSuite } from './suite.js';

/**
 * mode: record. The main branch: measure and add the run to the baseline (with baseline-url, an
 * A/A record of the deployment noise too). Budgets still fail the step.
 */
export async function recordMode(inputs: ActionInputs, context: RunContext, signal: AbortSignal): Promise<void> {
  const suite = await actionSuite(inputs);
  const ready = await measuring(inputs, context, suite);
  if (ready === undefined) return;
  const { target, base, client, pullRequest } = ready;
  if (inputs.shard !== undefined) {
    return measureShard({ inputs, context, suite, target, pullRequest: pullRequest?.number, shard: inputs.shard, signal });
  }
  const { outcome } = await measureRun({
    inputs,
    context,
    suite,
    target,
    base,
    reference: { kind: 'none' },
    judge: false,
    pullRequest: pullRequest?.number,
    signal,
  });
  await recordRun(inputs, context, client, outcome.current, outcome.baseRun);
  finishRecord(outcome.budgets);
}
