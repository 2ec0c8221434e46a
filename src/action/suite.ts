import * as core from '@actions/core';
import { posix, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadSuiteFile, parseSuite } from '../config/load-suite.js';
import type { DataFileReader } from '../config/data.js';
import type { Suite } from '../config/suite.js';
import { withStepHeaders } from '../config/flow.js';
import { errorMessage } from '../errors.js';
import type { GitHubClient } from '../github/client.js';
import { fileAtCommit, pullRequestFiles } from '../github/contents.js';
import { baselineEdits, withBasePolicy } from './base-policy.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';

/** The workspace's suite file, its secrets masked in the log, the headers input on every request. */
export async function actionSuite(inputs: ActionInputs): Promise<Suite> {
  return withHeaders(maskSecrets(await loadSuiteFile(inputs.config)), inputs.headers);
}

/**
 * A pull request is judged by the base's rules: the base commit's suite file, read through the
 * API, gives the policy and the definitions of the scenarios it has; without one the pull
 * request's own apply, with a warning. Edits of baseline files in the pull request are named.
 */
export async function basePolicy(
  client: GitHubClient,
  context: RunContext,
  inputs: ActionInputs,
  pullRequest: { number: number; baseSha: string },
  own: Suite,
): Promise<{ suite: Suite; warnings: string[] }> {
  const { baseSha } = pullRequest;
  const path = repoPath(context, inputs.config);
  const text = await fileAtCommit(client, context.repo, path, baseSha);
  const edits = await baselineEditWarnings(client, context, pullRequest.number, inputs.baselinePath);
  if (text === undefined) {
    const { suite, warnings } = withoutCommand(own, `the base commit ${baseSha.slice(0, 7)} has no ${path}`);
    return {
      suite,
      warnings: [
        `the base commit ${baseSha.slice(0, 7)} has no ${path}: judged under the pull request's own policy`,
        ...warnings,
        ...edits,
      ],
    };
  }
  // The headers input goes to the base's scenarios too: it is how the deployment lets perf-gate in.
  const dataFiles = await baseDataFiles(client, context, path, text, baseSha);
  const baseSuite = withHeaders(
    maskSecrets(parseSuite(text, `${path} at the base commit ${baseSha.slice(0, 7)}`, process.env, dataFiles)),
    inputs.headers,
  );
  const merged = withBasePolicy(own, baseSuite);
  return { suite: merged.suite, warnings: [...merged.warnings, ...edits] };
}

/**
 * The data files the base's suite declares, read at the base commit as the suite file is (the
 * checkout holds the pull request's rows, which it could have made cheaper to serve).
 */
async function baseDataFiles(
  client: GitHubClient,
  context: RunContext,
  suitePath: string,
  text: string,
  sha: string,
): Promise<DataFileReader> {
  let declared: unknown;
  try {
    declared = (parseYaml(text) as { data?: unknown } | null)?.data;
  } catch {
    // parseSuite reports what is wrong with the file.
  }
  const files =
    typeof declared === 'object' && declared !== null
      ? Object.values(declared).map((source) => (source as { file?: unknown } | null)?.file)
      : [];
  const texts = new Map<string, { text: string } | { problem: string }>();
  await Promise.all(
    files
      .filter((file): file is string => typeof file === 'string')
      .map(async (file) => {
        const repoFile = posix.normalize(posix.join(posix.dirname(suitePath), file));
        if (posix.isAbsolute(file) || repoFile.startsWith('../')) {
          texts.set(file, { problem: `${file} is outside the repository` });
          return;
        }
        const content = await fileAtCommit(client, context.repo, repoFile, sha);
        texts.set(
          file,
          content === undefined
            ? { problem: `${file} is not in the base commit ${sha.slice(0, 7)} (looked for ${repoFile})` }
            : { text: content },
        );
      }),
  );
  return (file) => texts.get(file) ?? { problem: `${file} was not read from the base commit` };
}

async function baselineEditWarnings(
  client: GitHubClient,
  context: RunContext,
  pullRequest: number,
  baselinePath: string | undefined,
): Promise<string[]> {
  try {
    const edits = baselineEdits(
      await pullRequestFiles(client, context.repo, pullRequest),
      baselinePath === undefined ? undefined : repoPath(context, baselinePath),
    );
    if (edits.length === 0) return [];
    const shown = edits.slice(0, 5).join(', ') + (edits.length > 5 ? ` and ${edits.length - 5} more` : '');
    return [`the pull request modifies ${shown}: baselines are never taken from a pull request; it is judged against the base's baseline`];
  } catch (error) {
    return [`could not list the pull request's files to check for baseline edits: ${errorMessage(error)}`];
  }
}

/**
 * The pull request's suite without its service.command: a command is run only from the base
 * commit's suite, as the job may hold a token that writes (deployment_status, a repository's own
 * pull request) and the pull request's author wrote this file. Its metrics source stays: reading
 * a URL runs nothing.
 */
function withoutCommand(own: Suite, why: string): { suite: Suite; warnings: string[] } {
  const service = own.service;
  if (service?.command === undefined) return { suite: own, warnings: [] };
  const { command: _command, ...kept } = service;
  const { service: _service, ...withoutService } = own;
  return {
    suite: kept.metrics === undefined ? withoutService : { ...own, service: kept },
    warnings: [
      `${why}: the pull request's service.command was not run (only the base commit's suite may start a process); start the service in an earlier step`,
    ],
  };
}

/** A workspace path as the repository names it (the contents API's path). */
export function repoPath(context: RunContext, path: string): string {
  return relative(context.workspace, resolve(path)).split(sep).join('/');
}

/**
 * Values the suite took from the environment are masked in the job's log (the runner replaces them with ***); results and reports already
 * name the variable instead.
 */
function maskSecrets(suite: Suite): Suite {
  for (const { value } of suite.secrets) core.setSecret(value);
  return suite;
}

/** Secret headers from the `headers` input go with every request of every scenario, to the target only. */
function withHeaders(suite: Suite, headers: Record<string, string>): Suite {
  if (Object.keys(headers).length === 0) return suite;
  return {
    ...suite,
    setup: withStepHeaders(suite.setup, headers),
    scenarios: suite.scenarios.map((s) => ({
      ...s,
      request: { ...s.request, headers: { ...s.request.headers, ...headers } },
      ...(s.flow !== undefined && { flow: withStepHeaders(s.flow, headers) }),
    })),
  };
}
