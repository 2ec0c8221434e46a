import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { GitHubClient } from '../github/client.js';
import type { Repo } from '../github/sticky-comment.js';

/** What the run is about, read from the runner's environment and event payload. */
export interface RunContext {
  repo: Repo;
  eventName: string;
  /** The commit to report on: a pull request's head (never the merge commit), a deployment's sha, or GITHUB_SHA. */
  headSha: string;
  pullRequest?: { number: number; baseSha?: string };
  /** deployment_status events: the deployment's URL, when its state is success. */
  deploymentUrl?: string;
  deploymentState?: string;
  apiUrl: string;
  runUrl?: string;
  workspace: string;
}

interface Payload {
  pull_request?: { number: number; head: { sha: string }; base?: { sha?: string } };
  deployment_status?: { state?: string; environment_url?: string; target_url?: string };
  deployment?: { sha?: string };
  /** repository_dispatch: the event type, e.g. vercel.deployment.success. */
  action?: string;
  client_payload?: { url?: unknown; git?: { sha?: unknown } };
}

/** Vercel's repository_dispatch types that mean a deployment is built and serving. */
export const VERCEL_READY_EVENTS = ['vercel.deployment.success', 'vercel.deployment.ready'];

export async function readRunContext(env: NodeJS.ProcessEnv): Promise<RunContext> {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new InputError('GITHUB_REPOSITORY is not set: perf-gate runs as a GitHub Action step');
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const payload = await readPayload(env.GITHUB_EVENT_PATH);
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const context: RunContext = {
    repo: { owner, repo },
    eventName,
    headSha: env.GITHUB_SHA ?? '',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    ...(env.GITHUB_RUN_ID ? { runUrl: `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` } : {}),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
  };
  const pr = payload.pull_request;
  if (pr !== undefined) {
    return {
      ...context,
      headSha: pr.head.sha,
      pullRequest: { number: pr.number, ...(pr.base?.sha ? { baseSha: pr.base.sha } : {}) },
    };
  }
  if (eventName === 'deployment_status') {
    const status = payload.deployment_status ?? {};
    return {
      ...context,
      headSha: payload.deployment?.sha ?? context.headSha,
      ...(status.state ? { deploymentState: status.state } : {}),
      ...(status.environment_url || status.target_url ? { deploymentUrl: status.environment_url || status.target_url } : {}),
    };
  }
  if (eventName === 'repository_dispatch') {
    // Vercel: { action: "vercel.deployment.success", client_payload: { url, git: { sha, ref }, state: { type } } }.
    const action = payload.action ?? '';
    const client = payload.client_payload ?? {};
    const sha = typeof client.git?.sha === 'string' ? client.git.sha : undefined;
    const deploymentUrl = typeof client.url === 'string' ? (/^https?:\/\//.test(client.url) ? client.url : `https://${client.url}`) : undefined;
    return {
      ...context,
      ...(sha === undefined ? {} : { headSha: sha }),
      deploymentState: VERCEL_READY_EVENTS.includes(action) ? 'success' : action || 'unknown',
      ...(deploymentUrl === undefined ? {} : { deploymentUrl }),
    };
  }
  return context;
}

/** A deployment carries no pull request: find the open one whose head is the deployed commit. */
export async function pullRequestForCommit(client: GitHubClient, repo: Repo, sha: string): Promise<{ number: number; baseSha: string } | undefined> {
  const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
  const pr = data.find((p) => p.head.sha === sha && p.state === 'open') ?? data[0];
  return pr === undefined ? undefined : { number: pr.number, baseSha: pr.base.sha };
}

/** Events whose target is a deployment the event names, and whose pull request is found by the deployed sha. */
export function isDeploymentEvent(eventName: string): boolean {
  return eventName === 'deployment_status' || eventName === 'repository_dispatch';
}

async function readPayload(path: string | undefined): Promise<Payload> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Payload;
  } catch (error) {
    throw new InputError(`cannot read the event payload ${path}: ${(error as Error).message}`);
  }
}
