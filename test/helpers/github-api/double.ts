// A local stand-in for api.github.com, for testing the action offline.
//
// Every request is routed and validated against GitHub's published OpenAPI description
// (@octokit/openapi, via openapi-backend), then against the server-side limits the description
// leaves out (comment body length, status description length, check-run output bytes, annotation
// titles, ...). Requests are answered from an in-memory store with GitHub-shaped JSON and headers,
// and every request is recorded. Nothing leaves 127.0.0.1.
//
//   const gh = await startGitHubDouble();
//   process.env.GITHUB_API_URL = gh.url;   // or getOctokit(token, { baseUrl: gh.url })
//   ... run the action ...
//   expect(gh.rejected).toEqual([]);
//   await gh.close();

import { createHash, randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Operation } from 'openapi-backend';
import {
  GITHUB_ACTIONS_BOT,
  githubActionsApp,
  githubTime,
  nodeId,
  pullRequestObject,
  pullRequestRef,
  repoId,
  stableId,
  userObject,
  type Origins,
  type PullRequestSpec,
  type UserRef,
} from './objects.js';
import { loadGitHubOpenApi } from './openapi.js';

// ---------------------------------------------------------------------------------------------
// Public types

export interface DoubleOptions {
  /** A fork PR's GITHUB_TOKEN: every write (POST/PATCH/PUT/DELETE) answers 403 "Resource not accessible by integration". */
  readOnly?: boolean;
  /** A token without `checks: write`: check-run writes answer that 403. */
  checksForbidden?: boolean;
  /** More operationIds that answer that 403 (e.g. ['repos/create-commit-status'] for a token without `statuses: write`). */
  forbidden?: string[];
  /** Author of comments and statuses made through the API when no `user` is given. Default 'github-actions[bot]'. */
  actor?: string;
  /**
   * Makes the token a personal access token of this user: GET /user returns it, comments and
   * statuses are authored by it, and check-run writes answer 403 "You must authenticate via a
   * GitHub App." (as GitHub does for non-app tokens). Default: an installation token (GITHUB_TOKEN).
   */
  user?: { login: string; id?: number; name?: string | null; type?: 'User' | 'Bot' };
  /** Accept only this token (others get 401 "Bad credentials"). Default: any token. */
  token?: string;
  /** 'owner/repo': the only repository that exists (others 404 and are rejected). Default: any repository. */
  repo?: string;
  /** x-ratelimit-limit. Default 1000 (GITHUB_TOKEN), 5000 with `user`. */
  rateLimit?: number;
  /** Web origin used in html_url fields. Default 'https://github.com'. */
  webUrl?: string;
  /** GitHub Pages, published from this branch's root (GET /repos/{owner}/{repo}/pages); default: no Pages site (404). */
  pagesBranch?: string;
}

export type Fault =
  /** 403 + retry-after: 1 + "You have exceeded a secondary rate limit...". */
  | 'secondary-rate-limit'
  /** 403 + x-ratelimit-remaining: 0 + x-ratelimit-reset one second ahead (primary rate limit). */
  | 'rate-limit'
  /** Any status. Without `message` the body is the plain-text reason phrase ("Bad Gateway"). */
  | { status: number; message?: string; headers?: Record<string, string> };

export interface RecordedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path as received (a Link-header URL keeps its /repositories/{id}/ form). */
  path: string;
  query: Record<string, string>;
  /** The matched OpenAPI operation, e.g. 'issues/create-comment'; undefined when none matched. */
  operationId: string | undefined;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  authorization: string | undefined;
  /** Status the double answered with. */
  status: number;
  /** Request headers (lower-case names). */
  headers: Record<string, string>;
  /** Set when the answer came from failNext(): 'secondary-rate-limit', 'rate-limit' or 'status 502'. */
  fault?: string;
  /** When it arrived (performance.now(), ms). */
  receivedAt: number;
}

export interface RejectedRequest extends RecordedRequest {
  /** Why the request broke GitHub's contract. */
  reason: string;
  /** Validation errors (ajv errors for description mismatches, GitHub-style errors for server-side limits). */
  errors?: unknown[];
}

export interface CommentAuthor {
  login: string;
  id: number;
  type: string;
  [field: string]: unknown;
}

/** An issue comment as the REST API returns it. */
export interface IssueComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: CommentAuthor;
  created_at: string;
  updated_at: string;
  author_association: string;
  [field: string]: unknown;
}

export interface SeedComment {
  body: string;
  /** Default 'octocat'. */
  login?: string | undefined;
  /** Default 'Bot' for logins ending in [bot], else 'User'. */
  type?: 'User' | 'Bot' | undefined;
  /** Default: now. */
  createdAt?: Date | string | undefined;
}

export interface SeedPullRequest {
  number: number;
  headSha: string;
  headRef?: string;
  baseSha?: string;
  baseRef?: string;
  /** Base repository 'owner/repo'. Default: options.repo, else whichever repository a request names. */
  repo?: string;
  /** Head repository 'owner/repo' when it is a fork. */
  headRepo?: string | undefined;
  /** Shorthand for headRepo = 'contributor/<repo name>'. */
  fork?: boolean;
  state?: 'open' | 'closed';
  merged?: boolean;
  title?: string;
  body?: string | null;
  author?: string;
  draft?: boolean;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunRecord {
  id: number;
  repo: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  details_url: string | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation received, across create and all updates, in order. */
  annotations: Annotation[];
  actions: unknown[];
  /** Each accepted request body (create, then updates). */
  history: unknown[];
}

export interface CommitStatusRecord {
  id: number;
  repo: string;
  sha: string;
  state: string;
  description: string | null;
  target_url: string | null;
  context: string;
  created_at: string;
  creator: string;
}

/** A commit to seed: its files (path → UTF-8 text), optionally at a given sha and on top of parents. */
export interface SeedCommit {
  files: Record<string, string>;
  /** Default: computed from the content. */
  sha?: string;
  parents?: string[];
  message?: string;
}

/** A file of a pull request, as pulls/list-files returns it. */
export interface SeedPullFile {
  filename: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

export interface GitHubDouble {
  /** Origin to use as GITHUB_API_URL / Octokit baseUrl, e.g. 'http://127.0.0.1:41234'. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Requests that broke the contract (auth, routing, OpenAPI validation, server-side limits). */
  readonly rejected: RejectedRequest[];
  /** Answer the next `times` requests for `operationId` ('*' for any) with `fault`. */
  failNext(operationId: string, fault: Fault, times?: number): void;
  seedComment(issueNumber: number, comment: SeedComment): IssueComment;
  /** `n` comments; `template` fills fields (a function gets the 0-based index). Default bodies 'Comment 1'... by rotating users. */
  seedComments(issueNumber: number, n: number, template?: Partial<SeedComment> | ((index: number) => SeedComment)): IssueComment[];
  seedPullRequest(pr: SeedPullRequest): void;
  /** A commit (and its tree and blobs) in the repository's object store; returns its sha. */
  seedCommit(commit: SeedCommit): string;
  /** Points `ref` ('heads/main') at `sha` (no checks: seeding). */
  setRef(ref: string, sha: string): void;
  /** The sha a ref ('heads/main') points at, if it exists. */
  ref(ref: string): string | undefined;
  /** A file's text at a commit (sha) or ref ('heads/main'), if it exists. */
  fileAt(commitOrRef: string, path: string): string | undefined;
  /** Every path in the tree of a commit (sha) or ref, sorted. */
  pathsAt(commitOrRef: string): string[];
  /** Commit shas reachable from a ref (first-parent and merges), newest first. */
  history(ref: string): string[];
  /** The files a pull request changes (pulls/list-files). */
  seedPullFiles(pullNumber: number, files: SeedPullFile[]): void;
  /** Comments on an issue/PR, ascending id. */
  comments(issueNumber: number): IssueComment[];
  checkRuns(): CheckRunRecord[];
  statuses(): CommitStatusRecord[];
  /** Forget recorded requests and rejections (state stays). */
  clearRecords(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// GitHub's limits and messages

export const LIMITS = {
  commentBody: 65_536,
  statusDescription: 140,
  checkOutputBytes: 65_535,
  annotationsPerRequest: 50,
  annotationTitle: 255,
  perPageMax: 100,
  perPageDefault: 30,
} as const;

export const MESSAGES = {
  requiresAuthentication: 'Requires authentication',
  badCredentials: 'Bad credentials',
  notFound: 'Not Found',
  validationFailed: 'Validation Failed',
  notAccessible: 'Resource not accessible by integration',
  mustBeApp: 'You must authenticate via a GitHub App.',
  secondaryRateLimit: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  problemsParsingJson: 'Problems parsing JSON',
} as const;

const DOCS = 'https://docs.github.com/rest';
const SECONDARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
const PRIMARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit';

/** What GitHub sends in x-accepted-github-permissions on a 403 for these operations. */
const ACCEPTED_PERMISSIONS: Record<string, string> = {
  'issues/create-comment': 'issues=write; pull_requests=write',
  'issues/update-comment': 'issues=write; pull_requests=write',
  'issues/delete-comment': 'issues=write; pull_requests=write',
  'checks/create': 'checks=write',
  'checks/update': 'checks=write',
  'repos/create-commit-status': 'statuses=write',
};

const SHA = /^[0-9a-f]{40}$/i;

// ---------------------------------------------------------------------------------------------
// Internals

interface StoredComment {
  id: number;
  /** undefined: seeded without a repository, visible in every repository. */
  repo: string | undefined;
  issueNumber: number;
  body: string;
  author: UserRef;
  createdAt: string;
  updatedAt: string;
}

interface StoredPull extends Omit<SeedPullRequest, 'repo' | 'fork'> {
  repo: string | undefined;
}

interface Reply {
  status: number;
  body?: unknown;
  /** Plain-text body instead of JSON. */
  text?: string;
  headers?: Record<string, string>;
  /** Record the request as rejected with this reason. */
  reject?: { reason: string; errors?: unknown[] };
  fault?: string;
}

class HttpReply extends Error {
  constructor(readonly reply: Reply) {
    super(reply.reject?.reason ?? `HTTP ${reply.status}`);
  }
}

function errorBody(status: number, message: string, documentationUrl = DOCS, errors?: unknown[]) {
  return {
    message,
    ...(errors ? { errors } : {}),
    documentation_url: documentationUrl,
    status: String(status),
  };
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function requestId(): string {
  const hex = (n: number) => randomBytes(n).toString('hex').toUpperCase();
  return `${hex(2)}:${hex(3)}:${hex(4)}:${hex(4)}:${hex(4)}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function ajvReason(errors: unknown[]): string {
  return errors
    .map((e) => {
      const err = e as { instancePath?: string; message?: string; params?: unknown };
      return `${err.instancePath || '/'} ${err.message ?? 'is invalid'}${err.params ? ` ${JSON.stringify(err.params)}` : ''}`;
    })
    .join('; ');
}

// ---------------------------------------------------------------------------------------------

export async function startGitHubDouble(options: DoubleOptions = {}): Promise<GitHubDouble> {
  const { api } = await loadGitHubOpenApi();

  const requests: RecordedRequest[] = [];
  const rejected: RejectedRequest[] = [];
  const faults = new Map<string, Fault[]>();
  const comments: StoredComment[] = [];
  const pulls: StoredPull[] = [];
  const checkRuns: CheckRunRecord[] = [];
  const statuses: CommitStatusRecord[] = [];
  const repositoriesById = new Map<number, string>();
  const git = createGitStore();
  const pullFiles = new Map<number, SeedPullFile[]>();

  let nextCommentId = 2_500_000_001; // real ids are past 2^31: catches int32 assumptions
  let nextCheckRunId = 30_000_000_001;
  let nextStatusId = 33_000_000_001;

  const rateLimit = options.rateLimit ?? (options.user ? 5000 : 1000);
  const rateLimitReset = Math.floor(Date.now() / 1000) + 3600;
  let rateLimitUsed = 0;

  const defaultRepo = options.repo ?? 'octo-org/octo-repo';
  const apiAuthor: UserRef = options.user
    ? { login: options.user.login, id: options.user.id, type: options.user.type ?? 'User' }
    : options.actor && options.actor !== GITHUB_ACTIONS_BOT.login
      ? { login: options.actor, type: options.actor.endsWith('[bot]') ? 'Bot' : 'User' }
      : GITHUB_ACTIONS_BOT;

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const origins: Origins = { api: url, web: (options.webUrl ?? 'https://github.com').replace(/\/$/, '') };

  // --- git objects ----------------------------------------------------------------------------

  /** Octokit sends `heads/x` with the slash percent-encoded; GitHub accepts both. */
  function decodeRef(raw: string | undefined): string {
    return decodeURIComponent(raw ?? '').replace(/^refs\//, '');
  }

  function renderRef(repo: string, ref: string, sha: string): Record<string, unknown> {
    return {
      ref: `refs/${ref}`,
      node_id: nodeId('Ref', `${repo}:${ref}`),
      url: `${origins.api}/repos/${repo}/git/refs/${ref}`,
      object: { type: 'commit', sha, url: `${origins.api}/repos/${repo}/git/commits/${sha}` },
    };
  }

  function renderCommit(repo: string, sha: string, commit: GitCommit): Record<string, unknown> {
    const person = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com', date: commit.date };
    return {
      sha,
      node_id: nodeId('Commit', sha),
      url: `${origins.api}/repos/${repo}/git/commits/${sha}`,
      html_url: `${origins.web}/${repo}/commit/${sha}`,
      author: person,
      committer: person,
      message: commit.message,
      tree: { sha: commit.tree, url: `${origins.api}/repos/${repo}/git/trees/${commit.tree}` },
      parents: commit.parents.map((p) => ({
        sha: p,
        url: `${origins.api}/repos/${repo}/git/commits/${p}`,
        html_url: `${origins.web}/${repo}/commit/${p}`,
      })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    };
  }

  // --- renderers ------------------------------------------------------------------------------

  const pullFor = (repo: string, number: number) =>
    pulls.find((p) => p.number === number && (p.repo === undefined || sameRepo(p.repo, repo)));

  const pullSpec = (p: StoredPull, repo: string): PullRequestSpec => ({ ...p, repo: p.repo ?? repo });

  function renderComment(c: StoredComment, repoHint?: string): IssueComment {
    const repo = c.repo ?? repoHint ?? defaultRepo;
    const kind = pullFor(repo, c.issueNumber) ? 'pull' : 'issues';
    const apiUrl = `${origins.api}/repos/${repo}/issues/comments/${c.id}`;
    return {
      url: apiUrl,
      html_url: `${origins.web}/${repo}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${origins.api}/repos/${repo}/issues/${c.issueNumber}`,
      id: c.id,
      node_id: nodeId('IssueComment', c.id),
      user: userObject(c.author, origins) as CommentAuthor,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: c.author.type === 'Bot' ? 'NONE' : 'MEMBER',
      body: c.body,
      reactions: {
        url: `${apiUrl}/reactions`,
        total_count: 0,
        '+1': 0,
        '-1': 0,
        laugh: 0,
        hooray: 0,
        confused: 0,
        heart: 0,
        rocket: 0,
        eyes: 0,
      },
      performed_via_github_app: null,
    };
  }

  function renderCheckRun(run: CheckRunRecord): Record<string, unknown> {
    const apiUrl = `${origins.api}/repos/${run.repo}/check-runs/${run.id}`;
    const prs = pulls
      .filter((p) => p.headSha === run.head_sha && !p.headRepo && (p.repo === undefined || sameRepo(p.repo, run.repo)))
      .filter((p) => (p.state ?? 'open') === 'open')
      .map((p) => pullRequestRef(pullSpec(p, run.repo), origins));
    const suiteId = stableId(`${run.repo}@${run.head_sha}`, 20_000_000_000);
    return {
      id: run.id,
      name: run.name,
      node_id: nodeId('CheckRun', run.id),
      head_sha: run.head_sha,
      external_id: run.external_id ?? '',
      url: apiUrl,
      html_url: `${origins.web}/${run.repo}/runs/${run.id}`,
      details_url: run.details_url ?? `${origins.web}/${run.repo}/runs/${run.id}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at,
      completed_at: run.completed_at,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations_count: run.annotations.length,
        annotations_url: `${apiUrl}/annotations`,
      },
      check_suite: { id: suiteId },
      app: githubActionsApp(origins),
      pull_requests: prs,
    };
  }

  function renderStatus(s: CommitStatusRecord): Record<string, unknown> {
    const creator = userObject(apiAuthor, origins);
    return {
      url: `${origins.api}/repos/${s.repo}/statuses/${s.sha}`,
      avatar_url: creator.avatar_url,
      id: s.id,
      node_id: nodeId('StatusContext', s.id),
      state: s.state,
      description: s.description,
      target_url: s.target_url,
      context: s.context,
      created_at: s.created_at,
      updated_at: s.created_at,
      creator,
    };
  }

  function privateUser(user: NonNullable<DoubleOptions['user']>): Record<string, unknown> {
    return {
      ...userObject({ login: user.login, id: user.id, type: user.type ?? 'User' }, origins),
      name: user.name ?? null,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      twitter_username: null,
      notification_email: null,
      public_repos: 8,
      public_gists: 1,
      followers: 20,
      following: 0,
      created_at: '2015-04-01T12:00:00Z',
      updated_at: '2026-11-01T12:00:00Z',
      private_gists: 0,
      total_private_repos: 2,
      owned_private_repos: 2,
      disk_usage: 10240,
      collaborators: 0,
      two_factor_authentication: true,
      plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
    };
  }

  // --- pagination -----------------------------------------------------------------------------

  /** One page of `items` and GitHub's Link header (URLs in GitHub's /repositories/{id}/ form). */
  function paginate<T>(items: T[], query: Record<string, string>, repo: string, restPath: string) {
    const perPageRaw = Number(query.per_page ?? LIMITS.perPageDefault);
    const perPage = Math.min(LIMITS.perPageMax, perPageRaw >= 1 ? Math.floor(perPageRaw) : LIMITS.perPageDefault);
    const pageRaw = Number(query.page ?? 1);
    const page = pageRaw >= 1 ? Math.floor(pageRaw) : 1;
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);

    const id = repoId(repo);
    repositoriesById.set(id, repo);
    const link = (p: number) => {
      const params = new URLSearchParams(query);
      params.delete('page');
      params.append('page', String(p));
      return `<${origins.api}/repositories/${id}${restPath}?${params.toString()}>`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(`${link(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) rels.push(`${link(1)}; rel="first"`);
    const headers: Record<string, string> = rels.length ? { link: rels.join(', ') } : {};
    return { slice, headers };
  }

  // --- server-side rules the description does not carry ----------------------------------------

  function validationFailed(docs: string, reason: string, errors: unknown[]): HttpReply {
    return new HttpReply({ status: 422, body: errorBody(422, MESSAGES.validationFailed, docs, errors), reject: { reason, errors } });
  }

  function noCommit(docs: string, sha: string): HttpReply {
    return new HttpReply({
      status: 422,
      body: errorBody(422, `No commit found for SHA: ${sha}`, docs),
      reject: { reason: `'${sha}' is not a full 40-hex commit SHA` },
    });
  }

  function checkOutputAndAnnotations(body: Record<string, unknown>, docs: string, update: boolean) {
    const output = body.output as Record<string, unknown> | undefined;
    if (!output) return;
    if (update && output.title === undefined) {
      throw new HttpReply({
        status: 422,
        body: errorBody(422, 'Invalid request.\n\n"title" wasn\'t supplied.', docs),
        reject: { reason: 'output.title is required whenever output is sent (checks/update documents it as **Required**)' },
      });
    }
    for (const field of ['summary', 'text'] as const) {
      const value = output[field];
      if (typeof value !== 'string') continue;
      const bytes = Buffer.byteLength(value, 'utf8');
      if (bytes > LIMITS.checkOutputBytes) {
        const message = `${field} exceeds a maximum bytesize of ${LIMITS.checkOutputBytes}`;
        throw validationFailed(docs, `output.${field} is ${bytes} bytes of UTF-8; GitHub allows ${LIMITS.checkOutputBytes}`, [
          { resource: 'CheckRun', code: 'custom', field, message },
        ]);
      }
    }
    const annotations = (output.annotations ?? []) as Annotation[];
    if (annotations.length > LIMITS.annotationsPerRequest) {
      throw new HttpReply({
        status: 422,
        body: errorBody(422, `Invalid request.\n\nNo more than 50 items are allowed; ${annotations.length} were supplied.`, docs),
        reject: { reason: `${annotations.length} annotations in one request; GitHub allows ${LIMITS.annotationsPerRequest}` },
      });
    }
    annotations.forEach((a, i) => {
      if (typeof a.title === 'string' && codePoints(a.title) > LIMITS.annotationTitle) {
        throw validationFailed(
          docs,
          `annotation ${i} title is ${codePoints(a.title)} characters; GitHub allows ${LIMITS.annotationTitle}`,
          [
            {
              resource: 'CheckRun',
              code: 'custom',
              field: 'title',
              message: `title is too long (maximum is ${LIMITS.annotationTitle} characters)`,
            },
          ],
        );
      }
      if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
        throw validationFailed(docs, `annotation ${i} has columns but spans lines ${a.start_line}-${a.end_line}`, [
          {
            resource: 'CheckRun',
            code: 'custom',
            field: 'start_column',
            message: 'start_column and end_column are only allowed when start_line equals end_line',
          },
        ]);
      }
    });
  }

  function checkConclusion(body: Record<string, unknown>, docs: string, existing?: CheckRunRecord) {
    if (body.conclusion === 'stale') {
      throw validationFailed(docs, "conclusion 'stale' can only be set by GitHub", [
        { resource: 'CheckRun', code: 'invalid', field: 'conclusion', message: 'You cannot change a check run conclusion to stale' },
      ]);
    }
    const completing = body.status === 'completed' || body.completed_at !== undefined;
    if (completing && body.conclusion === undefined && !existing?.conclusion) {
      throw new HttpReply({
        status: 422,
        body: errorBody(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.', docs),
        reject: { reason: 'conclusion is required when status is completed or completed_at is given' },
      });
    }
  }

  function serverSideRules(operationId: string, body: Record<string, unknown>, params: Record<string, string>, docs: string) {
    switch (operationId) {
      case 'issues/create-comment':
      case 'issues/update-comment': {
        const length = codePoints(String(body.body));
        if (length > LIMITS.commentBody) {
          throw validationFailed(docs, `comment body is ${length} characters; GitHub allows ${LIMITS.commentBody}`, [
            {
              resource: 'IssueComment',
              code: 'unprocessable',
              field: 'data',
              message: `Body is too long (maximum is ${LIMITS.commentBody} characters)`,
            },
          ]);
        }
        return;
      }
      case 'repos/create-commit-status': {
        if (!SHA.test(params.sha ?? '')) throw noCommit(docs, params.sha ?? '');
        if (typeof body.description === 'string' && codePoints(body.description) > LIMITS.statusDescription) {
          throw validationFailed(
            docs,
            `status description is ${codePoints(body.description)} characters; GitHub allows ${LIMITS.statusDescription}`,
            [
              {
                resource: 'Status',
                code: 'custom',
                field: 'description',
                message: `description is too long (maximum is ${LIMITS.statusDescription} characters)`,
              },
            ],
          );
        }
        return;
      }
      case 'checks/create':
        if (!SHA.test(String(body.head_sha))) throw noCommit(docs, String(body.head_sha));
        checkOutputAndAnnotations(body, docs, false);
        checkConclusion(body, docs);
        return;
      case 'checks/update':
        checkOutputAndAnnotations(body, docs, true);
        checkConclusion(
          body,
          docs,
          checkRuns.find((r) => r.id === Number(params.check_run_id)),
        );
        return;
      default:
        return;
    }
  }

  // --- faults -------------------------------------------------------------------------------

  function takeFault(operationId: string): Fault | undefined {
    for (const key of [operationId, '*']) {
      const queue = faults.get(key);
      if (queue?.length) {
        const fault = queue.shift();
        if (!queue.length) faults.delete(key);
        return fault;
      }
    }
    return undefined;
  }

  function faultReply(fault: Fault, docs: string): Reply {
    if (fault === 'secondary-rate-limit') {
      return {
        status: 403,
        body: errorBody(403, MESSAGES.secondaryRateLimit, SECONDARY_DOCS),
        headers: { 'retry-after': '1' },
        fault,
      };
    }
    if (fault === 'rate-limit') {
      return {
        status: 403,
        body: errorBody(403, 'API rate limit exceeded for installation ID 12345678.', PRIMARY_DOCS),
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': String(rateLimit),
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
        },
        fault,
      };
    }
    const reply: Reply = { status: fault.status, headers: { ...fault.headers }, fault: `status ${fault.status}` };
    if (fault.message === undefined) reply.text = STATUS_CODES[fault.status] ?? 'Error';
    else reply.body = errorBody(fault.status, fault.message, docs);
    return reply;
  }

  // --- operations -----------------------------------------------------------------------------

  function notFound(docs: string): HttpReply {
    return new HttpReply({ status: 404, body: errorBody(404, MESSAGES.notFound, docs) });
  }

  function created(body: Record<string, unknown>, location: string): Reply {
    return { status: 201, body, headers: { location } };
  }

  function handle(
    operationId: string,
    params: Record<string, string>,
    query: Record<string, string>,
    body: Record<string, unknown>,
    docs: string,
  ): Reply {
    const repo = `${params.owner}/${params.repo}`;
    const now = githubTime();
    switch (operationId) {
      case 'issues/list-comments': {
        const issueNumber = Number(params.issue_number);
        const since = query.since ? Date.parse(query.since) : undefined;
        const items = comments
          .filter((c) => c.issueNumber === issueNumber && (c.repo === undefined || sameRepo(c.repo, repo)))
          .filter((c) => since === undefined || Date.parse(c.updatedAt) >= since)
          .sort((a, b) => a.id - b.id);
        const { slice, headers } = paginate(items, query, repo, `/issues/${issueNumber}/comments`);
        return { status: 200, body: slice.map((c) => renderComment(c, repo)), headers };
      }
      case 'issues/create-comment': {
        const comment: StoredComment = {
          id: nextCommentId++,
          repo,
          issueNumber: Number(params.issue_number),
          body: String(body.body),
          author: apiAuthor,
          createdAt: now,
          updatedAt: now,
        };
        comments.push(comment);
        const rendered = renderComment(comment);
        return created(rendered, rendered.url);
      }
      case 'issues/get-comment':
      case 'issues/update-comment':
      case 'issues/delete-comment': {
        const id = Number(params.comment_id);
        const comment = comments.find((c) => c.id === id && (c.repo === undefined || sameRepo(c.repo, repo)));
        if (!comment) throw notFound(docs);
        if (operationId === 'issues/delete-comment') {
          comments.splice(comments.indexOf(comment), 1);
          return { status: 204 };
        }
        if (operationId === 'issues/update-comment') {
          comment.body = String(body.body);
          comment.updatedAt = now;
        }
        return { status: 200, body: renderComment(comment, repo) };
      }
      case 'checks/create': {
        const completed = body.conclusion !== undefined || body.status === 'completed';
        const output = (body.output ?? {}) as Record<string, unknown>;
        const run: CheckRunRecord = {
          id: nextCheckRunId++,
          repo,
          name: String(body.name),
          head_sha: String(body.head_sha),
          status: completed ? 'completed' : String(body.status ?? 'queued'),
          conclusion: completed ? String(body.conclusion) : null,
          started_at: (body.started_at as string | undefined) ?? now,
          completed_at: completed ? ((body.completed_at as string | undefined) ?? now) : null,
          details_url: (body.details_url as string | undefined) ?? null,
          external_id: (body.external_id as string | undefined) ?? null,
          output: {
            title: (output.title as string | undefined) ?? null,
            summary: (output.summary as string | undefined) ?? null,
            text: (output.text as string | undefined) ?? null,
          },
          annotations: [...((output.annotations ?? []) as Annotation[])],
          actions: [...((body.actions ?? []) as unknown[])],
          history: [body],
        };
        checkRuns.push(run);
        const rendered = renderCheckRun(run);
        return created(rendered, String(rendered.url));
      }
      case 'checks/get':
      case 'checks/update': {
        const run = checkRuns.find((r) => r.id === Number(params.check_run_id) && sameRepo(r.repo, repo));
        if (!run) throw notFound(docs);
        if (operationId === 'checks/update') {
          for (const key of ['name', 'details_url', 'external_id', 'started_at'] as const) {
            if (body[key] !== undefined) run[key] = String(body[key]);
          }
          if (body.status !== undefined) run.status = String(body.status);
          if (body.conclusion !== undefined) {
            run.conclusion = String(body.conclusion);
            run.status = 'completed';
          }
          if (run.status === 'completed') run.completed_at = (body.completed_at as string | undefined) ?? run.completed_at ?? now;
          const output = body.output as Record<string, unknown> | undefined;
          if (output) {
            for (const key of ['title', 'summary', 'text'] as const) {
              if (output[key] !== undefined) run.output[key] = String(output[key]);
            }
            run.annotations.push(...((output.annotations ?? []) as Annotation[]));
          }
          if (body.actions) run.actions = [...(body.actions as unknown[])];
          run.history.push(body);
        }
        return { status: 200, body: renderCheckRun(run) };
      }
      case 'checks/list-annotations': {
        const run = checkRuns.find((r) => r.id === Number(params.check_run_id) && sameRepo(r.repo, repo));
        if (!run) throw notFound(docs);
        const items = run.annotations.map((a) => ({
          path: a.path,
          blob_href: `${origins.web}/${repo}/blob/${run.head_sha}/${a.path}`,
          start_line: a.start_line,
          end_line: a.end_line,
          start_column: a.start_column ?? null,
          end_column: a.end_column ?? null,
          annotation_level: a.annotation_level,
          title: a.title ?? null,
          message: a.message,
          raw_details: a.raw_details ?? null,
        }));
        const { slice, headers } = paginate(items, query, repo, `/check-runs/${run.id}/annotations`);
        return { status: 200, body: slice, headers };
      }
      case 'repos/create-commit-status': {
        const status: CommitStatusRecord = {
          id: nextStatusId++,
          repo,
          sha: String(params.sha),
          state: String(body.state),
          description: (body.description as string | null | undefined) ?? null,
          target_url: (body.target_url as string | null | undefined) ?? null,
          context: (body.context as string | undefined) ?? 'default',
          created_at: now,
          creator: apiAuthor.login,
        };
        statuses.push(status);
        const rendered = renderStatus(status);
        return created(rendered, String(rendered.url));
      }
      case 'repos/list-pull-requests-associated-with-commit': {
        // A fork's head commit is not an object of the base repository: GitHub finds no PR for it there.
        const ref = String(params.commit_sha);
        const items = pulls
          .filter((p) => (p.repo === undefined || sameRepo(p.repo, repo)) && !p.headRepo)
          .filter((p) => p.headSha === ref || p.headRef === ref)
          .sort((a, b) => b.number - a.number)
          .map((p) => pullRequestObject(pullSpec(p, repo), origins));
        const { slice, headers } = paginate(items, query, repo, `/commits/${ref}/pulls`);
        return { status: 200, body: slice, headers };
      }
      case 'pulls/get': {
        const pr = pullFor(repo, Number(params.pull_number));
        if (!pr) throw notFound(docs);
        return { status: 200, body: pullRequestObject(pullSpec(pr, repo), origins) };
      }
      case 'pulls/list': {
        const state = query.state ?? 'open';
        const items = pulls
          .filter((p) => p.repo === undefined || sameRepo(p.repo, repo))
          .filter((p) => state === 'all' || (p.state ?? 'open') === state)
          .filter((p) => {
            if (!query.head) return true;
            const [headOwner, ...rest] = query.head.split(':');
            const headRepo = p.headRepo ?? repo;
            return (
              sameRepo(headRepo.split('/')[0] ?? '', headOwner ?? '') &&
              (rest.length === 0 || (p.headRef ?? 'feature/faster-search') === rest.join(':'))
            );
          })
          .filter((p) => !query.base || (p.baseRef ?? 'main') === query.base)
          .sort((a, b) => (query.direction === 'asc' ? a.number - b.number : b.number - a.number))
          .map((p) => pullRequestObject(pullSpec(p, repo), origins));
        const { slice, headers } = paginate(items, query, repo, '/pulls');
        return { status: 200, body: slice, headers };
      }
      case 'git/get-ref': {
        const ref = decodeRef(params.ref);
        const sha = git.refs.get(ref);
        if (sha === undefined) throw notFound(docs);
        return { status: 200, body: renderRef(repo, ref, sha) };
      }
      case 'git/create-ref': {
        const full = String(body.ref);
        const sha = String(body.sha);
        if (!/^refs\/.+\/.+/.test(full)) {
          throw new HttpReply({
            status: 422,
            body: errorBody(422, "Reference name must start with 'refs/' and have at least two slashes.", docs),
            reject: { reason: `bad ref name ${full}` },
          });
        }
        const ref = full.slice('refs/'.length);
        if (git.refs.has(ref)) return { status: 422, body: errorBody(422, 'Reference already exists', docs) };
        if (!git.commits.has(sha)) return { status: 422, body: errorBody(422, 'Object does not exist', docs) };
        git.refs.set(ref, sha);
        return created(renderRef(repo, ref, sha), `${origins.api}/repos/${repo}/git/refs/${ref}`);
      }
      case 'git/update-ref': {
        const ref = decodeRef(params.ref);
        const sha = String(body.sha);
        const head = git.refs.get(ref);
        if (head === undefined) return { status: 422, body: errorBody(422, 'Reference does not exist', docs) };
        if (!git.commits.has(sha)) return { status: 422, body: errorBody(422, 'Object does not exist', docs) };
        if (body.force !== true && !git.descends(sha, head))
          return { status: 422, body: errorBody(422, 'Update is not a fast forward', docs) };
        git.refs.set(ref, sha);
        return { status: 200, body: renderRef(repo, ref, sha) };
      }
      case 'git/get-commit': {
        const commit = git.commits.get(String(params.commit_sha));
        if (!commit) throw notFound(docs);
        return { status: 200, body: renderCommit(repo, String(params.commit_sha), commit) };
      }
      case 'git/create-commit': {
        const tree = String(body.tree);
        const parents = ((body.parents ?? []) as string[]).map(String);
        if (!git.trees.has(tree)) return { status: 422, body: errorBody(422, 'Tree SHA does not exist', docs) };
        const missing = parents.find((p) => !git.commits.has(p));
        if (missing !== undefined)
          return { status: 422, body: errorBody(422, 'Parent SHA does not exist or is not a commit object', docs) };
        const sha = git.addCommit({ tree, parents, message: String(body.message), date: now });
        return created(renderCommit(repo, sha, git.commits.get(sha)!), `${origins.api}/repos/${repo}/git/commits/${sha}`);
      }
      case 'git/get-tree': {
        const sha = String(params.tree_sha);
        const tree = git.trees.get(sha) ?? git.trees.get(git.commits.get(sha)?.tree ?? '');
        if (!tree) throw notFound(docs);
        const recursive = query.recursive !== undefined && query.recursive !== '' && query.recursive !== '0' && query.recursive !== 'false';
        const entries = recursive ? git.walk(tree) : tree.map((e) => ({ ...e }));
        return {
          status: 200,
          body: {
            sha,
            url: `${origins.api}/repos/${repo}/git/trees/${sha}`,
            truncated: false,
            tree: entries.map((e) => ({
              path: e.path,
              mode: e.mode,
              type: e.type,
              sha: e.sha,
              ...(e.type === 'blob' ? { size: git.blobs.get(e.sha)?.length ?? 0 } : {}),
              url: `${origins.api}/repos/${repo}/git/${e.type === 'blob' ? 'blobs' : 'trees'}/${e.sha}`,
            })),
          },
        };
      }
      case 'git/create-tree': {
        const entries = body.tree as { path: string; mode: string; type: string; sha?: string | null; content?: string }[];
        const baseTree = body.base_tree === undefined ? undefined : String(body.base_tree);
        if (baseTree !== undefined && !git.trees.has(baseTree)) return { status: 422, body: errorBody(422, 'Invalid tree info', docs) };
        const flat = baseTree === undefined ? new Map<string, string>() : git.flatten(baseTree);
        for (const entry of entries) {
          if (entry.type !== 'blob' || entry.mode !== '100644') {
            return {
              status: 501,
              body: errorBody(501, 'not implemented', docs),
              reject: { reason: `the double only implements blob entries with mode 100644, got ${entry.type} ${entry.mode}` },
            };
          }
          if (entry.sha === null) flat.delete(entry.path);
          else if (entry.content !== undefined) flat.set(entry.path, git.addBlob(Buffer.from(entry.content, 'utf8')));
          else if (entry.sha !== undefined && git.blobs.has(entry.sha)) flat.set(entry.path, entry.sha);
          else return { status: 422, body: errorBody(422, 'tree.sha is not a valid blob', docs) };
        }
        const sha = git.writeTree(flat);
        const tree = git.trees.get(sha)!;
        return created(
          {
            sha,
            url: `${origins.api}/repos/${repo}/git/trees/${sha}`,
            truncated: false,
            tree: tree.map((e) => ({ ...e, url: `${origins.api}/repos/${repo}/git/${e.type}s/${e.sha}` })),
          },
          `${origins.api}/repos/${repo}/git/trees/${sha}`,
        );
      }
      case 'git/create-blob': {
        const encoding = (body.encoding as string | undefined) ?? 'utf-8';
        const content = Buffer.from(String(body.content), encoding === 'base64' ? 'base64' : 'utf8');
        const sha = git.addBlob(content);
        return created({ url: `${origins.api}/repos/${repo}/git/blobs/${sha}`, sha }, `${origins.api}/repos/${repo}/git/blobs/${sha}`);
      }
      case 'git/get-blob': {
        const sha = String(params.file_sha);
        const blob = git.blobs.get(sha);
        if (!blob) throw notFound(docs);
        return {
          status: 200,
          body: {
            sha,
            node_id: nodeId('Blob', sha),
            size: blob.length,
            url: `${origins.api}/repos/${repo}/git/blobs/${sha}`,
            content: blob.toString('base64'),
            encoding: 'base64',
          },
        };
      }
      case 'repos/get-pages': {
        if (options.pagesBranch === undefined) throw notFound(docs);
        const [owner, name] = repo.split('/') as [string, string];
        return {
          status: 200,
          body: {
            url: `${origins.api}/repos/${repo}/pages`,
            status: 'built',
            cname: null,
            custom_404: false,
            html_url: `https://${owner.toLowerCase()}.github.io/${name}/`,
            source: { branch: options.pagesBranch, path: '/' },
            public: true,
            https_enforced: true,
            build_type: 'legacy',
          },
        };
      }
      case 'repos/get-content': {
        const path = decodeURIComponent(params.path ?? '');
        const at = git.resolve(query.ref ?? 'heads/main');
        const blobSha = at === undefined ? undefined : git.flatten(git.commits.get(at)!.tree).get(path);
        if (blobSha === undefined) throw notFound(docs);
        const blob = git.blobs.get(blobSha)!;
        const name = path.split('/').pop() ?? path;
        const self = `${origins.api}/repos/${repo}/contents/${path}?ref=${query.ref ?? 'main'}`;
        return {
          status: 200,
          body: {
            type: 'file',
            encoding: 'base64',
            size: blob.length,
            name,
            path,
            content: blob.toString('base64').replace(/(.{60})/g, '$1\n'),
            sha: blobSha,
            url: self,
            git_url: `${origins.api}/repos/${repo}/git/blobs/${blobSha}`,
            html_url: `${origins.web}/${repo}/blob/${at}/${path}`,
            download_url: `https://raw.githubusercontent.com/${repo}/${at}/${path}`,
            _links: { self, git: `${origins.api}/repos/${repo}/git/blobs/${blobSha}`, html: `${origins.web}/${repo}/blob/${at}/${path}` },
          },
        };
      }
      case 'pulls/list-files': {
        const number = Number(params.pull_number);
        if (!pullFor(repo, number)) throw notFound(docs);
        const items = (pullFiles.get(number) ?? []).map((f) => ({
          sha: createHash('sha1').update(f.filename).digest('hex'),
          filename: f.filename,
          status: f.status ?? 'modified',
          additions: 1,
          deletions: 1,
          changes: 2,
          blob_url: `${origins.web}/${repo}/blob/HEAD/${f.filename}`,
          raw_url: `${origins.web}/${repo}/raw/HEAD/${f.filename}`,
          contents_url: `${origins.api}/repos/${repo}/contents/${f.filename}`,
          patch: '@@ -1 +1 @@',
        }));
        const { slice, headers } = paginate(items, query, repo, `/pulls/${number}/files`);
        return { status: 200, body: slice, headers };
      }
      case 'users/get-authenticated': {
        if (!options.user) {
          return {
            status: 403,
            body: errorBody(403, MESSAGES.notAccessible, docs),
          };
        }
        return { status: 200, body: privateUser(options.user), headers: { 'x-oauth-scopes': 'repo, workflow' } };
      }
      default:
        return {
          status: 501,
          body: errorBody(501, `The GitHub double does not implement ${operationId}`, docs),
          reject: { reason: `operation ${operationId} exists in the description but is not implemented by the double` },
        };
    }
  }

  // --- request pipeline -----------------------------------------------------------------------

  function isWrite(method: string): boolean {
    return method !== 'GET' && method !== 'HEAD';
  }

  async function dispatch(req: IncomingMessage, record: RecordedRequest): Promise<Reply> {
    const rawBody = await readBody(req);
    if (rawBody.trim() !== '') {
      try {
        record.body = JSON.parse(rawBody);
      } catch {
        record.body = rawBody;
        return { status: 400, body: errorBody(400, MESSAGES.problemsParsingJson), reject: { reason: 'request body is not valid JSON' } };
      }
    }

    const auth = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(record.authorization ?? '');
    if (!auth) {
      return {
        status: 401,
        body: errorBody(401, MESSAGES.requiresAuthentication),
        reject: {
          reason: record.authorization
            ? `malformed authorization header '${record.authorization.split(' ')[0]} …'`
            : 'no authorization header',
        },
      };
    }
    if (options.token !== undefined && auth[1] !== options.token) {
      return { status: 401, body: errorBody(401, MESSAGES.badCredentials), reject: { reason: 'wrong token' } };
    }

    // Link headers point at /repositories/{id}/...: route them as the /repos/{owner}/{repo}/... they stand for.
    let path = record.path;
    const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
    if (byId) {
      const fullName = repositoriesById.get(Number(byId[1]));
      if (fullName) path = `/repos/${fullName}${byId[2] ?? ''}`;
    }

    const request = { method: record.method.toLowerCase(), path, headers: record.headers, query: record.query };
    const operation: Operation | undefined = api.matchOperation(request);
    if (!operation) {
      return { status: 404, body: errorBody(404, MESSAGES.notFound), reject: { reason: 'no such operation' } };
    }
    const operationId = String(operation.operationId);
    record.operationId = operationId;
    const docs = (operation.externalDocs as { url?: string } | undefined)?.url ?? DOCS;

    const validation = api.validateRequest(
      { ...request, body: record.body === undefined ? undefined : structuredClone(record.body as object) },
      operation,
    );
    if (!validation.valid) {
      const errors = (validation.errors ?? []) as unknown[];
      return {
        status: 422,
        body: errorBody(422, MESSAGES.validationFailed, docs, errors),
        reject: { reason: `does not match the OpenAPI description: ${ajvReason(errors)}`, errors },
      };
    }
    const params = (api.router.parseRequest(request, operation).params ?? {}) as Record<string, string>;

    if (
      params.owner !== undefined &&
      params.repo !== undefined &&
      options.repo &&
      !sameRepo(`${params.owner}/${params.repo}`, options.repo)
    ) {
      return {
        status: 404,
        body: errorBody(404, MESSAGES.notFound, docs),
        reject: { reason: `repository ${params.owner}/${params.repo} does not exist here (the double serves ${options.repo})` },
      };
    }

    const body = (record.body ?? {}) as Record<string, unknown>;
    serverSideRules(operationId, body, params, docs);

    const fault = takeFault(operationId);
    if (fault) return faultReply(fault, docs);

    const write = isWrite(record.method);
    const forbidden =
      (write && options.readOnly) ||
      (write && options.checksForbidden && operationId.startsWith('checks/')) ||
      options.forbidden?.includes(operationId);
    if (forbidden) {
      const accepted = ACCEPTED_PERMISSIONS[operationId];
      return {
        status: 403,
        body: errorBody(403, MESSAGES.notAccessible, docs),
        headers: accepted ? { 'x-accepted-github-permissions': accepted } : {},
      };
    }
    if (options.user && write && operationId.startsWith('checks/')) {
      return { status: 403, body: errorBody(403, MESSAGES.mustBeApp, docs) };
    }

    return handle(operationId, params, record.query, body, docs);
  }

  function send(res: ServerResponse, reply: Reply): void {
    rateLimitUsed++;
    const headers: Record<string, string> = {
      'x-github-request-id': requestId(),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': String(rateLimit),
      'x-ratelimit-remaining': String(Math.max(0, rateLimit - rateLimitUsed)),
      'x-ratelimit-reset': String(rateLimitReset),
      'x-ratelimit-used': String(rateLimitUsed),
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    };
    let payload = '';
    if (reply.text !== undefined) {
      headers['content-type'] = 'text/plain; charset=utf-8';
      payload = reply.text;
    } else if (reply.status !== 204 && reply.body !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      payload = JSON.stringify(reply.body);
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const parsed = new URL(req.url ?? '/', url);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const record: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      operationId: undefined,
      body: undefined,
      authorization: headers.authorization,
      status: 0,
      headers,
      receivedAt: performance.now(),
    };
    requests.push(record);

    dispatch(req, record)
      .catch((error: unknown): Reply => {
        if (error instanceof HttpReply) return error.reply;
        return {
          status: 500,
          body: errorBody(500, `GitHub double crashed: ${error instanceof Error ? error.message : String(error)}`),
          reject: { reason: `double error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` },
        };
      })
      .then((reply) => {
        record.status = reply.status;
        if (reply.fault) record.fault = reply.fault;
        if (reply.reject) rejected.push({ ...record, ...reply.reject });
        send(res, reply);
      })
      .catch(() => res.destroy());
  });

  // --- public surface -------------------------------------------------------------------------

  function seedOne(issueNumber: number, seed: SeedComment): StoredComment {
    const login = seed.login ?? 'octocat';
    const at = seed.createdAt === undefined ? githubTime() : githubTime(new Date(seed.createdAt));
    const comment: StoredComment = {
      id: nextCommentId++,
      repo: options.repo,
      issueNumber,
      body: seed.body,
      author: { login, type: seed.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User') },
      createdAt: at,
      updatedAt: at,
    };
    comments.push(comment);
    return comment;
  }

  const others = ['octocat', 'hubot', 'monalisa', 'vercel[bot]', 'codecov[bot]'];

  return {
    url,
    requests,
    rejected,
    failNext(operationId, fault, times = 1) {
      if (operationId !== '*' && !api.getOperation(operationId)) {
        throw new Error(`failNext: no operation '${operationId}' in the OpenAPI description`);
      }
      const queue = faults.get(operationId) ?? [];
      for (let i = 0; i < times; i++) queue.push(fault);
      faults.set(operationId, queue);
    },
    seedComment(issueNumber, seed) {
      return renderComment(seedOne(issueNumber, seed));
    },
    seedComments(issueNumber, n, template) {
      const out: IssueComment[] = [];
      for (let i = 0; i < n; i++) {
        const base: SeedComment = { body: `Comment ${i + 1}`, login: others[i % others.length] };
        const seed = typeof template === 'function' ? template(i) : { ...base, ...template };
        out.push(renderComment(seedOne(issueNumber, seed)));
      }
      return out;
    },
    seedPullRequest(pr) {
      const { fork, repo, ...rest } = pr;
      const base = repo ?? options.repo;
      const headRepo = pr.headRepo ?? (fork ? `contributor/${(base ?? defaultRepo).split('/')[1]}` : undefined);
      pulls.push({ ...rest, repo: base, headRepo });
    },
    seedCommit(commit) {
      const flat = new Map<string, string>();
      for (const [path, text] of Object.entries(commit.files)) flat.set(path, git.addBlob(Buffer.from(text, 'utf8')));
      return git.addCommit(
        { tree: git.writeTree(flat), parents: commit.parents ?? [], message: commit.message ?? 'seed', date: githubTime() },
        commit.sha,
      );
    },
    setRef(ref, sha) {
      git.refs.set(ref.replace(/^refs\//, ''), sha);
    },
    ref(ref) {
      return git.refs.get(ref.replace(/^refs\//, ''));
    },
    fileAt(commitOrRef, path) {
      const at = git.resolve(commitOrRef);
      const blob = at === undefined ? undefined : git.flatten(git.commits.get(at)!.tree).get(path);
      return blob === undefined ? undefined : git.blobs.get(blob)!.toString('utf8');
    },
    pathsAt(commitOrRef) {
      const at = git.resolve(commitOrRef);
      return at === undefined ? [] : [...git.flatten(git.commits.get(at)!.tree).keys()].sort();
    },
    history(ref) {
      const head = git.refs.get(ref.replace(/^refs\//, ''));
      const seen: string[] = [];
      const queue = head === undefined ? [] : [head];
      while (queue.length > 0) {
        const sha = queue.shift()!;
        if (seen.includes(sha)) continue;
        seen.push(sha);
        queue.push(...(git.commits.get(sha)?.parents ?? []));
      }
      return seen;
    },
    seedPullFiles(pullNumber, files) {
      pullFiles.set(pullNumber, [...(pullFiles.get(pullNumber) ?? []), ...files]);
    },
    comments(issueNumber) {
      return comments
        .filter((c) => c.issueNumber === issueNumber)
        .sort((a, b) => a.id - b.id)
        .map((c) => renderComment(c));
    },
    checkRuns() {
      return structuredClone(checkRuns);
    },
    statuses() {
      return structuredClone(statuses);
    },
    clearRecords() {
      requests.length = 0;
      rejected.length = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// An in-memory git object store: blobs, trees (nested, as git keeps them), commits and refs.

interface GitCommit {
  tree: string;
  parents: string[];
  message: string;
  date: string;
}

interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree';
  sha: string;
}

function sha1(text: string | Buffer): string {
  return createHash('sha1').update(text).digest('hex');
}

function createGitStore() {
  const blobs = new Map<string, Buffer>();
  const trees = new Map<string, TreeEntry[]>();
  const commits = new Map<string, GitCommit>();
  /** 'heads/main' → commit sha. */
  const refs = new Map<string, string>();

  function addBlob(content: Buffer): string {
    const sha = sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
    blobs.set(sha, content);
    return sha;
  }

  /** Builds the nested trees for a flat path → blob map; returns the root tree's sha. */
  function writeTree(flat: Map<string, string>): string {
    const files: TreeEntry[] = [];
    const dirs = new Map<string, Map<string, string>>();
    for (const [path, sha] of flat) {
      const slash = path.indexOf('/');
      if (slash < 0) files.push({ path, mode: '100644', type: 'blob', sha });
      else {
        const dir = path.slice(0, slash);
        const inner = dirs.get(dir) ?? new Map<string, string>();
        inner.set(path.slice(slash + 1), sha);
        dirs.set(dir, inner);
      }
    }
    const entries = [
      ...files,
      ...[...dirs].map(([dir, inner]): TreeEntry => ({ path: dir, mode: '040000', type: 'tree', sha: writeTree(inner) })),
    ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const sha = sha1(`tree ${JSON.stringify(entries)}`);
    trees.set(sha, entries);
    return sha;
  }

  /** Every entry below a tree, paths from its root (trees and blobs, as get-tree with recursive lists them). */
  function walk(tree: TreeEntry[], prefix = ''): TreeEntry[] {
    return tree.flatMap((e) => {
      const entry = { ...e, path: `${prefix}${e.path}` };
      return e.type === 'tree' ? [entry, ...walk(trees.get(e.sha) ?? [], `${entry.path}/`)] : [entry];
    });
  }

  function flatten(treeSha: string): Map<string, string> {
    return new Map(
      walk(trees.get(treeSha) ?? [])
        .filter((e) => e.type === 'blob')
        .map((e) => [e.path, e.sha]),
    );
  }

  function addCommit(commit: GitCommit, sha?: string): string {
    const id = sha ?? sha1(`commit ${JSON.stringify(commit)} ${randomBytes(4).toString('hex')}`);
    commits.set(id, commit);
    return id;
  }

  /** Whether `sha` is `ancestor` or has it among its ancestors (a fast-forward from `ancestor`). */
  function descends(sha: string, ancestor: string): boolean {
    const queue = [sha];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (next === ancestor) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(commits.get(next)?.parents ?? []));
    }
    return false;
  }

  /** A commit sha, or a ref ('heads/main', 'refs/heads/main', or a bare branch name). */
  function resolve(commitOrRef: string): string | undefined {
    if (commits.has(commitOrRef)) return commitOrRef;
    const ref = commitOrRef.replace(/^refs\//, '');
    return refs.get(ref) ?? refs.get(`heads/${ref}`);
  }

  return { blobs, trees, commits, refs, addBlob, writeTree, walk, flatten, addCommit, descends, resolve };
}
