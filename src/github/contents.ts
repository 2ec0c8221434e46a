import type { GitHubClient, Repo } from './client.js';

/**
 * A file's text at a commit, read through the contents API (never from the checkout, which on a
 * pull request is the pull request's code); undefined when the file does not exist there.
 */
export async function fileAtCommit(
  client: GitHubClient,
  repo: Repo,
  path: string,
  sha: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const request = signal === undefined ? {} : { request: { signal } };
  let data: unknown;
  try {
    data = (await client.rest.repos.getContent({ ...repo, path, ref: sha, ...request })).data;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return undefined;
    throw error;
  }
  const file = data as { type?: string; encoding?: string; content?: string; sha?: string };
  if (Array.isArray(data) || file.type !== 'file') return undefined;
  if (file.encoding === 'base64' && file.content !== undefined) return Buffer.from(file.content, 'base64').toString('utf8');
  // Files of 1-100 MB come without content ("encoding": "none"): read the blob.
  const { data: blob } = await client.rest.git.getBlob({ ...repo, file_sha: file.sha ?? '', ...request });
  return Buffer.from(blob.content, 'base64').toString('utf8');
}

/** Every file a pull request changes, through every page. */
export async function pullRequestFiles(client: GitHubClient, repo: Repo, pullNumber: number): Promise<string[]> {
  const files = await client.paginate(client.rest.pulls.listFiles, { ...repo, pull_number: pullNumber, per_page: 100 });
  return files.map((f) => f.filename);
}
