import type { GitHubClient, Repo } from './client.js';

/** GitHub refuses longer descriptions (422). */
export const STATUS_DESCRIPTION_MAX = 140;

export type StatusState = 'pending' | 'success' | 'failure' | 'error';

/** The fallback when the token may not create check runs: a commit status on the head sha. */
export async function setCommitStatus(
  client: GitHubClient,
  where: Repo,
  sha: string,
  status: { state: StatusState; context: string; description: string; targetUrl?: string },
): Promise<void> {
  const description =
    status.description.length <= STATUS_DESCRIPTION_MAX
      ? status.description
      : `${status.description.slice(0, STATUS_DESCRIPTION_MAX - 1)}…`;
  await client.rest.repos.createCommitStatus({
    owner: where.owner,
    repo: where.repo,
    sha,
    state: status.state,
    context: status.context,
    description,
    ...(status.targetUrl === undefined ? {} : { target_url: status.targetUrl }),
  });
}
