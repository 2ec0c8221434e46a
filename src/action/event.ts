import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { GitHubReadError, InputError, errorMessage } from '../errors.js';
import type { GitHubClient } from '../github/client.js';
import type { Repo } from '../github/client.js';

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
  /** workflow_run events: the commit the triggering run tested, and its pull requests (none for a fork's). */
  workflowRun?: { headSha: string; pullRequests: number[] };
  apiUrl: string;
  runUrl?: string;
  workspace: string;
}

/**
 * The fields perf-gate reads of the event payload, checked: a payload is the runner's, but a
 * workflow can hand over another file (or a fork a strange event), and a missing field must be
 * named, not met as "cannot read properties of undefined". Other fields are ignored.
 */
const sha = z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-character commit sha');
const PayloadSchema = z.object({
  pull_request: z
    .object({
      number: z.number({ error: 'expected the pull request number' }).int().positive(),
      head: z.object({ sha }, { error: "expected the pull request's head commit" }),
      base: z.object({ sha: sha.optional() }).optional(),
    })
    .optional(),
  deployment_status: z
    .object({ state: z.string().optional(), environment_url: z.string().optional(), target_url: z.string().optional() })
    .optional(),
  deployment: z.object({ sha: z.string().optional() }).optional(),
  /** repository_dispatch: the event type, e.g. vercel.deployment.success. */
  action: z.string().optional(),
  client_payload: z.object({ url: z.unknown(), git: z.object({ sha: z.unknown() }).optional() }).optional(),
  workflow_run: z
    .object({
      head_sha: sha,
      pull_requests: z.array(z.object({ number: z.number().int().positive() })).optional(),
    })
    .optional(),
});
type Payload = z.infer<typeof PayloadSchema>;

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
    const url = status.environment_url || status.target_url;
    return {
      ...context,
      headSha: payload.deployment?.sha ?? context.headSha,
      ...(status.state ? { deploymentState: status.state } : {}),
      ...(url ? { deploymentUrl: url } : {}),
    };
  }
  if (eventName === 'workflow_run' && payload.workflow_run !== undefined) {
    const run = payload.workflow_run;
    return { ...context, workflowRun: { headSha: run.head_sha, pullRequests: (run.pull_requests ?? []).map((pr) => pr.number) } };
  }
  if (eventName === 'repository_dispatch') {
    // Vercel: { action: "vercel.deployment.success", client_payload: { url, git: { sha, ref }, state: { type } } }.
    const action = payload.action ?? '';
    const client: NonNullable<Payload['client_payload']> = payload.client_payload ?? { url: undefined };
    const sha = typeof client.git?.sha === 'string' ? client.git.sha : undefined;
    const deploymentUrl =
      typeof client.url === 'string' ? (/^https?:\/\//.test(client.url) ? client.url : `https://${client.url}`) : undefined;
    return {
      ...context,
      ...(sha === undefined ? {} : { headSha: sha }),
      deploymentState: VERCEL_READY_EVENTS.includes(action) ? 'success' : action || 'unknown',
      ...(deploymentUrl === undefined ? {} : { deploymentUrl }),
    };
  }
  return context;
}

/** The head as a full commit sha, when it is one (GITHUB_SHA can be anything outside a runner); null otherwise. */
export function headCommit(context: RunContext): string | null {
  return /^[0-9a-f]{40}$/.test(context.headSha) ? context.headSha : null;
}

/** A deployment carries no pull request: find the open one whose head is the deployed commit. */
async function pullRequestForCommit(
  client: GitHubClient,
  repo: Repo,
  sha: string,
): Promise<{ number: number; baseSha: string } | undefined> {
  const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
  const pr = data.find((p) => p.head.sha === sha && p.state === 'open') ?? data[0];
  return pr === undefined ? undefined : { number: pr.number, baseSha: pr.base.sha };
}

/**
 * The pull request the run is about: the event's, or for a deployment the one whose head is the
 * deployed commit. A failed look-up is never taken for "no pull request": that would judge the
 * deployment by its own checkout's suite file and baseline.
 */
export async function pullRequestOfRun(client: GitHubClient, context: RunContext): Promise<RunContext['pullRequest']> {
  if (context.pullRequest !== undefined || !isDeploymentEvent(context.eventName)) return context.pullRequest;
  try {
    return await pullRequestForCommit(client, context.repo, context.headSha);
  } catch (error) {
    throw new GitHubReadError(
      `could not look up the pull request of the deployed commit ${context.headSha.slice(0, 7)} (${errorMessage(error)}): ` +
        "perf-gate will not judge it by the deployment's own suite file and baseline; give the token pull-requests: read (or contents: read), then re-run",
    );
  }
}

/** Events whose target is a deployment the event names, and whose pull request is found by the deployed sha. */
export function isDeploymentEvent(eventName: string): boolean {
  return eventName === 'deployment_status' || eventName === 'repository_dispatch';
}

async function readPayload(path: string | undefined): Promise<Payload> {
  if (!path) return {};
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read the event payload ${path}: ${(error as Error).message}`);
  }
  const parsed = PayloadSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(top level)';
  throw new InputError(`event payload ${path}: ${field}: ${issue.message}`);
}
