import type { GitHubClient, Repo } from './client.js';

/** What a Markdown link may point at: an https URL with nothing that could end the link or open markup. */
const SAFE_URL = /^https:\/\/[A-Za-z0-9.-]+(\/[A-Za-z0-9._~%/-]*)?$/;

/**
 * Where GitHub Pages serves the trend dashboard that `mode: record` keeps as index.html on the
 * baseline branch: the site's URL when Pages publishes that branch's root and the file is there;
 * undefined otherwise, and when the token may not read Pages (a link is not worth failing a gate).
 */
export async function dashboardUrl(client: GitHubClient, repo: Repo, branch: string): Promise<string | undefined> {
  try {
    const { data } = await client.rest.repos.getPages({ ...repo });
    if (data.source?.branch !== branch || (data.source.path ?? '/') !== '/') return undefined;
    await client.rest.repos.getContent({ ...repo, path: 'index.html', ref: branch });
    return data.html_url !== undefined && SAFE_URL.test(data.html_url) ? data.html_url : undefined;
  } catch (error) {
    if (typeof (error as { status?: unknown }).status === 'number') return undefined;
    throw error;
  }
}
