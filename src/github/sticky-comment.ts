import type { GitHubClient, Repo } from './client.js';

/** The hidden marker that finds this suite's comment again on the next run. */
export function commentMarker(suite: string): string {
  return `<!-- perf-gate:${suite.replace(/[^A-Za-z0-9._-]/g, '')} -->`;
}

export interface StickyComment {
  id: number;
  url: string;
  created: boolean;
}

/**
 * One comment per suite per pull request, updated in place on every run: found by its marker
 * (and by the author the token posts as, so a pasted marker in someone else's comment is never
 * edited), paginating through every comment.
 */
export async function findStickyComment(
  client: GitHubClient,
  where: Repo & { issueNumber: number },
  marker: string,
  author: string | undefined,
): Promise<{ id: number; url: string } | undefined> {
  const iterator = client.paginate.iterator(client.rest.issues.listComments, {
    owner: where.owner,
    repo: where.repo,
    issue_number: where.issueNumber,
    per_page: 100,
  });
  for await (const page of iterator) {
    const found = page.data.find(
      (comment) => comment.body?.includes(marker) === true && (author === undefined || comment.user?.login === author),
    );
    if (found !== undefined) return { id: found.id, url: found.html_url };
  }
  return undefined;
}

export async function upsertStickyComment(
  client: GitHubClient,
  where: Repo & { issueNumber: number },
  marker: string,
  body: string,
  author: string | undefined,
): Promise<StickyComment> {
  const text = `${marker}\n${body}`;
  const existing = await findStickyComment(client, where, marker, author);
  if (existing !== undefined) {
    const { data } = await client.rest.issues.updateComment({ owner: where.owner, repo: where.repo, comment_id: existing.id, body: text });
    return { id: data.id, url: data.html_url, created: false };
  }
  const { data } = await client.rest.issues.createComment({
    owner: where.owner,
    repo: where.repo,
    issue_number: where.issueNumber,
    body: text,
  });
  return { id: data.id, url: data.html_url, created: true };
}
