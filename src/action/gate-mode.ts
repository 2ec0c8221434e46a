import { redactor } from '../config/redact.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { measureRun } from './measure-run.js';
import { measuring } from './measuring.js';
import { Reporter, completingCheck } from './reporter.js';
import { referenceSource } from './reference-source.js';
import { measureShard } from './shard-measure.js';
import { actionSuite, basePolicy } from './suite.js';
import { tell } from './tell.js';

/** mode: gate. A pull request: measure it, judge it by the base's rules and baseline, report. */
export async function gateMode(inputs: ActionInputs, context: RunContext, signal: AbortSignal): Promise<void> {
  const own = await actionSuite(inputs);
  const ready = await measuring(inputs, context, own);
  if (ready === undefined) return;
  const { target, base, client, pullRequest } = ready;
  const baseSha = pullRequest?.baseSha;
  const { suite, warnings } =
    baseSha === undefined
      ? { suite: own, warnings: [] }
      : await basePolicy(client, context, inputs, { number: pullRequest!.number, baseSha }, own);
  if (inputs.shard !== undefined) {
    return measureShard({ inputs, context, suite, target, pullRequest: pullRequest?.number, shard: inputs.shard, signal });
  }
  const reference = referenceSource(inputs, context, client, suite.name, baseSha);

  const reporter = new Reporter(client, context.repo, context.headSha, inputs.checkName, context.runUrl);
  await reporter.start();
  // Whatever ends the run from here on, the started check run is completed with the reason: a required check must not hang.
  await completingCheck(reporter, redactor(suite.secrets), async () => {
    const { outcome, out } = await measureRun({
      inputs,
      context,
      suite,
      target,
      base,
      reference,
      judge: true,
      pullRequest: pullRequest?.number,
      signal,
      warnings,
    });
    await tell({ inputs, suite, judged: outcome.judged!, reporter, pullRequest: pullRequest?.number, out, client, repo: context.repo });
  });
}
