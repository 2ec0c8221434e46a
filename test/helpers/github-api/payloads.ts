// Webhook event payloads as GitHub delivers them to a workflow (the JSON at GITHUB_EVENT_PATH).
//
// Built from the same object builders as the API double, with every field GitHub's `x-webhooks`
// schemas (in @octokit/openapi's description) mark as required, so each payload validates against
// the published schema (double.test.ts checks that). Values follow real deliveries: a PR from a
// fork has head.repo.fork = true, a workflow_run for a fork PR has `pull_requests: []`, and a
// deployment_status has no pull_request at all.

import {
  GITHUB_ORIGINS,
  githubTime,
  nodeId,
  pullRequestObject,
  pullRequestRef,
  repoId,
  repositoryObject,
  splitRepo,
  stableId,
  userObject,
  type PullRequestSpec,
} from './objects.js';

export interface PullRequestEventOptions {
  number: number;
  headSha: string;
  baseSha: string;
  headRef: string;
  baseRef: string;
  /** Base repository 'owner/repo'. */
  repo: string;
  /** PR from a fork: head.repo is 'contributor/<name>' with fork = true. */
  fork?: boolean | undefined;
  /** Default 'synchronize' (a push to the PR branch). */
  action?: 'synchronize' | 'opened' | 'reopened' | undefined;
  /** head sha before the push (synchronize only). */
  before?: string | undefined;
  author?: string | undefined;
  title?: string | undefined;
  draft?: boolean | undefined;
}

/** `pull_request` event (types: synchronize by default). */
export function pullRequestEvent(o: PullRequestEventOptions): Record<string, unknown> {
  const headRepo = o.fork ? `${o.author ?? 'contributor'}/${splitRepo(o.repo).name}` : o.repo;
  const spec: PullRequestSpec = {
    number: o.number,
    headSha: o.headSha,
    baseSha: o.baseSha,
    headRef: o.headRef,
    baseRef: o.baseRef,
    repo: o.repo,
    headRepo,
    author: o.author ?? (o.fork ? 'contributor' : 'octocat'),
    title: o.title,
    draft: o.draft,
  };
  const action = o.action ?? 'synchronize';
  const sender = userObject({ login: spec.author ?? 'octocat', type: 'User' });
  return {
    action,
    number: o.number,
    ...(action === 'synchronize' ? { before: o.before ?? 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e', after: o.headSha } : {}),
    pull_request: pullRequestObject(spec),
    repository: repositoryObject({ fullName: o.repo }),
    organization: organizationObject(splitRepo(o.repo).owner),
    sender,
  };
}

export interface DeploymentStatusEventOptions {
  state: 'pending' | 'success' | 'failure' | 'error' | 'inactive' | 'in_progress' | 'queued';
  /** The deployed URL. Omitted from the payload when undefined (Vercel sends it only with state success). */
  environmentUrl?: string;
  /** The deployed commit (deployment.sha; also GITHUB_SHA for this event). */
  sha: string;
  /** Default 'Preview'. */
  environment?: string;
  /** Login of the deployer app. Default 'vercel[bot]'. */
  creator?: string;
  /** deployment.ref: the branch that was deployed. Default 'feature/faster-search'. */
  ref?: string;
  /** Default 'octo-org/octo-repo'. */
  repo?: string;
  /** The deployer's log page. Default a vercel.com URL. */
  targetUrl?: string;
  description?: string;
  /** Default: environment is not 'Production'. */
  transientEnvironment?: boolean;
  /** Default: environment is 'Production'. */
  productionEnvironment?: boolean;
  deploymentId?: number;
}

/** `deployment_status` event (action 'created'). Carries no pull_request. */
export function deploymentStatusEvent(o: DeploymentStatusEventOptions): Record<string, unknown> {
  const repo = o.repo ?? 'octo-org/octo-repo';
  const environment = o.environment ?? 'Preview';
  const creator = userObject({ login: o.creator ?? 'vercel[bot]', id: o.creator ? undefined : 35613825, type: 'Bot' });
  const deploymentId = o.deploymentId ?? stableId(`${repo}@${o.sha}/${environment}`, 1_900_000_000);
  const statusId = stableId(`${deploymentId}:${o.state}`, 2_600_000_000);
  const api = `${GITHUB_ORIGINS.api}/repos/${repo}`;
  const deploymentUrl = `${api}/deployments/${deploymentId}`;
  const production = o.productionEnvironment ?? environment === 'Production';
  const created = '2026-11-23T08:42:05Z';
  const updated = githubTime(new Date(Date.parse(created) + 60_000));
  const targetUrl = o.targetUrl ?? `https://vercel.com/octo-org/octo-repo/${deploymentId.toString(36)}`;
  const descriptions: Record<string, string> = {
    pending: 'Vercel is deploying your app',
    in_progress: 'Vercel is deploying your app',
    queued: 'Vercel is deploying your app',
    success: 'Deployment has completed',
    failure: 'Deployment has failed',
    error: 'Deployment has failed',
    inactive: 'Deployment is inactive',
  };
  return {
    action: 'created',
    deployment_status: {
      url: `${deploymentUrl}/statuses/${statusId}`,
      id: statusId,
      node_id: nodeId('DeploymentStatus', statusId),
      state: o.state,
      creator,
      description: o.description ?? descriptions[o.state] ?? '',
      environment,
      target_url: targetUrl,
      log_url: targetUrl,
      ...(o.environmentUrl === undefined ? {} : { environment_url: o.environmentUrl }),
      created_at: updated,
      updated_at: updated,
      deployment_url: deploymentUrl,
      repository_url: api,
      performed_via_github_app: null,
    },
    deployment: {
      url: deploymentUrl,
      id: deploymentId,
      node_id: nodeId('Deployment', deploymentId),
      task: 'deploy',
      original_environment: environment,
      environment,
      description: null,
      created_at: created,
      updated_at: updated,
      statuses_url: `${deploymentUrl}/statuses`,
      repository_url: api,
      creator,
      sha: o.sha,
      ref: o.ref ?? 'feature/faster-search',
      payload: {},
      transient_environment: o.transientEnvironment ?? !production,
      production_environment: production,
      performed_via_github_app: null,
    },
    repository: repositoryObject({ fullName: repo }),
    organization: organizationObject(splitRepo(repo).owner),
    sender: creator,
  };
}

export interface WorkflowRunEventOptions {
  /** The head commit the triggering run tested (the PR head, not a merge commit). */
  headSha: string;
  /** Default 'octo-org/octo-repo'. */
  repo?: string;
  /** The PR that triggered the run. Omit for a push-triggered run. */
  pullRequest?: { number: number; headRef?: string; baseRef?: string; baseSha?: string };
  /** The run came from a fork PR: GitHub then sends `pull_requests: []` and head_repository is the fork. */
  fork?: boolean;
  /** Default 'success'. */
  conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | 'stale' | 'startup_failure';
  /** Event of the triggering run. Default 'pull_request'. */
  event?: string;
  /** Run id of the triggering run (to download its artifacts). */
  id?: number;
  /** Triggering workflow's name. Default 'perf'. */
  name?: string;
  headBranch?: string;
  runNumber?: number;
  /** Login of the PR author / pusher. */
  actor?: string;
}

/** `workflow_run` event (action 'completed'), as seen by the privileged second workflow. */
export function workflowRunEvent(o: WorkflowRunEventOptions): Record<string, unknown> {
  const repo = o.repo ?? 'octo-org/octo-repo';
  const { owner, name: repoName } = splitRepo(repo);
  const actorLogin = o.actor ?? (o.fork ? 'contributor' : 'octocat');
  const headRepo = o.fork ? `${actorLogin}/${repoName}` : repo;
  const headBranch = o.headBranch ?? o.pullRequest?.headRef ?? 'feature/faster-search';
  const name = o.name ?? 'perf';
  const workflowPath = `.github/workflows/${name}.yml`;
  const workflowId = stableId(`${repo}:${workflowPath}`, 70_000_000);
  const runId = o.id ?? stableId(`${repo}:${o.headSha}:${name}`, 11_000_000_000);
  const checkSuiteId = stableId(`${repo}@${o.headSha}:suite`, 30_000_000_000);
  const api = `${GITHUB_ORIGINS.api}/repos/${repo}`;
  const web = `${GITHUB_ORIGINS.web}/${repo}`;
  const created = '2026-11-23T08:41:45Z';
  const updated = '2026-11-23T08:44:12Z';
  const actor = userObject({ login: actorLogin, type: 'User' });
  const pr = o.pullRequest;
  const pullRequests =
    pr && !o.fork
      ? [
          pullRequestRef({
            number: pr.number,
            headSha: o.headSha,
            headRef: headBranch,
            baseRef: pr.baseRef,
            baseSha: pr.baseSha,
            repo,
          }),
        ]
      : [];
  return {
    action: 'completed',
    workflow_run: {
      id: runId,
      name,
      node_id: nodeId('WorkflowRun', runId),
      head_branch: headBranch,
      head_sha: o.headSha,
      path: workflowPath,
      display_title: 'Speed up the search endpoint',
      run_number: o.runNumber ?? 128,
      event: o.event ?? 'pull_request',
      status: 'completed',
      conclusion: o.conclusion ?? 'success',
      workflow_id: workflowId,
      check_suite_id: checkSuiteId,
      check_suite_node_id: nodeId('CheckSuite', checkSuiteId),
      url: `${api}/actions/runs/${runId}`,
      html_url: `${web}/actions/runs/${runId}`,
      pull_requests: pullRequests,
      created_at: created,
      updated_at: updated,
      actor,
      run_attempt: 1,
      referenced_workflows: [],
      run_started_at: created,
      triggering_actor: actor,
      jobs_url: `${api}/actions/runs/${runId}/jobs`,
      logs_url: `${api}/actions/runs/${runId}/logs`,
      check_suite_url: `${api}/check-suites/${checkSuiteId}`,
      artifacts_url: `${api}/actions/runs/${runId}/artifacts`,
      cancel_url: `${api}/actions/runs/${runId}/cancel`,
      rerun_url: `${api}/actions/runs/${runId}/rerun`,
      previous_attempt_url: null,
      workflow_url: `${api}/actions/workflows/${workflowId}`,
      head_commit: {
        id: o.headSha,
        tree_id: 'a3f7c1e9b2d84f6a0c5e1b7d9f3a2c4e6b8d0f12',
        message: 'Cache the tokenizer between requests',
        timestamp: '2026-11-23T08:41:30Z',
        author: { name: actorLogin, email: `${actorLogin}@users.noreply.github.com` },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
      repository: repositoryLite(repo),
      head_repository: repositoryLite(headRepo, o.fork),
    },
    workflow: {
      id: workflowId,
      node_id: nodeId('Workflow', workflowId),
      name,
      path: workflowPath,
      state: 'active',
      created_at: '2026-10-01T10:00:00Z',
      updated_at: '2026-11-20T16:02:11Z',
      url: `${api}/actions/workflows/${workflowId}`,
      html_url: `${web}/blob/main/${workflowPath}`,
      badge_url: `${web}/workflows/${name}/badge.svg`,
    },
    repository: repositoryObject({ fullName: repo }),
    organization: organizationObject(owner),
    sender: actor,
  };
}

/** The trimmed repository object workflow_run carries in `repository` / `head_repository`. */
function repositoryLite(fullName: string, fork = false): Record<string, unknown> {
  const full = repositoryObject({ fullName, fork, ownerType: fork ? 'User' : 'Organization' });
  const keep = [
    'id',
    'node_id',
    'name',
    'full_name',
    'private',
    'owner',
    'html_url',
    'description',
    'fork',
    'url',
    'forks_url',
    'keys_url',
    'collaborators_url',
    'teams_url',
    'hooks_url',
    'issue_events_url',
    'events_url',
    'assignees_url',
    'branches_url',
    'tags_url',
    'blobs_url',
    'git_tags_url',
    'git_refs_url',
    'trees_url',
    'statuses_url',
    'languages_url',
    'stargazers_url',
    'contributors_url',
    'subscribers_url',
    'subscription_url',
    'commits_url',
    'git_commits_url',
    'comments_url',
    'issue_comment_url',
    'contents_url',
    'compare_url',
    'merges_url',
    'archive_url',
    'downloads_url',
    'issues_url',
    'pulls_url',
    'milestones_url',
    'notifications_url',
    'labels_url',
    'releases_url',
    'deployments_url',
  ];
  return Object.fromEntries(keep.map((k) => [k, full[k]]));
}

function organizationObject(login: string): Record<string, unknown> {
  const id = repoId(login);
  const url = `${GITHUB_ORIGINS.api}/orgs/${login}`;
  return {
    login,
    id,
    node_id: nodeId('Organization', id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    description: null,
  };
}
