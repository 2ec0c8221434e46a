import * as core from '@actions/core';
import { redactor } from '../config/redact.js';
import { InputError } from '../errors.js';
import { comparedWith, judgeRun } from '../gate/judge.js';
import { resolveReference } from '../gate/reference.js';
import { createClient } from '../github/client.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { outputDir } from './output-dir.js';
import { readPrResults } from './pr-results.js';
import { referenceSource } from './reference-source.js';
import { Reporter, completingCheck } from './reporter.js';
import { actionSuite } from './suite.js';
import { tell } from './tell.js';

/** mode: report. The privileged half of the fork-safe pattern: judge the measuring job's numbers, then report. */
export async function reportMode(inputs: ActionInputs, context: RunContext): Promise<void> {
  if (inputs.resultsFile === undefined) throw new InputError('input results-file: required in mode report (the pr-results.json the measuring job uploaded)');
  const uploaded = await readPrResults(inputs.resultsFile);
  const suite = await actionSuite(inputs);
  if (uploaded.results.suite !== suite.name) {
    throw new InputError(`${inputs.resultsFile} is suite "${uploaded.results.suite}", but ${inputs.config} is suite "${suite.name}"`);
  }
  const client = await createClient(inputs.githubToken, context.apiUrl, core.info);
  const reporter = new Reporter(client, context.repo, uploaded.headSha, inputs.checkName, context.runUrl);
  await reporter.start();
  await completingCheck(reporter, redactor(suite.secrets), async () => {
    const reference = await resolveReference(referenceSource(inputs, context, client, suite.name), suite);
    const judged = judgeRun({
      suite,
      current: uploaded.results,
      ...(uploaded.base === undefined ? {} : { baseRun: uploaded.base }),
      reference: comparedWith(reference),
      context: `PR #${uploaded.pullRequest}`,
    });
    core.setOutput('results-path', inputs.resultsFile);
    await tell({ inputs, suite, judged, reporter, pullRequest: uploaded.pullRequest, out: await outputDir(), client, repo: context.repo });
  });
}
