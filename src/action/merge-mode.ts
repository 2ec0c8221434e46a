import * as core from '@actions/core';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readResultFile, writeResultFile } from '../files/result-file.js';
import { redactor } from '../config/redact.js';
import { InputError } from '../errors.js';
import { judged, storedReference } from '../pipeline/judged.js';
import { resolveReference } from '../pipeline/reference.js';
import { createClient } from '../github/client.js';
import { mergeShards } from '../result/merge.js';
import { budgetChecks } from '../stats/budgets.js';
import { judgeRun } from '../stats/judge-run.js';
import { headCommit, pullRequestOfRun, type RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { outputDir } from './output-dir.js';
import { finishRecord, recordRun } from './record-run.js';
import { referenceSource } from './reference-source.js';
import { Reporter, completingCheck } from './reporter.js';
import { actionSuite, basePolicy } from './suite.js';
import { tell } from './tell.js';

/**
 * mode: merge. The jobs of a matrix each measured a shard (the shard input); this job merges them
 * into the run they make together, then does what one job measuring the whole would have done:
 * on a pull request, judge it by the base's rules and report; elsewhere, record it.
 */
export async function mergeMode(inputs: ActionInputs, context: RunContext, signal: AbortSignal): Promise<void> {
  if (inputs.shards === undefined) {
    throw new InputError(
      "input shards: required in mode merge (the folder the shard jobs' results were downloaded to, e.g. by actions/download-artifact)",
    );
  }
  const files = await shardFiles(inputs.shards);
  if (files.length < 2)
    throw new InputError(
      `input shards: ${inputs.shards} holds ${files.length} results file(s); mode merge needs every shard's, at least 2`,
    );
  const merged = mergeShards(await Promise.all(files.map(async (file) => ({ file, result: await readResultFile(file) }))));
  const own = await actionSuite(inputs);
  if (merged.suite !== own.name)
    throw new InputError(`input shards: the shards are suite "${merged.suite}", but ${inputs.config} is suite "${own.name}"`);
  const commit = headCommit(context);
  if (commit !== null && typeof merged.git.sha === 'string' && merged.git.sha !== commit) {
    throw new InputError(
      `input shards: the shards measured commit ${merged.git.sha.slice(0, 12)}, but this job reports on ${commit.slice(0, 12)}: stale artifacts from another run?`,
    );
  }
  const resultsPath = join(await outputDir(), 'results.json');
  await writeResultFile(resultsPath, merged);
  core.setOutput('results-path', resultsPath);
  core.info(`perf-gate: merged ${files.length} shards into ${resultsPath}`);

  const client = await createClient(inputs.githubToken, context.apiUrl, core.info);
  const pullRequest = await pullRequestOfRun(client, context);
  if (pullRequest === undefined) {
    await recordRun(inputs, context, client, merged);
    return finishRecord(budgetChecks(own, merged));
  }
  const { suite, warnings } =
    pullRequest.baseSha === undefined
      ? { suite: own, warnings: [] }
      : await basePolicy(client, context, inputs, { number: pullRequest.number, baseSha: pullRequest.baseSha }, own);
  const reporter = new Reporter(client, context.repo, context.headSha, inputs.checkName, context.runUrl);
  await reporter.start();
  await completingCheck(reporter, redactor(suite.secrets), async () => {
    const reference = await resolveReference(referenceSource(inputs, context, client, suite.name, pullRequest.baseSha), suite, signal);
    const against = storedReference(reference);
    const gate = judgeRun({ suite, current: merged, reference: against, failOn: inputs.failOn, warnings });
    await tell({
      inputs,
      suite,
      judged: judged(gate, merged, against, reference.label, `PR #${pullRequest.number}`),
      reporter,
      pullRequest: pullRequest.number,
      out: await outputDir(),
      client,
      repo: context.repo,
    });
  });
}

/**
 * Every results file below the folder: download-artifact puts each artifact in a folder of its
 * own, or all in one with merge-multiple. The fork-safe pattern's pr-results.json, which a shard
 * job on a pull request also writes, is not a shard's results.
 */
async function shardFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => {
    throw new InputError(`input shards: cannot read the folder ${folder}`);
  });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && entry.name !== 'pr-results.json')
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}
