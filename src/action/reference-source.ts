import type { ReferenceSource } from '../pipeline/reference.js';
import type { GitHubClient } from '../github/client.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { repoPath } from './suite.js';

/** The workspace path of the suite's baseline file: the baseline-path input, else baselines/<suite>.json. */
export function baselinePath(inputs: ActionInputs, suite: string): string {
  return inputs.baselinePath ?? `baselines/${suite}.json`;
}

/**
 * Where the stored baseline is read from: the baseline branch when there is one; on a pull
 * request without one, the file at the base commit (never the pull request's checkout);
 * otherwise the workspace's file.
 */
export function referenceSource(
  inputs: ActionInputs,
  context: RunContext,
  client: GitHubClient,
  suite: string,
  baseSha?: string,
): ReferenceSource {
  if (inputs.baselineBranch !== undefined) return { kind: 'branch', store: { client, repo: context.repo, branch: inputs.baselineBranch } };
  const path = baselinePath(inputs, suite);
  if (baseSha !== undefined) return { kind: 'commit', client, repo: context.repo, path: repoPath(context, path), sha: baseSha };
  return { kind: 'file', path };
}
