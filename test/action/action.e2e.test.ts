import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/result/result.js';
import { commentMarker } from '../../src/github/sticky-comment.js';
import { ok, startServer, type TestServer } from '../helpers/servers.js';
import { workflowRunEvent } from '../helpers/github-api/payloads.js';
import { BASE_SHA, HEAD, ON_PULL_REQUEST, PR, SUITE, freshWorkspace, ops, record, runOn, useActionE2E } from './e2e.js';

// The action end to end (test/action/e2e.ts), where what is asserted rests on a verdict measured on
// real servers: these run one file at a time, after everything else (vitest.config.ts).
let workspace: string;
let base: TestServer;
let same: TestServer;
let slower: TestServer;
const { double, gate, deployed } = useActionE2E((deployments) => ({ workspace, base, same, slower } = deployments));

describe('on a pull request', () => {
  it('passes an unchanged deployment (check run on the head sha, one sticky comment, summary, outputs), then updates its comment on a second run instead of posting another', async () => {
    const api = await double();
    const run = await gate(api, same);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(run.outputs.regressions).toBe('0');
    expect(run.summary).toContain('### perf-gate: shop');
    expect(JSON.parse(await readFile(run.outputs['results-path']!, 'utf8')).schema).toBe('perf-gate/result@1');
    expect(await readFile(run.outputs['report-path']!, 'utf8')).toContain('✅ **Pass**');
    const html = await readFile(run.outputs['html-path']!, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<strong>Pass</strong>');

    const [check] = api.checkRuns();
    expect(check).toMatchObject({ name: 'perf-gate', head_sha: HEAD, status: 'completed', conclusion: 'success' });
    expect(check!.history[0]).toMatchObject({ status: 'in_progress' });
    const comments = api.comments(PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(commentMarker('shop'));
    // No Pages site: no dashboard link.
    expect(comments[0]!.body).not.toContain('📈');
    expect(run.outputs['comment-url']).toBe(comments[0]!.html_url);

    // The same pull request, measured again after a slower push: its one comment is updated.
    api.clearRecords();
    const second = await gate(api, slower);
    expect(second.code).toBe(1);
    expect(ops(api)).not.toContain('issues/create-comment');
    expect(ops(api)).toContain('issues/update-comment');
    expect(api.comments(PR)).toHaveLength(1);
    expect(api.comments(PR)[0]!.body).toContain('❌ **Fail**');
    // Two whole gate runs, each up to the suite's 20 s max_duration when a metric stays undecided.
  }, 90_000);

  it('fails a slower deployment with exit 1, a failing check and an annotation on the scenario line (and reads the service processes it is given)', async () => {
    const api = await double();
    // The deployments are servers of this test process: its pid stands for a service started by an earlier step.
    const pid = String(process.pid);
    const run = await gate(api, slower, { 'service-pid': pid, 'baseline-service-pid': pid });
    expect(run.code).toBe(1);
    const results = JSON.parse(await readFile(run.outputs['results-path']!, 'utf8')) as RunResult;
    const baseResults = JSON.parse(await readFile(run.outputs['results-path']!.replace(/\.json$/, '.base.json'), 'utf8')) as RunResult;
    for (const side of [results, baseResults]) {
      expect(side.service).toEqual({ source: `process ${pid}`, problems: [] });
      expect(side.scenarios[0]!.rounds.every((round) => round.service !== undefined && round.service.cpuMs > 0)).toBe(true);
    }
    expect(run.outputs.verdict).toBe('fail');
    expect(run.outputs.regressions).toBe('1');
    // Workflow-command data escapes % as %25; the runner decodes it.
    expect(run.stdout).toMatch(/::error::perf-gate: p50 \+\d+ %25 on api/);
    const [check] = api.checkRuns();
    expect(check).toMatchObject({ head_sha: HEAD, conclusion: 'failure' });
    expect(check!.output.title).toMatch(/^p50 \+\d+ % on api/);
    expect(check!.annotations).toEqual([
      expect.objectContaining({
        path: 'perf-gate.yml',
        start_line: 5,
        end_line: 5,
        annotation_level: 'failure',
        title: 'perf-gate: api regressed',
        message: expect.stringMatching(/^p50 \+\d+\.\d % \(threshold 25 %\)$/),
      }),
    ]);
  });

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
});

describe('on deployment_status', () => {
  it("measures the deployment's environment_url and reports on the pull request of its sha", async () => {
    const api = await double();
    api.seedPullRequest({ number: 12, headSha: HEAD, headRef: 'feature', baseRef: 'main' });
    const run = await deployed(api);
    expect(run.code, run.stdout).toBe(0);
    expect(api.checkRuns()[0]).toMatchObject({ head_sha: HEAD, conclusion: 'success' });
    expect(api.comments(12)).toHaveLength(1);
  });
});

describe('fork-safe reporting (mode: report)', () => {
  it("judges the measuring job's uploaded numbers and reports them on the pull request", async () => {
    const measuring = await double({ readOnly: true });
    const measured = await gate(measuring, slower);
    const uploaded = join(measured.outputs['results-path']!, '..', 'pr-results.json');
    const api = await double();
    // A fork's pull request: the event lists none, so the API confirms that #7's head is the tested commit.
    api.seedPullRequest({ number: PR, headSha: HEAD, headRef: 'feature', baseRef: 'main', fork: true });
    const payload = workflowRunEvent({ headSha: HEAD, repo: 'octo-org/shop', pullRequest: { number: PR }, fork: true });
    const run = await runOn(api, workspace, { name: 'workflow_run', payload, sha: BASE_SHA }, { mode: 'report', 'results-file': uploaded });
    expect(run.code).toBe(1);
    expect(api.checkRuns()[0]).toMatchObject({ head_sha: HEAD, conclusion: 'failure' });
    expect(api.comments(PR)[0]!.body).toContain('❌ **Fail**');
  });
});

describe('a pull request is judged by the base', () => {
  it("ignores the pull request's own baseline file (everything slow) and fails against the base commit's baseline", async () => {
    const api = await double();
    // The base's baseline: a run of the fast deployment. The PR's: a run of a very slow one, against
    // which the slower deployment would pass.
    const recording = await freshWorkspace();
    const glacial = await startServer((_req, res) => setTimeout(() => ok(res), 80));
    try {
      for (const [file, target] of [
        ['fast.json', base],
        ['slow.json', glacial],
      ] as const) {
        const run = await record(api, recording, target, '1'.repeat(40), { 'baseline-branch': '', 'baseline-path': `baselines/${file}` });
        expect(run.code, run.stdout).toBe(0);
      }
    } finally {
      await glacial.close();
    }
    api.seedCommit({
      sha: BASE_SHA,
      files: { 'perf-gate.yml': SUITE, 'baselines/shop.json': await readFile(join(recording, 'baselines/fast.json'), 'utf8') },
    });
    const dir = await freshWorkspace();
    await mkdir(join(dir, 'baselines'));
    await writeFile(join(dir, 'baselines/shop.json'), await readFile(join(recording, 'baselines/slow.json'), 'utf8'));
    api.seedPullRequest({ number: PR, headSha: HEAD, baseSha: BASE_SHA });
    api.seedPullFiles(PR, [{ filename: 'baselines/shop.json' }, { filename: 'src/app.ts' }]);
    api.clearRecords();
    const run = await gate(api, slower, { 'baseline-url': '', 'baseline-branch': '' }, { workspace: dir });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.summary).toContain('the pull request modifies baselines/shop.json: baselines are never taken from a pull request');
    const reads = api.requests.filter((r) => r.operationId === 'repos/get-content');
    expect(reads.map((r) => decodeURIComponent(r.path).split('/contents/')[1])).toEqual(['perf-gate.yml', 'baselines/shop.json']);
    expect(reads.map((r) => r.query.ref)).toEqual([BASE_SHA, BASE_SHA]);
    await rm(recording, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }, 90_000);

  it("fails a pull request that loosens the threshold to 100 % under the base's 10 %, and says so", async () => {
    const api = await double();
    api.seedCommit({ sha: BASE_SHA, files: { 'perf-gate.yml': SUITE } });
    const dir = await freshWorkspace(
      SUITE.replace('gate: { max_duration: 20s, blocking: [p50] }', 'gate: { max_duration: 20s, blocking: [p50], threshold: 100% }'),
    );
    const run = await gate(api, slower, {}, { workspace: dir });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(api.checkRuns()[0]!.output.title).toMatch(/^p50 \+\d+ % on api/);
    expect(run.summary).toContain(
      "the pull request changes p50's threshold in api from 10 % to 100 %: judged under the base's policy; the new policy applies after merge",
    );
    await rm(dir, { recursive: true, force: true });
  });

  it("measures the base's definition of a scenario the pull request points at a cheaper path, and says so", async () => {
    const api = await double();
    api.seedCommit({ sha: BASE_SHA, files: { 'perf-gate.yml': SUITE } });
    // The pull request slows /api down and moves its scenario to /health, which stays fast.
    const cheaper = await startServer((req, res) => (req.url === '/health' ? ok(res) : setTimeout(() => ok(res), 31)));
    try {
      const dir = await freshWorkspace(SUITE.replace('request: { path: /api }', 'request: { path: /health }'));
      const run = await gate(api, cheaper, {}, { workspace: dir });
      expect(run.code, run.stdout).toBe(1);
      expect(api.checkRuns()[0]!.output.title).toMatch(/^p50 \+\d+ % on api/);
      expect(run.summary).toContain(
        'api: the pull request changes its path /api → /health: measured as on the base; the new definition applies after merge',
      );
      await rm(dir, { recursive: true, force: true });
    } finally {
      await cheaper.close();
    }
  });

  it('measures a scenario the pull request adds and reports it as new', async () => {
    const api = await double();
    api.seedCommit({ sha: BASE_SHA, files: { 'perf-gate.yml': SUITE } });
    const dir = await freshWorkspace(`${SUITE.replace('gate: { max_duration: 20s, blocking: [p50] }\n', '')}  - name: cart
    request: { path: /cart }
    load: { connections: 24, duration: 100ms }
    gate: { threshold: 100% }
gate: { max_duration: 20s, blocking: [p50] }
`);
    const run = await gate(api, same, {}, { workspace: dir });
    expect(run.code, run.stdout).toBe(0);
    const results = JSON.parse(await readFile(run.outputs['results-path']!, 'utf8')) as { scenarios: { name: string }[] };
    expect(results.scenarios.map((s) => s.name)).toEqual(['api', 'cart']);
    expect(run.summary).toContain('cart');
    await rm(dir, { recursive: true, force: true });
  });
});

describe('repository_dispatch from Vercel', () => {
  it('measures client_payload.url and reports on the pull request of client_payload.git.sha', async () => {
    const api = await double();
    api.seedPullRequest({ number: 12, headSha: HEAD, headRef: 'feature', baseRef: 'main' });
    const payload = {
      action: 'vercel.deployment.success',
      client_payload: {
        environment: 'preview',
        git: { ref: 'feature', sha: HEAD, shortSha: HEAD.slice(0, 7) },
        id: 'dpl_1',
        url: same.url.href,
        state: { type: 'success' },
      },
    };
    const run = await runOn(
      api,
      workspace,
      { name: 'repository_dispatch', payload, sha: 'd'.repeat(40) },
      { 'baseline-url': base.url.href },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(api.checkRuns()[0]).toMatchObject({ head_sha: HEAD, conclusion: 'success' });
    expect(api.comments(12)).toHaveLength(1);
  });
});

describe('the whole lifecycle through the storage branch', () => {
  it('records main into the branch, then fails a slower pull request against that baseline, not its own checkout', async () => {
    const api = await double({ pagesBranch: 'perf-gate-baselines' });
    const dir = await freshWorkspace();
    for (const sha of ['1'.repeat(40), '2'.repeat(40), '3'.repeat(40)]) {
      const recorded = await record(api, dir, base, sha);
      expect(recorded.code, recorded.stdout).toBe(0);
    }
    // The trend dashboard beside the baselines, for GitHub Pages to serve from the branch: every run linked to its commit.
    const dashboard = api.fileAt('heads/perf-gate-baselines', 'index.html')!;
    expect(dashboard.startsWith('<!doctype html>')).toBe(true);
    // (A link names its commit by 12 digits or more: GitHub resolves it as the full id.)
    for (const sha of ['1', '2', '3']) expect(dashboard).toContain(`href="https://github.com/octo-org/shop/commit/${sha.repeat(12)}`);
    api.seedCommit({ sha: BASE_SHA, files: { 'perf-gate.yml': SUITE } });
    // The pull request's checkout holds a baseline file of its own: the gate must not read it.
    await mkdir(join(dir, 'baselines'), { recursive: true });
    await writeFile(join(dir, 'baselines/shop.json'), 'not even JSON');
    api.clearRecords();
    const run = await runOn(api, dir, ON_PULL_REQUEST, { 'target-url': slower.url.href });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.summary).toContain('baseline: 3 runs');
    expect(api.checkRuns().at(-1)).toMatchObject({ head_sha: HEAD, conclusion: 'failure' });
    // Nothing was written to the branch by the pull request's run.
    expect(api.history('heads/perf-gate-baselines')).toHaveLength(3);
    // GitHub Pages serves the branch: the comment links to the dashboard.
    expect(api.comments(PR)[0]!.body).toContain(
      '📈 [Every recorded run of main, per scenario](https://octo-org.github.io/shop/) (the trend dashboard)',
    );
    await rm(dir, { recursive: true, force: true });
  }, 90_000);
});
