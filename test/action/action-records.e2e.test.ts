import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/result/result.js';
import { commentMarker } from '../../src/github/sticky-comment.js';
import { closedPort, ok, startServer, type TestServer } from '../helpers/servers.js';
import { BASE_SHA, HEAD, ON_PULL_REQUEST, PR, SUITE, baselineShas, freshWorkspace, ops, record, runOn, useActionE2E } from './e2e.js';

// The action end to end (test/action/e2e.ts), recording and merging: what reaches the baseline
// file or branch, whatever the numbers. Nothing asserted rests on a measured verdict, and a busy
// neighbour slows these down without changing their outcome, so they run beside other files.
let workspace: string;
let base: TestServer;
let same: TestServer;
const { double, gate } = useActionE2E((deployments) => ({ workspace, base, same } = deployments));

describe('secrets and the main branch', () => {
  it('records a run into the baseline file in the workspace on push (mode: record, baseline-branch empty)', async () => {
    const api = await double();
    const run = await record(api, workspace, base, BASE_SHA, { 'baseline-path': 'baselines/recorded.json', 'baseline-branch': '' });
    expect(run.code, run.stdout).toBe(0);
    const baseline = JSON.parse(await readFile(join(workspace, 'baselines/recorded.json'), 'utf8'));
    expect(baseline).toMatchObject({ schema: 'perf-gate/baseline@1', suite: 'shop', keep: 10 });
    expect(baseline.runs.map((r: { git: { sha: string } }) => r.git.sha)).toEqual([BASE_SHA]);
    expect(baseline.history).toHaveLength(1);
    expect(api.requests).toEqual([]);
  });

  it('records an A/A measurement of the deployment noise when main is measured against a base URL serving the same code', async () => {
    const api = await double();
    const run = await record(api, workspace, same, BASE_SHA, {
      'baseline-url': base.url.href,
      'baseline-path': 'baselines/aa.json',
      'baseline-branch': '',
    });
    expect(run.code, run.stdout).toBe(0);
    const baseline = JSON.parse(await readFile(join(workspace, 'baselines/aa.json'), 'utf8'));
    expect(baseline.aa).toHaveLength(1);
    expect(baseline.aa[0].scenarios.api.p95).toEqual({ logRatio: expect.any(Number), variance: expect.any(Number) });
  });
});

describe('the baseline branch (mode: record)', () => {
  it('keeps both runs when two record jobs race through the API', async () => {
    const api = await double();
    const dir = await freshWorkspace();
    const shas = ['1'.repeat(40), '2'.repeat(40)];
    // Writes spaced a second apart (as plugin-throttling spaces them against GitHub:
    // test/github/client.test.ts) keep each job's five writes 4 s long, so two jobs started
    // together always overlap: one reads the branch before the other moves it. The jobs use different
    // tokens, so each one's spacing can be checked. The spacing is the client's, between sends; a
    // write's arrival here can lag its send by a busy machine's stall (a first write 160 ms late was
    // seen with 500 ms spacing, a gap of 337 ms), so the spacing is twice the gap asserted below.
    const runs = await Promise.all(
      shas.map((sha, i) => record(api, dir, base, sha, { 'github-token': `ghs_job-${i}` }, { writeSpacingMs: 1000 })),
    );
    for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(baselineShas(api.fileAt('heads/perf-gate-baselines', 'baselines/shop.json')).sort()).toEqual(shas);
    expect(api.pathsAt('heads/perf-gate-baselines').filter((p) => p.startsWith('history/shop/'))).toHaveLength(2);
    expect(
      api.pathsAt('heads/perf-gate-baselines').every((p) => p.startsWith('baselines/') || p.startsWith('history/') || p === 'index.html'),
    ).toBe(true);
    // One of them lost the race (create-ref or a non-fast-forward update) and retried on the fresh branch.
    expect(api.requests.some((r) => (r.operationId === 'git/create-ref' || r.operationId === 'git/update-ref') && r.status === 422)).toBe(
      true,
    );
    expect(api.history('heads/perf-gate-baselines')).toHaveLength(2);
    // The spacing holds for each job's writes as they arrive here (without it, a few ms apart).
    for (const i of [0, 1]) {
      const writes = api.requests.filter((r) => r.method !== 'GET' && r.authorization === `token ghs_job-${i}`).map((r) => r.receivedAt);
      expect(writes.length).toBeGreaterThanOrEqual(5);
      const gaps = writes.slice(1).map((at, j) => at - writes[j]!);
      expect(Math.min(...gaps), gaps.join(', ')).toBeGreaterThanOrEqual(400);
    }
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('keeps every run of a workflow_dispatch matrix of record jobs on one commit (docs/action.md, "Start at K = 10")', async () => {
    const api = await double();
    const dir = await freshWorkspace();
    // The jobs of one dispatch measure the same commit at once; each run is told by its start, so none replaces another.
    const payload = { ref: 'refs/heads/main', inputs: {}, workflow: '.github/workflows/perf-seed.yml' };
    const dispatch = { name: 'workflow_dispatch', payload, sha: BASE_SHA };
    const jobs = await Promise.all(
      [0, 1, 2].map((job) => runOn(api, dir, dispatch, { mode: 'record', 'target-url': base.url.href, 'github-token': `ghs_job-${job}` })),
    );
    for (const job of jobs) expect(job.code, job.stdout + job.stderr).toBe(0);
    const baseline = JSON.parse(api.fileAt('heads/perf-gate-baselines', 'baselines/shop.json')!) as {
      runs: RunResult[];
      history: unknown[];
    };
    expect(baseline.runs.map((run) => run.git.sha)).toEqual([BASE_SHA, BASE_SHA, BASE_SHA]);
    expect(new Set(baseline.runs.map((run) => run.startedAt)).size).toBe(3);
    expect(baseline.history).toHaveLength(3);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('fails with a clear message on a corrupt baseline on the branch and leaves the branch unchanged', async () => {
    const api = await double();
    const head = api.seedCommit({
      files: { 'baselines/shop.json': '{"schema":"perf-gate/baseline@1","suite":"shop","keep":10,"runs":[]}' },
    });
    api.setRef('heads/perf-gate-baselines', head);
    const run = await record(api, workspace, base, BASE_SHA);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::perf-gate: branch perf-gate-baselines, baselines/shop.json: not a valid perf-gate baseline');
    expect(api.ref('heads/perf-gate-baselines')).toBe(head);
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('a pull request is judged by the base', () => {
  it("runs the base's setup and the base's data rows, read at the base commit, whatever the pull request's checkout holds", async () => {
    const api = await double();
    const flowSuite = `version: 1
name: shop
defaults: { warmup: 0s, rounds: 2 }
setup:
  - request: { method: POST, path: /login, json: { who: base } }
    capture: { token: { json: token } }
data:
  items: { file: data/items.csv }
scenarios:
  - name: item
    request: { path: "/item/{{ items.id }}", headers: { x-token: "{{ token }}" } }
    load: { connections: 2, duration: 100ms }
# What is sent is the point here, not the verdict: nothing blocks, so no extra rounds are run.
gate: { max_duration: 20s, blocking: [] }
`;
    api.seedCommit({ sha: BASE_SHA, files: { 'perf-gate.yml': flowSuite, 'data/items.csv': 'id\nbase-1\nbase-2\n' } });
    const dir = await freshWorkspace(flowSuite.replace('{ who: base }', '{ who: pr }'));
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'data/items.csv'), 'id\npr-cached\n');
    const seen = { logins: [] as string[], items: new Set<string>(), tokens: new Set<string>() };
    const shop = await startServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/login') {
          seen.logins.push(body);
          return ok(res, '{"token":"tok"}');
        }
        // The action's readiness check asks for / first.
        if (req.url !== '/') {
          seen.items.add(req.url!);
          seen.tokens.add(String(req.headers['x-token']));
        }
        ok(res);
      });
    });
    try {
      const run = await gate(api, shop, { 'baseline-url': shop.url.href }, { workspace: dir });
      expect(run.code, run.stdout).toBe(0);
      expect(run.summary).toContain('the pull request changes the setup: measured as on the base');
      expect(run.summary).toContain(
        "the pull request changes the data file items \\(data/items.csv\\): measured with the base's rows and order",
      );
    } finally {
      await shop.close();
    }
    // Both deployments logged in as the base's setup says, and were sent the base's rows only.
    expect(seen.logins).toEqual(['{"who":"base"}', '{"who":"base"}']);
    expect([...seen.items].sort()).toEqual(['/item/base-1', '/item/base-2']);
    expect([...seen.tokens]).toEqual(['tok']);
    const reads = api.requests.filter((r) => r.operationId === 'repos/get-content');
    expect(reads.map((r) => [decodeURIComponent(r.path).split('/contents/')[1], r.query.ref])).toContainEqual(['data/items.csv', BASE_SHA]);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('a matrix of shards, then mode: merge', () => {
  /** Runs the shard jobs one after another (a matrix runs them at once), and gathers their results as download-artifact would. */
  async function shards(run: (shard: string) => ReturnType<typeof runOn>, count: number): Promise<{ folder: string; parts: RunResult[] }> {
    const folder = await mkdtemp(join(tmpdir(), 'perf-gate-shards-'));
    const parts: RunResult[] = [];
    for (let i = 1; i <= count; i++) {
      const measured = await run(`${i}/${count}`);
      expect(measured.code, measured.stdout + measured.stderr).toBe(0);
      expect(measured.stdout).toContain(`measured shard ${i} of ${count}`);
      const text = await readFile(measured.outputs['results-path']!, 'utf8');
      await mkdir(join(folder, `perf-gate-shard-${i}`));
      await writeFile(join(folder, `perf-gate-shard-${i}`, 'results.json'), text);
      parts.push(JSON.parse(text) as RunResult);
    }
    return { folder, parts };
  }

  it('records the merged run of main, then judges a pull request measured in shards and reports it once', async () => {
    const api = await double();
    const dir = await freshWorkspace();
    const main = '1'.repeat(40);
    const recorded = await shards((shard) => record(api, dir, base, main, { shard }), 2);
    // A shard job neither judges nor reports nor records.
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    const merged = await record(api, dir, base, main, { mode: 'merge', shards: recorded.folder });
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(baselineShas(api.fileAt('heads/perf-gate-baselines', 'baselines/shop.json'))).toEqual([main]);
    const whole = JSON.parse(await readFile(merged.outputs['results-path']!, 'utf8')) as RunResult;
    // The whole load: the shards' connections and requests added up, round by round.
    expect(whole.shard).toBeUndefined();
    expect(recorded.parts.map((part) => part.scenarios[0]!.connections)).toEqual([12, 12]);
    expect(whole.scenarios[0]!.connections).toBe(24);
    for (const round of whole.scenarios[0]!.rounds) {
      expect(round.requests).toBe(
        recorded.parts.reduce((sum, part) => sum + part.scenarios[0]!.rounds.find((r) => r.round === round.round)!.requests, 0),
      );
    }

    api.seedCommit({ sha: BASE_SHA, files: { 'perf-gate.yml': SUITE } });
    api.clearRecords();
    const measured = await shards((shard) => runOn(api, dir, ON_PULL_REQUEST, { 'target-url': same.url.href, shard }), 2);
    expect(ops(api).filter((op) => op?.startsWith('checks/') || op?.startsWith('issues/create'))).toEqual([]);
    expect(measured.parts.map((part) => part.git.sha)).toEqual([HEAD, HEAD]);
    const judged = await runOn(api, dir, ON_PULL_REQUEST, { mode: 'merge', shards: measured.folder });
    expect(['0', '1']).toContain(String(judged.code));
    expect(judged.summary).toContain('### perf-gate: shop');
    expect(judged.summary).toContain('The baseline holds 1 run');
    expect(api.checkRuns()).toHaveLength(1);
    expect(api.checkRuns()[0]).toMatchObject({ head_sha: HEAD, status: 'completed' });
    expect(api.comments(PR)).toHaveLength(1);
    expect(api.comments(PR)[0]!.body).toContain(commentMarker('shop'));
    await rm(dir, { recursive: true, force: true });
  }, 90_000);

  it('refuses shards that do not belong together, naming the file, before it reports anything', async () => {
    const api = await double();
    const dir = await freshWorkspace();
    const { folder } = await shards((shard) => record(api, dir, base, '1'.repeat(40), { shard }), 2);
    const merge = () => record(api, dir, base, '1'.repeat(40), { mode: 'merge', shards: folder });
    // A shard missing.
    await rm(join(folder, 'perf-gate-shard-2'), { recursive: true });
    await writeFile(join(folder, 'only.json'), await readFile(join(folder, 'perf-gate-shard-1', 'results.json')));
    let run = await merge();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::perf-gate: merge needs shards 1, 2 of 2 exactly once each; got 1 \(.*only\.json\), 1 \(.*results\.json\)/,
    );
    // Another scenario definition.
    const other = JSON.parse(await readFile(join(folder, 'only.json'), 'utf8')) as RunResult;
    await writeFile(
      join(folder, 'only.json'),
      JSON.stringify({ ...other, shard: { index: 2, count: 2 }, scenarios: other.scenarios.map((s) => ({ ...s, path: '/cheaper' })) }),
    );
    run = await merge();
    expect(run.stdout).toMatch(
      /::error::perf-gate: \/\S+\.json: scenario "api" is defined otherwise \(request, model or durations\) than in \/\S+\.json: shards of one run measure one suite/,
    );
    expect(run.stdout).not.toMatch(/unexpected error|\n\s+at /);
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);
});

describe('service.command in the action', () => {
  const costServer = fileURLToPath(new URL('../fixtures/service/cost-server.mjs', import.meta.url));
  const withCommand = (command: string) => `version: 1
name: shop
service:
  command: ${command}
defaults: { warmup: 0s, rounds: 2 }
scenarios:
  - name: api
    request: { path: /work }
    load: { rate: 20, duration: 200ms }
`;

  it("starts the suite's service.command itself, instead of waiting for a target only the command serves", async () => {
    const api = await double();
    const dir = await freshWorkspace(withCommand(`node ${costServer}`));
    const target = `http://127.0.0.1:${await closedPort()}`;
    const inputs = { mode: 'record', 'target-url': target, 'baseline-branch': '', 'baseline-path': 'b.json', 'wait-timeout': '2s' };
    const run = await runOn(api, dir, { name: 'push', payload: {}, sha: BASE_SHA }, inputs);
    expect(run.code, run.stdout).toBe(0);
    const result = JSON.parse(await readFile(run.outputs['results-path']!, 'utf8')) as RunResult;
    expect(result.service?.source).toMatch(/^process \d+$/);
    expect(result.scenarios[0]!.rounds.every((round) => round.requests > 0 && round.service !== undefined)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it("never runs a pull request's service.command when the base commit has no suite file", async () => {
    const api = await double();
    api.seedCommit({ sha: BASE_SHA, files: { 'README.md': 'no suite here' } });
    const dir = await freshWorkspace();
    const pwned = join(dir, 'PWNED');
    await writeFile(join(dir, 'perf-gate.yml'), withCommand(`touch ${pwned}`));
    const run = await runOn(api, dir, ON_PULL_REQUEST, { 'target-url': same.url.href });
    expect(run.code, run.stdout).toBe(0);
    expect(existsSync(pwned)).toBe(false);
    expect(run.summary).toMatch(
      /the pull request's service\.command was not run \\?\(only the base commit's suite may start a process\\?\)/,
    );
    await rm(dir, { recursive: true, force: true });
  });
});
