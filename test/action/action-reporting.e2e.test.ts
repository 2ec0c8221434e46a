import { readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/github/sticky-comment.js';
import type { RunResult } from '../../src/result/result.js';
import type { GitHubDouble } from '../helpers/github-api/double.js';
import { loginSuite } from '../helpers/login-suite.js';
import { ok, startServer, type TestServer } from '../helpers/servers.js';
import { serverPerTest } from '../helpers/server-per-test.js';
import { deploymentStatusEvent, workflowRunEvent } from '../helpers/github-api/payloads.js';
import { BASE_SHA, HEAD, ON_PULL_REQUEST, PR, freshWorkspace, ops, record, runOn, useActionE2E } from './e2e.js';

// The action end to end (test/action/e2e.ts), refusing, skipping, cancelling and reporting: what
// reaches the target, the log and the API. Nothing asserted rests on a measured verdict, and a
// busy neighbour slows these down without changing their outcome, so they run beside other files.
let workspace: string;
let same: TestServer;
const { double, gate, deployed } = useActionE2E((deployments) => ({ workspace, same } = deployments));
/** A target of the test's own, closed after it. */
const serve = serverPerTest();

/** A target that answers every request 503: it never becomes ready. */
const unready = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(503);
  res.end();
};

/** The one check run the action started, completed as a failure under a title that matches `title`. */
function failedCheck(api: GitHubDouble, title: RegExp) {
  const [check] = api.checkRuns();
  expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
  expect(check!.output.title).toMatch(title);
  return check!;
}

describe('on a pull request', () => {
  it('rejects a bad input with a message and no stack trace', async () => {
    const api = await double();
    const run = await gate(api, same, { 'fail-on': 'sometimes' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::perf-gate: input fail-on: expected one of regression, inconclusive, never, found "sometimes"');
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(api.requests).toEqual([]);
  });

  it('completes the check run it started, as a failure with the reason, when the target never becomes ready', async () => {
    const api = await double();
    const run = await gate(api, await serve(unready), { 'wait-timeout': '1s' });
    expect(run.code).toBe(1);
    const check = failedCheck(api, /^perf-gate did not finish: /);
    expect(check.head_sha).toBe(HEAD);
    expect(check.output.summary).toContain('re-run the job');
  });

  it('completes its check run when the job is cancelled while it waits for the target (SIGTERM)', async () => {
    const api = await double();
    const cancel = { when: /waiting for \S+ to be ready \(attempt 1/, signal: 'SIGTERM' } as const;
    const run = await gate(api, await serve(unready), { 'wait-timeout': '60s' }, { cancel });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::perf-gate: the job was cancelled while waiting for');
    failedCheck(api, /^perf-gate did not finish: the job was cancelled while waiting/);
  });

  it('completes its check run when the job is cancelled during a setup request that never ends (SIGTERM)', async () => {
    const api = await double();
    // Ready (GET / answers), but the login never does: within its 60 s timeout, the runner's
    // SIGKILL (7.5 s after SIGINT) would leave the check run in progress.
    const hangs = await startServer((req, res) => {
      if (req.url !== '/login') ok(res);
    });
    const dir = await freshWorkspace(loginSuite({ name: 'shop', scenario: 'api', timeout: '60s' }));
    try {
      const started = performance.now();
      // The run's first line of progress comes just before the setup starts.
      const cancel = { when: /perf-gate: 1 scenario\(s\)/, signal: 'SIGTERM' } as const;
      const run = await runOn(api, dir, ON_PULL_REQUEST, { 'target-url': hangs.url.href }, { cancel });
      // Far from the setup's 60 s; the runner's grace is 7.5 s from its signal, and this counts the action's start too.
      expect(performance.now() - started).toBeLessThan(30_000);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /::error::perf-gate: interrupted during setup step 'login' \(line 5\) against http:\/\/127\.0\.0\.1:\d+; nothing was measured/,
      );
      failedCheck(api, /^perf-gate did not finish: interrupted during setup step 'login'/);
    } finally {
      await hangs.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('completes its check run when the job is cancelled mid-measurement (SIGTERM), and keeps the completed rounds', async () => {
    const api = await double();
    const run = await gate(api, same, {}, { cancel: { when: /api \[candidate\] round 2\/5/, signal: 'SIGTERM' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::perf-gate: the job was cancelled after');
    failedCheck(api, /^perf-gate did not finish: the job was cancelled/);
    expect(run.outputs['results-path']).toMatch(/results\.json$/);
  });

  it('names the field of a pull_request payload without a head, and an empty github-token, instead of crashing', async () => {
    const api = await double();
    const headless = { pull_request: { number: PR, base: { sha: BASE_SHA } } };
    const run = await runOn(api, workspace, { ...ON_PULL_REQUEST, payload: headless }, { 'target-url': same.url.href });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::perf-gate: event payload \S+: pull_request\.head: expected the pull request's head commit/);
    const tokenless = await gate(api, same, { 'github-token': '' });
    expect(tokenless.code).toBe(1);
    expect(tokenless.stdout).toContain('::error::perf-gate: input github-token: empty.');
    for (const out of [run, tokenless]) expect(out.stdout + out.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(api.requests).toEqual([]);
  });
});

describe('on deployment_status', () => {
  it("stops, saying why, when the pull request of the deployed commit cannot be looked up (never judges by the deployment's own rules)", async () => {
    const api = await double();
    api.seedPullRequest({ number: 12, headSha: HEAD, headRef: 'feature', baseRef: 'main' });
    api.failNext('repos/list-pull-requests-associated-with-commit', { status: 403, message: 'Resource not accessible by integration' });
    const run = await deployed(api);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain(
      `::error::perf-gate: could not look up the pull request of the deployed commit ${HEAD.slice(0, 7)} (Resource not accessible by integration`,
    );
    expect(api.checkRuns()).toEqual([]);
    expect(api.comments(12)).toEqual([]);
    // A 4xx answer is final: asked once, not retried.
    expect(api.requests.filter((r) => r.operationId === 'repos/list-pull-requests-associated-with-commit')).toHaveLength(1);
  });

  it('does nothing until the deployment has succeeded', async () => {
    const api = await double();
    const pending = deploymentStatusEvent({ state: 'pending', sha: HEAD, repo: 'octo-org/shop' });
    const run = await runOn(api, workspace, { name: 'deployment_status', payload: pending, sha: HEAD });
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('skipped');
    expect(api.requests).toEqual([]);
  });
});

describe('fork-safe reporting (mode: report)', () => {
  /** An upload as a fork's measuring job could write it, claiming `claims`, numbers from a real run. */
  async function upload(name: string, claims: { pullRequest: number; headSha: string }): Promise<string> {
    const recording = await freshWorkspace();
    const measured = await record(await double(), recording, same, HEAD, { 'baseline-branch': '', 'baseline-path': 'b.json' });
    expect(measured.code, measured.stdout).toBe(0);
    const results = JSON.parse(await readFile(measured.outputs['results-path']!, 'utf8')) as unknown;
    const file = join(workspace, name);
    await writeFile(file, JSON.stringify({ schema: 'perf-gate/pr-results@1', ...claims, results }));
    return file;
  }
  /** The report job, on the workflow_run event `payload`, reporting the upload `file`. */
  const report = (api: GitHubDouble, file: string, payload: Record<string, unknown>, inputs: Record<string, string> = {}) =>
    runOn(api, workspace, { name: 'workflow_run', payload, sha: BASE_SHA }, { mode: 'report', 'results-file': file, ...inputs });

  it('reports nowhere an upload claims that GitHub does not confirm: another commit, another pull request, no workflow_run', async () => {
    const OTHER = 'e'.repeat(40);
    const api = await double();
    api.seedPullRequest({ number: PR, headSha: HEAD, headRef: 'feature', baseRef: 'main', fork: true });
    api.seedPullRequest({ number: 8, headSha: OTHER, headRef: 'other', baseRef: 'main' });
    const testedHead = workflowRunEvent({ headSha: HEAD, repo: 'octo-org/shop', pullRequest: { number: PR }, fork: true });
    // The run tested HEAD, the upload says it measured another commit (where the check would land).
    const elsewhere = await report(api, await upload('other-commit.json', { pullRequest: PR, headSha: OTHER }), testedHead);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout).toContain(
      `::error::perf-gate: ${join(workspace, 'other-commit.json')} says it measured commit ${OTHER.slice(0, 12)}, but the run that uploaded it tested ${HEAD.slice(0, 12)}`,
    );
    // The right commit, but another pull request (where the comment would land): its head is not HEAD.
    const otherPr = await report(api, await upload('other-pr.json', { pullRequest: 8, headSha: HEAD }), testedHead);
    expect(otherPr.code).toBe(1);
    expect(otherPr.stdout).toContain(`names pull request #8, whose head is ${OTHER.slice(0, 12)}, not ${HEAD.slice(0, 12)}`);
    // Not a workflow_run: nothing to check the upload against.
    const noEvent = await report(api, await upload('no-event.json', { pullRequest: PR, headSha: HEAD }), {});
    expect(noEvent.code).toBe(1);
    expect(noEvent.stdout).toContain('mode report reads the workflow_run event that triggered it');
    for (const run of [elsewhere, otherPr, noEvent]) expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(api.checkRuns()).toEqual([]);
    expect(api.comments(PR)).toEqual([]);
    expect(api.comments(8)).toEqual([]);
  });

  it('reports an interrupted upload as interrupted, a shard as incomplete and a scenario left out as missing: never judged, never "no baseline yet"', async () => {
    // A baseline exists: a recorded run of the same deployment, where the report job reads it.
    const recording = await freshWorkspace();
    const measured = await record(await double(), recording, same, HEAD, { 'baseline-branch': '', 'baseline-path': 'b.json' });
    expect(measured.code, measured.stdout).toBe(0);
    await writeFile(join(workspace, 'whole-baseline.json'), await readFile(join(recording, 'b.json'), 'utf8'));
    const results = JSON.parse(await readFile(measured.outputs['results-path']!, 'utf8')) as RunResult;
    const uploads: [string, RunResult, RegExp][] = [
      [
        'interrupted',
        { ...results, interrupted: true, scenarios: results.scenarios.map((s) => ({ ...s, rounds: s.rounds.slice(0, 2) })) },
        /^perf-gate did not finish: interrupted: the measuring job was cancelled after 2 completed round\(s\)/,
      ],
      ['incomplete', { ...results, shard: { index: 1, count: 2 } }, /^perf-gate did not finish: incomplete: .+ holds shard 1 of 2 only/],
      ['missing', { ...results, scenarios: [] }, /^perf-gate did not finish: missing: .+ has no rounds of "api"/],
    ];
    for (const [name, run, title] of uploads) {
      const api = await double();
      api.seedPullRequest({ number: PR, headSha: HEAD, headRef: 'feature', baseRef: 'main', fork: true });
      const file = join(workspace, `${name}.json`);
      await writeFile(file, JSON.stringify({ schema: 'perf-gate/pr-results@1', pullRequest: PR, headSha: HEAD, results: run }));
      const event = workflowRunEvent({ headSha: HEAD, repo: 'octo-org/shop', pullRequest: { number: PR }, fork: true });
      const reported = await report(api, file, event, { 'baseline-branch': '', 'baseline-path': 'whole-baseline.json' });
      expect(reported.code, reported.stdout).toBe(1);
      const [check] = api.checkRuns();
      expect(check, name).toMatchObject({ head_sha: HEAD, status: 'completed', conclusion: 'failure' });
      expect(check!.output.title, name).toMatch(title);
      expect(reported.stdout + (check!.output.summary ?? ''), name).not.toContain('no baseline yet');
      expect(reported.outputs.verdict, name).toBeUndefined();
      expect(api.comments(PR), name).toEqual([]);
    }
    await rm(recording, { recursive: true, force: true });
  });

  it('refuses an uploaded file that does not validate', async () => {
    const api = await double();
    const file = join(workspace, 'tampered.json');
    await writeFile(
      file,
      JSON.stringify({ schema: 'perf-gate/pr-results@1', pullRequest: PR, headSha: HEAD, results: {}, script: '<img>' }),
    );
    const run = await report(api, file, {});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::perf-gate: ');
    expect(run.stdout).toContain('tampered.json');
    expect(api.requests).toEqual([]);
  });
});

describe('repository_dispatch from Vercel', () => {
  it('skips other Vercel events', async () => {
    const api = await double();
    const payload = { action: 'vercel.deployment.pending', client_payload: { git: { sha: HEAD }, url: same.url.href } };
    const run = await runOn(api, workspace, { name: 'repository_dispatch', payload, sha: 'd'.repeat(40) });
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('skipped');
    expect(api.requests).toEqual([]);
  });
});

describe('reporting, whatever the verdict', () => {
  // No baseline (none on the branch, no base deployment): the verdict is "no baseline yet" however
  // the machine runs, and what is asserted is the way to the target and to GitHub.
  const unjudged = (api: GitHubDouble, target: TestServer, inputs: Record<string, string> = {}) =>
    gate(api, target, { 'baseline-url': '', ...inputs });

  it('finds its comment on page 2 of the comments, and ignores a pasted marker by someone else', async () => {
    const api = await double();
    api.seedComment(PR, { body: `quoting the bot: ${commentMarker('shop')}`, login: 'mallory', type: 'User' });
    api.seedComments(PR, 110);
    const ours = api.seedComment(PR, { body: `${commentMarker('shop')}\nold report`, login: 'github-actions[bot]', type: 'Bot' });
    const run = await unjudged(api, same);
    expect(run.code).toBe(0);
    const listed = api.requests.filter((r) => r.operationId === 'issues/list-comments');
    expect(listed.length).toBe(2);
    expect(ops(api)).not.toContain('issues/create-comment');
    expect(api.comments(PR).find((c) => c.id === ours.id)!.body).toContain('⚪ **Neutral**');
    expect(api.comments(PR)[0]!.body).toBe(`quoting the bot: ${commentMarker('shop')}`);
  });

  it('retries a 502 and a secondary rate limit, and still reports', async () => {
    const api = await double();
    api.failNext('checks/create', { status: 502 });
    api.failNext('issues/create-comment', 'secondary-rate-limit');
    const run = await unjudged(api, same);
    expect(run.code, run.stdout).toBe(0);
    expect(api.requests.filter((r) => r.operationId === 'checks/create').map((r) => r.status)).toEqual([502, 201]);
    expect(api.requests.filter((r) => r.operationId === 'issues/create-comment').map((r) => r.status)).toEqual([403, 201]);
    expect(api.comments(PR)).toHaveLength(1);
    expect(api.checkRuns()[0]).toMatchObject({ status: 'completed', conclusion: 'neutral' });
  }, 60_000);

  it('sends the headers input to the target only, masked in the log', async () => {
    const seen = new Set<string | undefined>();
    const target = await serve((req, res) => {
      seen.add(req.headers['x-bypass'] as string | undefined);
      setTimeout(() => ok(res), 20);
    });
    const api = await double();
    const run = await unjudged(api, target, { headers: 'x-bypass: s3cret-bypass-value' });
    expect(run.code, run.stdout).toBe(0);
    expect(seen).toEqual(new Set(['s3cret-bypass-value']));
    expect(run.stdout).toContain('::add-mask::s3cret-bypass-value');
    const elsewhere = [
      run.summary,
      await readFile(run.outputs['report-path']!, 'utf8'),
      await readFile(run.outputs['results-path']!, 'utf8'),
    ];
    for (const text of elsewhere) expect(text).not.toContain('s3cret');
    expect(api.requests.some((r) => JSON.stringify(r.body ?? '').includes('s3cret'))).toBe(false);
  });

  it("waits until the preview serves the pull request's head commit (sha-header)", async () => {
    let polls = 0;
    const preview = await serve((_req, res) => {
      polls += 1;
      // The old deployment answers the first poll; then the new one, with the head commit.
      res.setHeader('x-commit-sha', polls <= 1 ? 'f'.repeat(40) : HEAD);
      setTimeout(() => ok(res), 20);
    });
    const api = await double();
    const run = await unjudged(api, preview, { 'sha-header': 'x-commit-sha', 'wait-timeout': '30s' });
    expect(run.code, run.stdout).toBe(0);
    // The first poll found the old deployment; the second found the head commit, and measuring began.
    expect(run.stdout).toContain(`attempt 1: serves ${'f'.repeat(12)}, expected ${HEAD.slice(0, 12)}`);
    expect(run.stdout).not.toContain('attempt 2:');
  }, 60_000);
});
