import { getOctokit } from '@actions/github';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubDouble, type DoubleOptions, type GitHubDouble } from './double.js';
import { loadGitHubOpenApi, validateResponseBody, validateWebhookPayload } from './openapi.js';
import { deploymentStatusEvent, pullRequestEvent, workflowRunEvent } from './payloads.js';

const HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
const BASE = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const REPO = '/repos/octo-org/octo-repo';

const open: GitHubDouble[] = [];
async function double(options?: DoubleOptions): Promise<GitHubDouble> {
  const gh = await startGitHubDouble(options);
  open.push(gh);
  return gh;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((gh) => gh.close()));
});

interface Answer {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}
async function call(
  gh: GitHubDouble,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: 'token ghs_test' },
): Promise<Answer> {
  const res = await fetch(path.startsWith('http') ? path : gh.url + path, {
    method,
    headers: { accept: 'application/vnd.github+json', 'content-type': 'application/json', ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('application/json') ? JSON.parse(text) : undefined;
  return { status: res.status, json, text, headers: res.headers };
}

function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="(\w+)"/.exec(part);
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

const checkRun = (extra: Record<string, unknown> = {}) => ({
  name: 'perf-gate',
  head_sha: HEAD,
  status: 'in_progress',
  output: { title: 'perf-gate', summary: 'Measuring…' },
  ...extra,
});

const annotation = (i: number, extra: Record<string, unknown> = {}) => ({
  path: 'perf-gate.yml',
  start_line: i + 1,
  end_line: i + 1,
  annotation_level: 'warning',
  message: `route ${i} regressed`,
  ...extra,
});

beforeAll(async () => {
  await loadGitHubOpenApi(); // parse + init once for the whole file (~1 s)
});

describe('GitHub REST double', () => {
  it('accepts and stores a valid create-comment, with GitHub-shaped JSON and headers', async () => {
    const gh = await double();
    const res = await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: '<!-- perf-gate -->\nAll good' });

    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]+(:[0-9A-F]+){4}$/);
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('999');
    expect(res.headers.get('x-ratelimit-used')).toBe('1');
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(res.headers.get('location')).toBe(`${gh.url}${REPO}/issues/comments/${res.json.id}`);
    expect(res.json).toMatchObject({
      body: '<!-- perf-gate -->\nAll good',
      user: { login: 'github-actions[bot]', type: 'Bot', id: 41898282 },
      html_url: `https://github.com/octo-org/octo-repo/issues/7#issuecomment-${res.json.id}`,
    });
    expect(res.json.id).toBeGreaterThan(2 ** 31);
    expect((await validateResponseBody('issues/create-comment', 201, res.json)).errors).toEqual([]);
    expect((await validateResponseBody('issues/create-comment', 201, { ...res.json, user: undefined })).valid).toBe(false);

    expect(gh.comments(7)).toEqual([res.json]);
    expect(gh.requests).toMatchObject([
      {
        method: 'POST',
        path: `${REPO}/issues/7/comments`,
        operationId: 'issues/create-comment',
        body: { body: '<!-- perf-gate -->\nAll good' },
        authorization: 'token ghs_test',
        status: 201,
      },
    ]);
    expect(gh.rejected).toEqual([]);
  });

  it('gets, updates and 404s comments by id', async () => {
    const gh = await double();
    const created = (await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: 'v1' })).json;
    const updated = await call(gh, 'PATCH', `${REPO}/issues/comments/${created.id}`, { body: 'v2' });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: created.id, body: 'v2' });
    expect((await call(gh, 'GET', `${REPO}/issues/comments/${created.id}`)).json.body).toBe('v2');
    expect(gh.comments(7).map((c) => c.body)).toEqual(['v2']);

    const missing = await call(gh, 'PATCH', `${REPO}/issues/comments/12345`, { body: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('Not Found');
    expect(gh.rejected).toEqual([]); // a 404 for an unknown id is GitHub's answer, not a contract breach
  });

  it('requires an authorization header (token or Bearer)', async () => {
    const gh = await double();
    expect((await call(gh, 'GET', `${REPO}/issues/7/comments`, undefined, { authorization: 'Bearer ghs_x' })).status).toBe(200);
    const res = await call(gh, 'GET', `${REPO}/issues/7/comments`, undefined, {});
    expect(res.status).toBe(401);
    expect(res.json.message).toBe('Requires authentication');
    expect(gh.rejected).toMatchObject([{ status: 401, reason: 'no authorization header' }]);
  });

  it('rejects invalid check runs with 422 and records them', async () => {
    const gh = await double();
    const cases: [string, Record<string, unknown>][] = [
      ['missing head_sha', { name: 'perf-gate', output: { title: 't', summary: 's' } }],
      ['bad status enum', checkRun({ status: 'running' })],
      ['bad conclusion enum', checkRun({ conclusion: 'passed' })],
      ['output without summary', checkRun({ output: { title: 't' } })],
      ['completed without conclusion', checkRun({ status: 'completed' })],
      ['stale conclusion', checkRun({ conclusion: 'stale' })],
      ['abbreviated sha', checkRun({ head_sha: 'c0ffee0' })],
    ];
    for (const [label, body] of cases) {
      const res = await call(gh, 'POST', `${REPO}/check-runs`, body);
      expect(res.status, label).toBe(422);
    }
    expect(gh.rejected).toHaveLength(cases.length);
    expect(gh.rejected[0]).toMatchObject({ operationId: 'checks/create', status: 422 });
    expect(gh.rejected[0]!.reason).toContain("must have required property 'head_sha'");
    expect(gh.rejected[1]!.reason).toContain('must be equal to one of the allowed values');
    expect(gh.checkRuns()).toEqual([]);

    // update: status completed without a conclusion breaks the description's anyOf
    const run = (await call(gh, 'POST', `${REPO}/check-runs`, checkRun())).json;
    const patched = await call(gh, 'PATCH', `${REPO}/check-runs/${run.id}`, { status: 'completed' });
    expect(patched.status).toBe(422);
    expect(patched.json.message).toBe('Validation Failed');
    expect(patched.json.errors.length).toBeGreaterThan(0);
    expect(gh.rejected.at(-1)!.operationId).toBe('checks/update');
  });

  it('treats a conclusion as completing the run, as GitHub documents', async () => {
    const gh = await double();
    const res = await call(gh, 'POST', `${REPO}/check-runs`, checkRun({ status: 'in_progress', conclusion: 'success' }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'completed', conclusion: 'success', head_sha: HEAD });
    expect(res.json.completed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('404s unknown paths and methods, recording them as rejected', async () => {
    const gh = await double();
    expect((await call(gh, 'GET', '/repos/octo-org/octo-repo/perf-gate')).status).toBe(404);
    const wrongMethod = await call(gh, 'PUT', `${REPO}/issues/7/comments`, { body: 'x' });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.json.message).toBe('Not Found');
    expect(gh.rejected).toMatchObject([
      { path: '/repos/octo-org/octo-repo/perf-gate', operationId: undefined, reason: 'no such operation' },
      { method: 'PUT', reason: 'no such operation' },
    ]);
  });

  it('enforces the comment body limit (65 536 characters)', async () => {
    const gh = await double();
    expect((await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: 'x'.repeat(65_536) })).status).toBe(201);
    // characters, not UTF-16 units: 65 536 emoji are 131 072 JS string units and still fit
    expect((await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: '🚀'.repeat(65_536) })).status).toBe(201);
    const res = await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: 'x'.repeat(65_537) });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      message: 'Validation Failed',
      errors: [
        { resource: 'IssueComment', code: 'unprocessable', field: 'data', message: 'Body is too long (maximum is 65536 characters)' },
      ],
    });
    const created = gh.comments(7)[0]!;
    expect((await call(gh, 'PATCH', `${REPO}/issues/comments/${created.id}`, { body: 'y'.repeat(70_000) })).status).toBe(422);
    expect(gh.rejected.map((r) => r.operationId)).toEqual(['issues/create-comment', 'issues/update-comment']);
    expect(gh.rejected[0]!.reason).toMatch(/65537 characters/);
  });

  it('enforces the commit status description limit (140) and a full sha', async () => {
    const gh = await double();
    const ok = await call(gh, 'POST', `${REPO}/statuses/${HEAD}`, { state: 'success', context: 'perf-gate', description: 'd'.repeat(140) });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ state: 'success', context: 'perf-gate', creator: { login: 'github-actions[bot]' } });
    expect((await validateResponseBody('repos/create-commit-status', 201, ok.json)).errors).toEqual([]);

    const long = await call(gh, 'POST', `${REPO}/statuses/${HEAD}`, { state: 'failure', description: 'd'.repeat(141) });
    expect(long.status).toBe(422);
    expect(long.json.errors).toEqual([
      { resource: 'Status', code: 'custom', field: 'description', message: 'description is too long (maximum is 140 characters)' },
    ]);
    expect((await call(gh, 'POST', `${REPO}/statuses/${HEAD}`, { state: 'passed' })).status).toBe(422);
    expect((await call(gh, 'POST', `${REPO}/statuses/main`, { state: 'success' })).status).toBe(422);
    expect(gh.statuses()).toMatchObject([{ sha: HEAD, state: 'success', context: 'perf-gate', description: 'd'.repeat(140) }]);
    expect(gh.rejected).toHaveLength(3);
  });

  it('enforces check-run output and annotation limits, and keeps every annotation across updates', async () => {
    const gh = await double();
    const post = (extra: Record<string, unknown>) => call(gh, 'POST', `${REPO}/check-runs`, checkRun(extra));
    const out = (extra: Record<string, unknown>) => ({ output: { title: 't', summary: 's', ...extra } });

    expect((await post(out({ summary: 'a'.repeat(65_535) }))).status).toBe(201);
    expect((await post(out({ summary: 'a'.repeat(65_536) }))).status).toBe(422);
    expect((await post(out({ text: 'a'.repeat(65_536) }))).status).toBe(422);
    // GitHub counts bytes: 20 000 rockets are 20 000 characters but 80 000 bytes of UTF-8
    const bytes = await post(out({ summary: '🚀'.repeat(20_000) }));
    expect(bytes.status).toBe(422);
    expect(bytes.json.errors[0].message).toBe('summary exceeds a maximum bytesize of 65535');
    expect((await post(out({ annotations: Array.from({ length: 51 }, (_, i) => annotation(i)) }))).status).toBe(422);
    expect((await post(out({ annotations: [annotation(0, { title: 't'.repeat(256) })] }))).status).toBe(422);
    expect((await post(out({ annotations: [annotation(0, { end_line: 3, start_column: 1, end_column: 2 })] }))).status).toBe(422);
    expect(gh.rejected).toHaveLength(6);

    const run = (await post(out({ annotations: Array.from({ length: 50 }, (_, i) => annotation(i)) }))).json;
    const upd = await call(gh, 'PATCH', `${REPO}/check-runs/${run.id}`, {
      conclusion: 'failure',
      output: { title: 'Regressions', summary: 'p95 +18%', annotations: Array.from({ length: 30 }, (_, i) => annotation(50 + i)) },
    });
    expect(upd.status).toBe(200);
    expect(upd.json).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Regressions', annotations_count: 80 } });
    expect((await validateResponseBody('checks/update', 200, upd.json)).errors).toEqual([]);
    const stored = gh.checkRuns().find((r) => r.id === run.id)!;
    expect(stored.annotations).toHaveLength(80);
    expect(stored.history).toHaveLength(2);
    expect((await call(gh, 'GET', `${REPO}/check-runs/${run.id}`)).json.conclusion).toBe('failure');
    expect((await call(gh, 'PATCH', `${REPO}/check-runs/999`, { status: 'in_progress' })).status).toBe(404);
  });

  it('paginates list-comments with GitHub Link headers (120 comments, per_page=100)', async () => {
    const gh = await double();
    gh.seedComments(7, 120);
    const sticky = gh.seedComment(7, { body: '<!-- perf-gate -->', login: 'github-actions[bot]' });

    const first = await call(gh, 'GET', `${REPO}/issues/7/comments?per_page=100`);
    expect(first.status).toBe(200);
    expect(first.json).toHaveLength(100);
    const ids = first.json.map((c: { id: number }) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const l1 = links(first.headers.get('link'));
    expect(Object.keys(l1)).toEqual(['next', 'last']);
    expect(l1.next).toMatch(new RegExp(`^${gh.url}/repositories/\\d+/issues/7/comments\\?per_page=100&page=2$`));
    expect(l1.last).toBe(l1.next);

    const second = await call(gh, 'GET', l1.next!); // follow the Link URL as Octokit does
    expect(second.status).toBe(200);
    expect(second.json).toHaveLength(21);
    expect(second.json.at(-1)).toMatchObject({ id: sticky.id, user: { login: 'github-actions[bot]' } });
    const l2 = links(second.headers.get('link'));
    expect(Object.keys(l2)).toEqual(['prev', 'first']);
    expect(l2.prev).toMatch(/per_page=100&page=1$/);
    expect(gh.requests[1]).toMatchObject({ path: expect.stringMatching(/^\/repositories\/\d+\//), operationId: 'issues/list-comments' });

    // default per_page (30): a middle page carries all four relations, in GitHub's order
    const middle = await call(gh, 'GET', `${REPO}/issues/7/comments?page=2`);
    expect(middle.json).toHaveLength(30);
    const l3 = links(middle.headers.get('link'));
    expect(Object.keys(l3)).toEqual(['prev', 'next', 'last', 'first']);
    expect(l3.last).toMatch(/\?page=5$/);
    // GitHub caps per_page at 100
    expect((await call(gh, 'GET', `${REPO}/issues/7/comments?per_page=500`)).json).toHaveLength(100);
    expect((await call(gh, 'GET', `${REPO}/issues/7/comments?per_page=abc`)).status).toBe(422);
    expect(gh.rejected).toHaveLength(1);
  });

  it('works with Octokit pagination (getOctokit from @actions/github)', async () => {
    const gh = await double();
    gh.seedComments(7, 120);
    const octokit = getOctokit('ghs_test', { baseUrl: gh.url });
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: 'octo-org',
      repo: 'octo-repo',
      issue_number: 7,
      per_page: 100,
    });
    expect(all).toHaveLength(120);
    const { data } = await octokit.rest.issues.createComment({ owner: 'octo-org', repo: 'octo-repo', issue_number: 7, body: 'hi' });
    expect(data.user?.login).toBe('github-actions[bot]');
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    expect(gh.rejected).toEqual([]);
  });

  it('failNext answers 502 once, then succeeds', async () => {
    const gh = await double();
    gh.failNext('issues/create-comment', { status: 502 });
    const first = await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: 'x' });
    expect(first.status).toBe(502);
    expect(first.text).toBe('Bad Gateway');
    expect((await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: 'x' })).status).toBe(201);
    expect(gh.requests.map((r) => [r.status, r.fault])).toEqual([
      [502, 'status 502'],
      [201, undefined],
    ]);
    expect(gh.rejected).toEqual([]);
    expect(gh.comments(7)).toHaveLength(1);

    gh.failNext('*', { status: 500, message: 'Server Error', headers: { 'x-custom': '1' } }, 2);
    const a = await call(gh, 'GET', `${REPO}/issues/7/comments`);
    expect([a.status, a.json.message, a.headers.get('x-custom')]).toEqual([500, 'Server Error', '1']);
    expect((await call(gh, 'GET', '/user')).status).toBe(500);
    expect((await call(gh, 'GET', `${REPO}/issues/7/comments`)).status).toBe(200);
    expect(() => gh.failNext('issues/create-coment', { status: 502 })).toThrow(/no operation/);
  });

  it('injects secondary and primary rate limits the way Octokit detects them', async () => {
    const gh = await double();
    gh.failNext('issues/create-comment', 'secondary-rate-limit');
    const res = await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: 'x' });
    expect(res.status).toBe(403);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.json.message).toBe('You have exceeded a secondary rate limit. Please wait a few minutes before you try again.');
    expect(res.json.message).toMatch(/\bsecondary rate\b/i); // @octokit/plugin-throttling's test
    expect(res.headers.get('x-ratelimit-remaining')).not.toBe('0');

    gh.failNext('checks/create', 'rate-limit');
    const primary = await call(gh, 'POST', `${REPO}/check-runs`, checkRun());
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(primary.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect(gh.rejected).toEqual([]);
    expect(gh.comments(7)).toEqual([]);
  });

  it('readOnly (a fork PR token) answers every write with 403 and GitHub’s message', async () => {
    const gh = await double({ readOnly: true });
    const res = await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: 'x' });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
    });
    expect(res.headers.get('x-accepted-github-permissions')).toBe('issues=write; pull_requests=write');
    expect((await call(gh, 'POST', `${REPO}/check-runs`, checkRun())).status).toBe(403);
    expect((await call(gh, 'POST', `${REPO}/statuses/${HEAD}`, { state: 'success' })).status).toBe(403);
    expect((await call(gh, 'GET', `${REPO}/issues/7/comments`)).status).toBe(200);
    expect(gh.comments(7)).toEqual([]);
    expect(gh.rejected).toEqual([]);
  });

  it('checksForbidden only blocks check-run writes', async () => {
    const gh = await double({ checksForbidden: true });
    const res = await call(gh, 'POST', `${REPO}/check-runs`, checkRun());
    expect([res.status, res.json.message, res.headers.get('x-accepted-github-permissions')]).toEqual([
      403,
      'Resource not accessible by integration',
      'checks=write',
    ]);
    expect((await call(gh, 'POST', `${REPO}/issues/7/comments`, { body: 'x' })).status).toBe(201);
  });

  it('GET /user is 403 for an installation token; a PAT user can read it but cannot write check runs', async () => {
    const installation = await double();
    const res = await call(installation, 'GET', '/user');
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('Resource not accessible by integration');

    const pat = await double({ user: { login: 'perf-bot', id: 777, name: 'Perf Bot' } });
    const me = await call(pat, 'GET', '/user');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ login: 'perf-bot', id: 777, type: 'User' });
    expect((await validateResponseBody('users/get-authenticated', 200, me.json)).errors).toEqual([]);
    expect((await call(pat, 'POST', `${REPO}/issues/7/comments`, { body: 'x' })).json.user).toMatchObject({
      login: 'perf-bot',
      type: 'User',
    });
    const check = await call(pat, 'POST', `${REPO}/check-runs`, checkRun());
    expect([check.status, check.json.message]).toEqual([403, 'You must authenticate via a GitHub App.']);
  });

  it('finds PRs by commit like GitHub: same-repo head commits only, forks via pulls.list', async () => {
    const gh = await double();
    gh.seedPullRequest({ number: 12, headSha: HEAD, headRef: 'feat/cache' });
    gh.seedPullRequest({ number: 13, headSha: 'f'.repeat(40), headRef: 'patch-1', fork: true });

    const same = await call(gh, 'GET', `${REPO}/commits/${HEAD}/pulls`);
    expect(same.json).toHaveLength(1);
    expect(same.json[0]).toMatchObject({ number: 12, head: { sha: HEAD, ref: 'feat/cache', repo: { full_name: 'octo-org/octo-repo' } } });
    expect((await validateResponseBody('repos/list-pull-requests-associated-with-commit', 200, same.json)).errors).toEqual([]);
    expect((await call(gh, 'GET', `${REPO}/commits/${'f'.repeat(40)}/pulls`)).json).toEqual([]);
    expect((await call(gh, 'GET', `${REPO}/commits/${'0'.repeat(40)}/pulls`)).json).toEqual([]);

    const fork = await call(gh, 'GET', `${REPO}/pulls?head=contributor:patch-1&state=open`);
    expect(fork.json).toHaveLength(1);
    expect(fork.json[0]).toMatchObject({ number: 13, head: { repo: { full_name: 'contributor/octo-repo', fork: true } } });
    expect((await call(gh, 'GET', `${REPO}/pulls/13`)).json.head.sha).toBe('f'.repeat(40));

    const run = (await call(gh, 'POST', `${REPO}/check-runs`, checkRun())).json;
    expect(run.pull_requests).toMatchObject([{ number: 12 }]);
    expect((await validateResponseBody('checks/create', 201, run)).errors).toEqual([]);
    expect(gh.rejected).toEqual([]);
  });

  it('serves only options.repo when given, and only options.token when given', async () => {
    const gh = await double({ repo: 'octo-org/octo-repo', token: 'ghs_right' });
    const auth = { authorization: 'token ghs_right' };
    expect((await call(gh, 'GET', `${REPO}/issues/7/comments`, undefined, auth)).status).toBe(200);
    expect((await call(gh, 'GET', '/repos/octo-org/other/issues/7/comments', undefined, auth)).status).toBe(404);
    const wrong = await call(gh, 'GET', `${REPO}/issues/7/comments`, undefined, { authorization: 'token ghs_wrong' });
    expect([wrong.status, wrong.json.message]).toEqual([401, 'Bad credentials']);
    expect(gh.rejected.map((r) => r.reason)).toEqual([
      'repository octo-org/other does not exist here (the double serves octo-org/octo-repo)',
      'wrong token',
    ]);
  });

  it('rejects a body that is not JSON', async () => {
    const gh = await double();
    const res = await fetch(`${gh.url}${REPO}/issues/7/comments`, {
      method: 'POST',
      headers: { authorization: 'token x', 'content-type': 'application/json' },
      body: '{body:',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('Problems parsing JSON');
    expect(gh.rejected[0]!.reason).toBe('request body is not valid JSON');
  });
});

describe('webhook payloads', () => {
  const sha = 'a'.repeat(40);

  it('validate against the x-webhooks schemas of the OpenAPI description', async () => {
    const payloads = {
      'pull-request-synchronize': pullRequestEvent({
        number: 7,
        headSha: sha,
        baseSha: BASE,
        headRef: 'feat/cache',
        baseRef: 'main',
        repo: 'octo-org/octo-repo',
      }),
      'deployment-status-created': deploymentStatusEvent({ state: 'success', environmentUrl: 'https://app-git-feat.vercel.app', sha }),
      'workflow-run-completed': workflowRunEvent({ headSha: sha, pullRequest: { number: 7 } }),
    };
    for (const [key, payload] of Object.entries(payloads)) {
      expect((await validateWebhookPayload(key, payload)).errors, key).toEqual([]);
    }
    // the validator bites
    const broken = structuredClone(payloads['deployment-status-created']) as { deployment: Record<string, unknown> };
    delete broken.deployment.sha;
    expect((await validateWebhookPayload('deployment-status-created', broken)).valid).toBe(false);
  });

  it('carry the fields an action reads, with GitHub’s fork behaviour', async () => {
    const pr = pullRequestEvent({
      number: 7,
      headSha: sha,
      baseSha: BASE,
      headRef: 'patch-1',
      baseRef: 'main',
      repo: 'octo-org/octo-repo',
      fork: true,
    }) as any;
    expect(pr).toMatchObject({
      action: 'synchronize',
      number: 7,
      after: sha,
      pull_request: {
        number: 7,
        html_url: 'https://github.com/octo-org/octo-repo/pull/7',
        head: { sha, ref: 'patch-1', repo: { full_name: 'contributor/octo-repo', fork: true } },
        base: { sha: BASE, ref: 'main', repo: { full_name: 'octo-org/octo-repo', fork: false } },
      },
      repository: { full_name: 'octo-org/octo-repo' },
    });
    expect((await validateWebhookPayload('pull-request-synchronize', pr)).errors).toEqual([]);

    const pending = deploymentStatusEvent({ state: 'pending', sha, environment: 'Preview', creator: 'vercel[bot]' }) as any;
    expect(pending.deployment_status).not.toHaveProperty('environment_url');
    expect(pending).not.toHaveProperty('pull_request');
    expect(pending.deployment).toMatchObject({
      sha,
      environment: 'Preview',
      transient_environment: true,
      production_environment: false,
      creator: { login: 'vercel[bot]', type: 'Bot' },
    });
    expect((await validateWebhookPayload('deployment-status-created', pending)).errors).toEqual([]);

    const forkRun = workflowRunEvent({ headSha: sha, pullRequest: { number: 7 }, fork: true, conclusion: 'failure', id: 987654321 }) as any;
    expect(forkRun.workflow_run).toMatchObject({
      id: 987654321,
      head_sha: sha,
      event: 'pull_request',
      conclusion: 'failure',
      pull_requests: [],
    });
    expect(forkRun.workflow_run.head_repository.full_name).toBe('contributor/octo-repo');
    expect((await validateWebhookPayload('workflow-run-completed', forkRun)).errors).toEqual([]);
    const sameRepoRun = workflowRunEvent({ headSha: sha, pullRequest: { number: 7 } }) as any;
    expect(sameRepoRun.workflow_run.pull_requests).toMatchObject([{ number: 7, head: { sha } }]);
  });
});
