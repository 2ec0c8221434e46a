import { readBaselineFileIfExists, parseBaseline } from '../files/baseline-file.js';
import { InputError } from '../errors.js';
import { branchBaselinePath, readBranchBaseline, type BaselineBranch } from '../github/baseline-store.js';
import type { GitHubClient } from '../github/client.js';
import { fileAtCommit } from '../github/contents.js';
import type { Repo } from '../github/client.js';
import type { Baseline } from '../result/baseline.js';

/**
 * Where a comparison's stored baseline comes from. Every front door names one; the pipeline
 * reads it. On a pull request the action never takes it from the pull request's checkout: from
 * the baseline branch, or from the base commit through the API.
 */
export type ReferenceSource =
  | { kind: 'none' }
  | { kind: 'file'; path: string }
  | { kind: 'branch'; store: BaselineBranch }
  | { kind: 'commit'; client: GitHubClient; repo: Repo; path: string; sha: string };

export interface Reference {
  /** Undefined when the source has no baseline for the suite yet (its first run). */
  baseline: Baseline | undefined;
  /** Where it came from, as the report and the messages name it. */
  label: string;
}

/** Reads the suite's baseline from its source; one of another suite is an error naming both. `signal` ends a read from GitHub in flight. */
export async function resolveReference(
  source: ReferenceSource,
  suite: { name: string; file: string },
  signal?: AbortSignal,
): Promise<Reference> {
  const reference = await read(source, suite.name, signal);
  if (reference.baseline !== undefined && reference.baseline.suite !== suite.name) {
    throw new InputError(`${reference.label} holds suite "${reference.baseline.suite}", but ${suite.file} is suite "${suite.name}"`);
  }
  return reference;
}

async function read(source: ReferenceSource, suite: string, signal: AbortSignal | undefined): Promise<Reference> {
  switch (source.kind) {
    case 'none':
      return { baseline: undefined, label: `baselines/${suite}.json` };
    case 'file':
      return { baseline: await readBaselineFileIfExists(source.path), label: source.path };
    case 'branch':
      return {
        baseline: (await readBranchBaseline(source.store, suite, signal)).baseline,
        label: `${branchBaselinePath(suite)} on branch ${source.store.branch}`,
      };
    case 'commit': {
      const at = `${source.path} at the base commit ${source.sha.slice(0, 7)}`;
      const text = await fileAtCommit(source.client, source.repo, source.path, source.sha, signal);
      return { baseline: text === undefined ? undefined : parseBaseline(text, at), label: at };
    }
  }
}
