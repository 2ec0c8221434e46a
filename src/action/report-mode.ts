import * as core from '@actions/core';
import { measuredEntries } from '../config/flow.js';
import { redactor } from '../config/redact.js';
import type { Suite } from '../config/suite.js';
import { GitHubReadError, InputError, errorMessage } from '../errors.js';
import { judged, storedReference } from '../pipeline/judged.js';
import { judgeRun, type JudgeReference } from '../stats/judge-run.js';
import { resolveReference } from '../pipeline/reference.js';
import { createClient, type GitHubClient } from '../github/client.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { outputDir } from './output-dir.js';
import { readPrResults, type PrResults } from './pr-results.js';
import { referenceSource } from './reference-source.js';
import { Reporter, completingCheck } from './reporter.js';
import { actionSuite } from './suite.js';
import { tell } from './tell.js';

/** mode: report. The privileged half of the fork-safe pattern: judge the measuring job's numbers, then report. */
export async function reportMode(inputs: ActionInputs, context: RunContext, signal: AbortSignal): Promise<void> {
  if (inputs.resultsFile === undefined)
    throw new InputError('input results-file: required in mode report (the pr-results.json the measuring job uploaded)');
  const uploaded = await readPrResults(inputs.resultsFile);
  const suite = await actionSuite(inputs);
  if (uploaded.results.suite !== suite.name) {
    throw new InputError(`${inputs.resultsFile} is suite "${uploaded.results.suite}", but ${inputs.config} is suite "${suite.name}"`);
  }
  const client = await createClient(inputs.githubToken, context.apiUrl, core.info);
  await checkWhereToReport(inputs.resultsFile, uploaded, context, client);
  const reporter = new Reporter(client, context.repo, uploaded.headSha, inputs.checkName, context.runUrl);
  await reporter.start();
  await completingCheck(reporter, redactor(suite.secrets), async () => {
    wholeRun(inputs.resultsFile!, uploaded, suite);
    const reference = await resolveReference(referenceSource(inputs, context, client, suite.name), suite, signal);
    // The privileged job judges the numbers itself: nothing the upload says of a verdict is read.
    const against: JudgeReference =
      uploaded.base === undefined ? storedReference(reference) : { mode: 'interleaved', base: uploaded.base, records: reference.baseline };
    const gate = judgeRun({ suite, current: uploaded.results, reference: against, failOn: inputs.failOn });
    core.setOutput('results-path', inputs.resultsFile);
    await tell({
      inputs,
      suite,
      judged: judged(gate, uploaded.results, against, reference.label, `PR #${uploaded.pullRequest}`),
      reporter,
      pullRequest: uploaded.pullRequest,
      out: await outputDir(),
      client,
      repo: context.repo,
    });
  });
}

/**
 * Gate mode judges only a whole run of the suite: a cancelled run ends unjudged (its check run
 * says why), a shard is judged once mode merge has every shard, and every scenario of the suite
 * is measured. An upload is held to the same, before anything is judged: part of a run is
 * reported as what it is (interrupted, incomplete, a scenario missing), never judged as if it
 * were whole; a fork's job could otherwise upload the one fast shard, or leave out the scenario
 * it slowed down.
 */
function wholeRun(file: string, { results, base }: PrResults, suite: Suite): void {
  const runs = base === undefined ? [results] : [results, base];
  const shard = runs.find((run) => run.shard !== undefined)?.shard;
  if (shard !== undefined) {
    throw new InputError(
      `incomplete: ${file} holds shard ${shard.index} of ${shard.count} only, a part of the run at 1/${shard.count} of the load; nothing is judged on it. Merge every shard (mode: merge) and upload the merged results`,
    );
  }
  if (runs.some((run) => run.interrupted)) {
    const rounds = results.scenarios.reduce((sum, s) => sum + s.rounds.length, 0);
    throw new InputError(
      `interrupted: the measuring job was cancelled after ${rounds} completed round(s), so ${file} holds part of a run; nothing is judged on it. Re-run the measuring job`,
    );
  }
  const measured = new Set(results.scenarios.filter((s) => s.rounds.length > 0).map((s) => s.name));
  const missing = suite.scenarios.flatMap(measuredEntries).filter((entry) => !measured.has(entry.name));
  if (missing.length > 0) {
    const names = missing.map((entry) => `"${entry.name}"`).join(', ');
    throw new InputError(
      `missing: ${file} has no rounds of ${names}, which ${suite.file} measures; nothing is judged on part of the suite. Upload the results of a whole run`,
    );
  }
}

/**
 * The upload comes from a fork's job: what it says about where to report is believed only as far
 * as GitHub confirms it. Its head commit must be the one the triggering run tested (the event,
 * written by GitHub), and its pull request one whose head is that commit: the event's own list
 * for a pull request of this repository, the API for a fork's (GitHub lists none for those).
 */
async function checkWhereToReport(file: string, uploaded: PrResults, context: RunContext, client: GitHubClient): Promise<void> {
  const run = context.workflowRun;
  if (run === undefined) {
    throw new InputError(
      `mode report reads the workflow_run event that triggered it (on: workflow_run), to check ${file} against the run that uploaded it; this is a ${context.eventName || 'unknown'} event`,
    );
  }
  if (uploaded.headSha !== run.headSha) {
    throw new InputError(
      `${file} says it measured commit ${uploaded.headSha.slice(0, 12)}, but the run that uploaded it tested ${run.headSha.slice(0, 12)}: nothing is reported on another commit`,
    );
  }
  if (run.pullRequests.includes(uploaded.pullRequest)) return;
  let head: string;
  try {
    head = (await client.rest.pulls.get({ ...context.repo, pull_number: uploaded.pullRequest })).data.head.sha;
  } catch (error) {
    throw new GitHubReadError(
      `could not look up pull request #${uploaded.pullRequest}, which ${file} names (${errorMessage(error)}): nothing is reported on a pull request GitHub has not confirmed`,
    );
  }
  if (head !== run.headSha) {
    throw new InputError(
      `${file} names pull request #${uploaded.pullRequest}, whose head is ${head.slice(0, 12)}, not ${run.headSha.slice(0, 12)}, the commit the uploading run tested: nothing is reported on another pull request`,
    );
  }
}
