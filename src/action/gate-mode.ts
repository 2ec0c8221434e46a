import * as core from '@actions/core';
import { redactor } from '../config/redact.js';
import { createClient } from '../github/client.js';
import { deploymentNotReady } from './deployment.js';
import { pullRequestOfRun, type RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { measureRun } from './measure-run.js';
import { Reporter, completingCheck } from './reporter.js';
import { referenceSource } from './reference-source.js';
import { actionSuite, basePolicy } from './suite.js';
import { resolveBase, resolveTarget } from './target.js';
import { tell } from './tell.js';

/** mode: gate. A pull request: measure it, judge it by the base's rules and baseline, report. */
export async function gateMode(inputs: ActionInputs, context: RunContext, signal: AbortSignal): Promise<void> {
  const own = await actionSuite(inputs);
  if (deploymentNotReady(inputs, context)) return;
  const target = resolveTarget(inputs, context, own);
  const base = resolveBase(inputs);
  const client = await createClient(inputs.githubToken, context.apiUrl, core.info);
  const pullRequest = await pullRequestOfRun(client, context);
  const baseSha = pullRequest?.baseSha;
  const { suite, warnings } = baseSha === undefined ? { suite: own, warnings: [] } : await basePolicy(client, context, inputs, { number: pullRequest!.number, baseSha }, own);
  const reference = referenceSource(inputs, context, client, suite.name, baseSha);

  const reporter = new Reporter(client, context.repo, context.headSha, inputs.checkName, context.runUrl);
  await reporter.start();
  // Whatever ends the run from here on, the started check run is completed with the reason: a required check must not hang.
  await completingCheck(reporter, redactor(suite.secrets), async () => {
    const { outcome, out } = await measureRun({ inputs, context, suite, target, base, reference, judge: true, pullRequest: pullRequest?.number, signal });
    const judged = outcome.judged!;
    const gate = { ...judged.gate, warnings: [...judged.gate.warnings, ...warnings] };
    await tell({ inputs, suite, judged: { gate, report: { ...judged.report, gate } }, reporter, pullRequest: pullRequest?.number, out });
  });
}
