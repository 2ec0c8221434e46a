// Builders for GitHub REST objects (users, repositories, pull requests), shared by the API double
// (./double.ts) and the webhook payloads (./payloads.ts). Each builder emits every field that
// GitHub's OpenAPI description marks as required for that object, so responses and payloads
// validate against @octokit/openapi (see double.test.ts), with values shaped like real ones.

export interface Origins {
  /** REST API base, no trailing slash: 'https://api.github.com' or the double's own origin. */
  api: string;
  /** Web base, no trailing slash: 'https://github.com'. */
  web: string;
}

export const GITHUB_ORIGINS: Origins = { api: 'https://api.github.com', web: 'https://github.com' };

/** The user GITHUB_TOKEN acts as. */
export const GITHUB_ACTIONS_BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' as const };

/** GitHub's timestamp format: ISO 8601 without milliseconds. */
export function githubTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Legacy global node id: base64 of "04:User583231" (0 + length of the type name, ':', type, id). */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

/** A stable positive id derived from a name (seeded objects get the same ids in every run). */
export function stableId(name: string, base = 10_000_000): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return base + ((h >>> 0) % 90_000_000);
}

export interface UserRef {
  login: string;
  id?: number | undefined;
  type?: 'User' | 'Bot' | 'Organization' | undefined;
}

export function userObject(user: UserRef, origins: Origins = GITHUB_ORIGINS): Record<string, unknown> {
  const type = user.type ?? (user.login.endsWith('[bot]') ? 'Bot' : 'User');
  const id = user.id ?? (user.login === GITHUB_ACTIONS_BOT.login ? GITHUB_ACTIONS_BOT.id : stableId(user.login));
  const path = encodeURIComponent(user.login);
  const url = `${origins.api}/users/${path}`;
  const htmlUrl = type === 'Bot' ? `${origins.web}/apps/${user.login.replace(/\[bot\]$/, '')}` : `${origins.web}/${user.login}`;
  return {
    login: user.login,
    id,
    node_id: nodeId(type, id),
    avatar_url:
      type === 'Bot' ? `https://avatars.githubusercontent.com/in/${id % 100000}?v=4` : `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: htmlUrl,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export interface RepoRef {
  /** 'owner/name' */
  fullName: string;
  id?: number;
  fork?: boolean;
  private?: boolean;
  defaultBranch?: string;
  ownerType?: 'User' | 'Organization';
}

export function splitRepo(fullName: string): { owner: string; name: string } {
  const [owner, name, extra] = fullName.split('/');
  if (!owner || !name || extra !== undefined) throw new Error(`expected 'owner/repo', got '${fullName}'`);
  return { owner, name };
}

export function repoId(fullName: string): number {
  return stableId(fullName.toLowerCase(), 100_000_000);
}

export function repositoryObject(repo: RepoRef, origins: Origins = GITHUB_ORIGINS): Record<string, unknown> {
  const { owner, name } = splitRepo(repo.fullName);
  const id = repo.id ?? repoId(repo.fullName);
  const url = `${origins.api}/repos/${repo.fullName}`;
  const html = `${origins.web}/${repo.fullName}`;
  const host = new URL(origins.web).host;
  const created = '2024-03-14T09:26:53Z';
  const priv = repo.private ?? false;
  return {
    id,
    node_id: nodeId('Repository', id),
    name,
    full_name: repo.fullName,
    private: priv,
    owner: userObject({ login: owner, type: repo.ownerType ?? 'Organization' }, origins),
    html_url: html,
    description: null,
    fork: repo.fork ?? false,
    url,
    forks_url: `${url}/forks`,
    keys_url: `${url}/keys{/key_id}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    teams_url: `${url}/teams`,
    hooks_url: `${url}/hooks`,
    issue_events_url: `${url}/issues/events{/number}`,
    events_url: `${url}/events`,
    assignees_url: `${url}/assignees{/user}`,
    branches_url: `${url}/branches{/branch}`,
    tags_url: `${url}/tags`,
    blobs_url: `${url}/git/blobs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    trees_url: `${url}/git/trees{/sha}`,
    statuses_url: `${url}/statuses/{sha}`,
    languages_url: `${url}/languages`,
    stargazers_url: `${url}/stargazers`,
    contributors_url: `${url}/contributors`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    commits_url: `${url}/commits{/sha}`,
    git_commits_url: `${url}/git/commits{/sha}`,
    comments_url: `${url}/comments{/number}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    contents_url: `${url}/contents/{+path}`,
    compare_url: `${url}/compare/{base}...{head}`,
    merges_url: `${url}/merges`,
    archive_url: `${url}/{archive_format}{/ref}`,
    downloads_url: `${url}/downloads`,
    issues_url: `${url}/issues{/number}`,
    pulls_url: `${url}/pulls{/number}`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    labels_url: `${url}/labels{/name}`,
    releases_url: `${url}/releases{/id}`,
    deployments_url: `${url}/deployments`,
    created_at: created,
    updated_at: '2026-11-20T16:02:11Z',
    pushed_at: '2026-11-23T08:41:37Z',
    git_url: `git://${host}/${repo.fullName}.git`,
    ssh_url: `git@${host}:${repo.fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 1843,
    stargazers_count: 12,
    watchers_count: 12,
    language: 'TypeScript',
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 3,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: 4,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: priv ? 'private' : 'public',
    forks: 3,
    open_issues: 4,
    watchers: 12,
    default_branch: repo.defaultBranch ?? 'main',
  };
}

export interface PullRequestSpec {
  number: number;
  headSha: string;
  headRef?: string | undefined;
  baseSha?: string | undefined;
  baseRef?: string | undefined;
  /** 'owner/repo' the PR belongs to (its base repository). */
  repo: string;
  /** 'owner/repo' of the head branch; differs from `repo` for a PR from a fork. */
  headRepo?: string | undefined;
  state?: 'open' | 'closed' | undefined;
  title?: string | undefined;
  body?: string | null | undefined;
  author?: string | undefined;
  draft?: boolean | undefined;
  merged?: boolean | undefined;
  createdAt?: string | undefined;
  updatedAt?: string | undefined;
}

/** A pull request with the fields of both pull-request-simple and the full pull-request schema. */
export function pullRequestObject(pr: PullRequestSpec, origins: Origins = GITHUB_ORIGINS): Record<string, unknown> {
  const { owner } = splitRepo(pr.repo);
  const headRepo = pr.headRepo ?? pr.repo;
  const headOwner = splitRepo(headRepo).owner;
  const fork = headRepo.toLowerCase() !== pr.repo.toLowerCase();
  const author = pr.author ?? (fork ? headOwner : 'octocat');
  const id = stableId(`${pr.repo}#${pr.number}`, 1_800_000_000);
  const url = `${origins.api}/repos/${pr.repo}/pulls/${pr.number}`;
  const html = `${origins.web}/${pr.repo}/pull/${pr.number}`;
  const issueUrl = `${origins.api}/repos/${pr.repo}/issues/${pr.number}`;
  const created = pr.createdAt ?? '2026-11-22T14:03:27Z';
  const updated = pr.updatedAt ?? '2026-11-23T08:41:40Z';
  const closed = pr.state === 'closed';
  const merged = closed && (pr.merged ?? false);
  const headRef = pr.headRef ?? 'feature/faster-search';
  const baseRef = pr.baseRef ?? 'main';
  const user = userObject({ login: author, type: 'User' }, origins);
  return {
    url,
    id,
    node_id: nodeId('PullRequest', id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    number: pr.number,
    state: pr.state ?? 'open',
    locked: false,
    title: pr.title ?? 'Speed up the search endpoint',
    user,
    body: pr.body === undefined ? 'Caches the tokenizer between requests.' : pr.body,
    created_at: created,
    updated_at: updated,
    closed_at: closed ? updated : null,
    merged_at: merged ? updated : null,
    merge_commit_sha: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    labels: [],
    milestone: null,
    draft: pr.draft ?? false,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${origins.api}/repos/${pr.repo}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${origins.api}/repos/${pr.repo}/statuses/${pr.headSha}`,
    head: {
      label: `${headOwner}:${headRef}`,
      ref: headRef,
      sha: pr.headSha,
      user: userObject({ login: headOwner, type: fork ? 'User' : 'Organization' }, origins),
      repo: repositoryObject({ fullName: headRepo, fork, ownerType: fork ? 'User' : 'Organization' }, origins),
    },
    base: {
      label: `${owner}:${baseRef}`,
      ref: baseRef,
      sha: pr.baseSha ?? '6dcb09b5b57875f334f61aebed695e2e4193db5e',
      user: userObject({ login: owner, type: 'Organization' }, origins),
      repo: repositoryObject({ fullName: pr.repo }, origins),
    },
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${origins.api}/repos/${pr.repo}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${origins.api}/repos/${pr.repo}/statuses/${pr.headSha}` },
    },
    author_association: fork ? 'CONTRIBUTOR' : 'MEMBER',
    auto_merge: null,
    active_lock_reason: null,
    // Full pull-request fields (pulls/get, webhook payloads).
    merged,
    mergeable: closed ? null : true,
    rebaseable: closed ? null : true,
    mergeable_state: closed ? 'unknown' : 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: fork,
    commits: 3,
    additions: 42,
    deletions: 7,
    changed_files: 4,
  };
}

/** The "Repo Ref" / minimal pull request reference carried by check runs and workflow runs. */
export function pullRequestRef(pr: PullRequestSpec, origins: Origins = GITHUB_ORIGINS): Record<string, unknown> {
  const headRepo = pr.headRepo ?? pr.repo;
  const ref = (fullName: string) => ({
    id: repoId(fullName),
    url: `${origins.api}/repos/${fullName}`,
    name: splitRepo(fullName).name,
  });
  return {
    url: `${origins.api}/repos/${pr.repo}/pulls/${pr.number}`,
    id: stableId(`${pr.repo}#${pr.number}`, 1_800_000_000),
    number: pr.number,
    head: { ref: pr.headRef ?? 'feature/faster-search', sha: pr.headSha, repo: ref(headRepo) },
    base: { ref: pr.baseRef ?? 'main', sha: pr.baseSha ?? '6dcb09b5b57875f334f61aebed695e2e4193db5e', repo: ref(pr.repo) },
  };
}

/** The GitHub Actions app, as check runs created with GITHUB_TOKEN report it. */
export function githubActionsApp(origins: Origins = GITHUB_ORIGINS): Record<string, unknown> {
  return {
    id: 15368,
    slug: 'github-actions',
    client_id: 'Iv1.05c79e9ad1f6bdfa',
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: userObject({ login: 'github', id: 9919, type: 'Organization' }, origins),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${origins.web}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: {
      actions: 'write',
      checks: 'write',
      contents: 'write',
      deployments: 'write',
      issues: 'write',
      metadata: 'read',
      pull_requests: 'write',
      statuses: 'write',
    },
    events: ['branch_protection_rule', 'check_run', 'check_suite', 'pull_request', 'push', 'workflow_run'],
  };
}
