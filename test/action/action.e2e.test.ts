import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/github/sticky-comment.js';
import { startGitHubDouble, type GitHubDouble } from '../github-api/double.js';
import { deploymentStatusEvent, pullRequestEvent } from '../github-api/payloads.js';
import { ok, startServer, type TestServer } from '../helpers/servers.js';
import { runAction, type ActionRunOptions } from './run-action.js';

// dist/index.js run as the Actions runner runs it, against real loopback servers (the "preview"
// and "base" deployments) and the GitHub API double, which checks every request against
// GitHub's OpenAPI description. PERF_GATE_NODE24 names a Node 24 binary (GitHub's runtime) to
// run it with; .ci/run installs one from the npm registry.
const NODE = process.env.PERF_GATE_NODE24 || process.execPath;
const HEAD = 'a'.repeat(40);
const MERGE = 'b'.repeat(40);
const BASE_SHA = 'c'.repeat(40);
const PR = 7;

let workspace: string;
let base: TestServer;
let same: TestServer;
let slower: TestServer;
const doubles: GitHubDouble[] = [];

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'perf-gate-workspace-'));
  const sleepy = (ms: number) => startServer((_req, res) => setTimeout(() => ok(res), ms));
  [base, same, slower] = await Promise.all([sleepy(20), sleepy(20), sleepy(31)]);
  await writeFile(
    join(workspace, 'perf-gate.yml'),
    `version: 1
name: shop
defaults: { warmup: 100ms, rounds: 5 }
scenarios:
  - name: api
    request: { path: /api }
    load: { connections: 3, duration: 150ms }
gate: { max_duration: 20s }
`,
  );
});
afterAll(async () => {
  await Promise.all([base.close(), same.close(), slower.close()]);
  await rm(workspace, { recursive: true, force: true });
});
afterEach(async () => {
  for (const double of doubles.splice(0)) {
    expect(double.rejected, JSON.stringify(double.rejected, null, 2)).toEqual([]);
    await double.close();
  }
});

async function double(options: Parameters<typeof startGitHubDouble>[0] = {}): Promise<GitHubDouble> {
  const started = await startGitHubDouble({ repo: 'octo-org/shop', ...options });
  doubles.push(started);
  return started;
}

const pullRequest = pullRequestEvent({ number: PR, headSha: HEAD, baseSha: BASE_SHA, headRef: 'feature', baseRef: 'main', repo: 'octo-org/shop' });

function gate(api: GitHubDouble, target: TestServer, inputs: Record<string, string> = {}, extra: Partial<ActionRunOptions> = {}) {
  return runAction({
    workspace,
    apiUrl: api.url,
    eventName: 'pull_request',
    event: pullRequest,
    sha: MERGE,
    node: NODE,
    inputs: { 'target-url': target.url.href, 'baseline-url': base.url.href, ...inputs },
    ...extra,
  });
}

const ops = (api: GitHubDouble) => api.requests.map((r) => r.operationId);

describe('on a pull request', () => {
  it('passes an unchanged deployment: check run on the head sha, one sticky comment, summary, outputs', async () => {
    const api = await double();
    const run = await gate(api, same);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(run.outputs.regressions).toBe('0');
    expect(run.summary).toContain('### perf-gate: shop');
    expect(JSON.parse(await readFile(run.outputs['results-path']!, 'utf8')).schema).toBe('perf-gate/result@1');
    expect(await readFile(run.outputs['report-path']!, 'utf8')).toContain('✅ **Pass**');

    const [check] = api.checkRuns();
    expect(check).toMatchObject({ name: 'perf-gate', head_sha: HEAD, status: 'completed', conclusion: 'success' });
    expect(check!.history[0]).toMatchObject({ status: 'in_progress' });
    const comments = api.comments(PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(commentMarker('shop'));
    expect(run.outputs['comment-url']).toBe(comments[0]!.html_url);
  });

  it('fails a slower deployment with exit 1, a failing check and an annotation on the scenario line', async () => {
    const api = await double();
    const run = await gate(api, slower);
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.outputs.regressions).toBe('1');
    // Workflow-command data escapes % as %25; the runner decodes it.
    expect(run.stdout).toMatch(/::error::perf-gate: p95 \+\d+ %25 on api/);
    const [check] = api.checkRuns();
    expect(check).toMatchObject({ head_sha: HEAD, conclusion: 'failure' });
    expect(check!.output.title).toMatch(/^p95 \+\d+ % on api/);
    expect(check!.annotations).toEqual([
      expect.objectContaining({ path: 'perf-gate.yml', start_line: 5, end_line: 5, annotation_level: 'failure', title: 'perf-gate: api regressed', message: expect.stringMatching(/^p95 \+\d+\.\d % \(threshold 10 %\)$/) }),
    ]);
  });

  it('updates its comment on a second run instead of posting another', async () => {
    const api = await double();
    await gate(api, same);
    api.clearRecords();
    const second = await gate(api, slower);
    expect(second.code).toBe(1);
    expect(ops(api)).not.toContain('issues/create-comment');
    expect(ops(api)).toContain('issues/update-comment');
    expect(api.comments(PR)).toHaveLength(1);
    expect(api.comments(PR)[0]!.body).toContain('❌ **Fail**');
  });

  it('finds its comment on page 2 of the comments, and ignores a pasted marker by someone else', async () => {
    const api = await double();
    api.seedComment(PR, { body: `quoting the bot: ${commentMarker('shop')}`, login: 'mallory', type: 'User' });
    api.seedComments(PR, 110);
    const ours = api.seedComment(PR, { body: `${commentMarker('shop')}\nold report`, login: 'github-actions[bot]', type: 'Bot' });
    const run = await gate(api, same);
    expect(run.code).toBe(0);
    const listed = api.requests.filter((r) => r.operationId === 'issues/list-comments');
    expect(listed.length).toBe(2);
    expect(ops(api)).not.toContain('issues/create-comment');
    expect(api.comments(PR).find((c) => c.id === ours.id)!.body).toContain('✅ **Pass**');
    expect(api.comments(PR)[0]!.body).toBe(`quoting the bot: ${commentMarker('shop')}`);
  });

  it('retries a 502 and a secondary rate limit, and still reports', async () => {
    const api = await double();
    api.failNext('checks/create', { status: 502 });
    api.failNext('issues/create-comment', 'secondary-rate-limit');
    const run = await gate(api, same);
    expect(run.code, run.stdout).toBe(0);
    expect(api.requests.filter((r) => r.operationId === 'checks/create').map((r) => r.status)).toEqual([502, 201]);
    expect(api.requests.filter((r) => r.operationId === 'issues/create-comment').map((r) => r.status)).toEqual([403, 201]);
    expect(api.comments(PR)).toHaveLength(1);
    expect(api.checkRuns()[0]).toMatchObject({ conclusion: 'success' });
  }, 60_000);

  it("keeps the verdict and explains the workflow_run pattern when a fork's token may not write", async () => {
    const api = await double({ readOnly: true });
    const run = await gate(api, slower);
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.summary).toContain('❌ **Fail**');
    expect(run.stdout).toMatch(/::notice::perf-gate: this token may not write.*workflow_run/);
    expect(api.comments(PR)).toHaveLength(0);
  });

  it('falls back to a commit status when the token may not create check runs', async () => {
    const api = await double({ checksForbidden: true });
    const run = await gate(api, slower);
    expect(run.code).toBe(1);
    const statuses = api.statuses();
    expect(statuses.map((s) => [s.sha, s.state, s.context])).toEqual([
      [HEAD, 'pending', 'perf-gate'],
      [HEAD, 'failure', 'perf-gate'],
    ]);
    expect(statuses[1]!.description!.length).toBeLessThanOrEqual(140);
  });

  it('honours comment: never and fail-on: never', async () => {
    const api = await double();
    const run = await gate(api, slower, { comment: 'never', 'fail-on': 'never' });
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(api.comments(PR)).toHaveLength(0);
  });

  it('rejects a bad input with a message and no stack trace', async () => {
    const api = await double();
    const run = await gate(api, same, { 'fail-on': 'sometimes' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::perf-gate: input fail-on: expected one of regression, inconclusive, never, found "sometimes"');
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(api.requests).toEqual([]);
  });
});

describe('secrets and the main branch', () => {
  it('sends the headers input to the target only, masked in the log', async () => {
    const seen = new Set<string | undefined>();
    const target = await startServer((req, res) => {
      seen.add(req.headers['x-bypass'] as string | undefined);
      setTimeout(() => ok(res), 20);
    });
    try {
      const api = await double();
      const run = await gate(api, target, { headers: 'x-bypass: s3cret-bypass-value' });
      expect(run.code, run.stdout).toBe(0);
      expect(seen).toEqual(new Set(['s3cret-bypass-value']));
      expect(run.stdout).toContain('::add-mask::s3cret-bypass-value');
      const elsewhere = [run.summary, await readFile(run.outputs['report-path']!, 'utf8'), await readFile(run.outputs['results-path']!, 'utf8')];
      for (const text of elsewhere) expect(text).not.toContain('s3cret');
      expect(api.requests.some((r) => JSON.stringify(r.body ?? '').includes('s3cret'))).toBe(false);
    } finally {
      await target.close();
    }
  });

  it('records a run into the baseline file on push (mode: record)', async () => {
    const api = await double();
    const run = await runAction({
      workspace,
      apiUrl: api.url,
      eventName: 'push',
      event: {},
      sha: BASE_SHA,
      node: NODE,
      inputs: { mode: 'record', 'target-url': base.url.href, 'baseline-path': 'baselines/recorded.json' },
    });
    expect(run.code, run.stdout).toBe(0);
    const baseline = JSON.parse(await readFile(join(workspace, 'baselines/recorded.json'), 'utf8'));
    expect(baseline).toMatchObject({ schema: 'perf-gate/baseline@1', suite: 'shop', keep: 10 });
    expect(baseline.runs.map((r: { git: { sha: string } }) => r.git.sha)).toEqual([BASE_SHA]);
    expect(api.requests).toEqual([]);
  });
});

describe('on deployment_status', () => {
  it("measures the deployment's environment_url and reports on the pull request of its sha", async () => {
    const api = await double();
    api.seedPullRequest({ number: 12, headSha: HEAD, headRef: 'feature', baseRef: 'main' });
    const run = await runAction({
      workspace,
      apiUrl: api.url,
      eventName: 'deployment_status',
      event: deploymentStatusEvent({ state: 'success', environmentUrl: same.url.href, sha: HEAD, repo: 'octo-org/shop' }),
      sha: HEAD,
      node: NODE,
      inputs: { 'baseline-url': base.url.href },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(api.checkRuns()[0]).toMatchObject({ head_sha: HEAD, conclusion: 'success' });
    expect(api.comments(12)).toHaveLength(1);
  });

  it('does nothing until the deployment has succeeded', async () => {
    const api = await double();
    const run = await runAction({
      workspace,
      apiUrl: api.url,
      eventName: 'deployment_status',
      event: deploymentStatusEvent({ state: 'pending', sha: HEAD, repo: 'octo-org/shop' }),
      sha: HEAD,
      node: NODE,
    });
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('skipped');
    expect(api.requests).toEqual([]);
  });
});

describe('fork-safe reporting (mode: report)', () => {
  it("judges the measuring job's uploaded numbers and reports them on the pull request", async () => {
    const measuring = await double({ readOnly: true });
    const measured = await gate(measuring, slower);
    const uploaded = join(measured.outputs['results-path']!, '..', 'pr-results.json');
    const api = await double();
    const run = await runAction({
      workspace,
      apiUrl: api.url,
      eventName: 'workflow_run',
      event: {},
      sha: BASE_SHA,
      node: NODE,
      inputs: { mode: 'report', 'results-file': uploaded },
    });
    expect(run.code).toBe(1);
    expect(api.checkRuns()[0]).toMatchObject({ head_sha: HEAD, conclusion: 'failure' });
    expect(api.comments(PR)[0]!.body).toContain('❌ **Fail**');
  });

  it('refuses an uploaded file that does not validate', async () => {
    const api = await double();
    const file = join(workspace, 'tampered.json');
    await writeFile(file, JSON.stringify({ schema: 'perf-gate/pr-results@1', pullRequest: PR, headSha: HEAD, results: {}, script: '<img>' }));
    const run = await runAction({ workspace, apiUrl: api.url, eventName: 'workflow_run', event: {}, sha: BASE_SHA, node: NODE, inputs: { mode: 'report', 'results-file': file } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::perf-gate: ');
    expect(run.stdout).toContain('tampered.json');
    expect(api.requests).toEqual([]);
  });
});
