import { afterEach, describe, expect, it } from 'vitest';
import { BaselineSchema, appendRun } from '../../src/result/baseline.js';
import { appendToBranch, historyPath, readBranchBaseline, type BaselineBranch } from '../../src/github/baseline-store.js';
import { getOctokit } from '@actions/github';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '../../src/github/client.js';
import { fileAtCommit } from '../../src/github/contents.js';
import { runResult } from '../helpers/results.js';
import { startGitHubDouble, type GitHubDouble } from '../helpers/github-api/double.js';

const repo = { owner: 'octo-org', repo: 'shop' };
const doubles: GitHubDouble[] = [];

afterEach(async () => {
  for (const double of doubles.splice(0)) {
    expect(double.rejected, JSON.stringify(double.rejected, null, 2)).toEqual([]);
    await double.close();
  }
});

async function store(branch = 'perf-gate-baselines'): Promise<{ api: GitHubDouble; store: BaselineBranch }> {
  const api = await startGitHubDouble({ repo: 'octo-org/shop' });
  doubles.push(api);
  return { api, store: { client: getOctokit('ghs_token', { baseUrl: api.url }), repo, branch } };
}

const shas = (text: string | undefined) => BaselineSchema.parse(JSON.parse(text ?? '{}')).runs.map((r) => r.git.sha);

describe('the baseline branch', () => {
  it('creates the branch as an orphan commit holding only the baseline and the history copy', async () => {
    const { api, store: branch } = await store();
    expect(await readBranchBaseline(branch, 'shop')).toEqual({ head: undefined, baseline: undefined });
    const run = runResult({ sha: '1234567'.padEnd(40, 'a'), startedAt: '2026-11-23T01:00:00.000Z' });
    const outcome = await appendToBranch(branch, run);
    expect(outcome.attempts).toBe(1);
    expect(api.ref('heads/perf-gate-baselines')).toBe(outcome.commit);
    expect(api.history('heads/perf-gate-baselines')).toEqual([outcome.commit]);
    expect(api.pathsAt('heads/perf-gate-baselines')).toEqual(['baselines/shop.json', 'history/shop/2026-11-23T01-00-00.000Z-1234567.json']);
    expect(shas(api.fileAt('heads/perf-gate-baselines', 'baselines/shop.json'))).toEqual([run.git.sha]);
    const read = await readBranchBaseline(branch, 'shop');
    expect(read.baseline?.runs).toHaveLength(1);
  });

  it('appends on top of the current head, keeping the other files of the branch', async () => {
    const { api, store: branch } = await store();
    await appendToBranch(branch, runResult({ sha: 'a'.repeat(40), startedAt: '2026-11-23T01:00:00.000Z' }));
    await appendToBranch(branch, runResult({ suite: 'admin', sha: 'b'.repeat(40), startedAt: '2026-11-23T02:00:00.000Z' }));
    const second = await appendToBranch(branch, runResult({ sha: 'c'.repeat(40), startedAt: '2026-11-23T03:00:00.000Z' }));
    expect(api.history('heads/perf-gate-baselines')).toHaveLength(3);
    expect(api.history('heads/perf-gate-baselines')[0]).toBe(second.commit);
    expect(shas(api.fileAt('heads/perf-gate-baselines', 'baselines/shop.json'))).toEqual(['a'.repeat(40), 'c'.repeat(40)]);
    expect(shas(api.fileAt('heads/perf-gate-baselines', 'baselines/admin.json'))).toEqual(['b'.repeat(40)]);
    expect(api.pathsAt('heads/perf-gate-baselines').filter((p) => p.startsWith('history/'))).toHaveLength(3);
  });

  it('loses no run when writers race: a rejected fast-forward re-reads, re-appends and retries', async () => {
    const { api, store: branch } = await store();
    await appendToBranch(branch, runResult({ sha: '0'.repeat(40), startedAt: '2026-11-23T00:00:00.000Z' }));
    const runs = Array.from({ length: 5 }, (_, i) =>
      runResult({ sha: String(i + 1).repeat(40), startedAt: `2026-11-23T0${i + 1}:00:00.000Z` }),
    );
    const outcomes = await Promise.all(runs.map((run) => appendToBranch(branch, run, { backoffMs: 5, attempts: 20 })));
    expect(Math.max(...outcomes.map((o) => o.attempts))).toBeGreaterThan(1);
    expect(api.requests.some((r) => r.operationId === 'git/update-ref' && r.status === 422)).toBe(true);
    const recorded = shas(api.fileAt('heads/perf-gate-baselines', 'baselines/shop.json'));
    expect(recorded.sort()).toEqual(['0', '1', '2', '3', '4', '5'].map((c) => c.repeat(40)));
    expect(api.history('heads/perf-gate-baselines')).toHaveLength(6);
  });

  it('starts the history of a baseline written before it kept one from the branch copies of every recorded run', async () => {
    const { api, store: branch } = await store();
    const runs = Array.from({ length: 6 }, (_, i) =>
      runResult({ sha: String(i + 1).repeat(40), startedAt: `2026-11-2${i}T01:00:00.000Z` }),
    );
    // An older baseline file: the last 2 runs, no history; the branch still has a copy of all 6 (and a stray file).
    const { history: _dropped, ...old } = appendRun(appendRun(undefined, runs[4]!).baseline, runs[5]!).baseline;
    const copies = Object.fromEntries(runs.map((run) => [historyPath(run), JSON.stringify(run)]));
    const head = api.seedCommit({
      files: { 'baselines/shop.json': JSON.stringify(old), ...copies, 'history/shop/notes.json': 'not a run' },
    });
    api.setRef('heads/perf-gate-baselines', head);
    const next = runResult({ sha: '7'.repeat(40), startedAt: '2026-11-29T01:00:00.000Z' });
    await appendToBranch(branch, next);
    const written = BaselineSchema.parse(JSON.parse(api.fileAt('heads/perf-gate-baselines', 'baselines/shop.json')!));
    expect(written.runs.map((r) => r.git.sha)).toEqual([runs[4]!.git.sha, runs[5]!.git.sha, next.git.sha]);
    expect(written.history!.map((h) => h.sha)).toEqual([...runs, next].map((r) => r.git.sha));
  });

  it('refuses a corrupt baseline on the branch, naming branch and path, and leaves the branch alone', async () => {
    const { api, store: branch } = await store();
    const head = api.seedCommit({
      files: { 'baselines/shop.json': '{"schema":"perf-gate/baseline@1","suite":"shop","keep":10,"runs":[]' },
    });
    api.setRef('heads/perf-gate-baselines', head);
    await expect(appendToBranch(branch, runResult())).rejects.toThrow(
      /^branch perf-gate-baselines, baselines\/shop\.json: not valid JSON .*never overwrites/,
    );
    expect(api.ref('heads/perf-gate-baselines')).toBe(head);
    expect(api.requests.some((r) => r.method !== 'GET')).toBe(false);
  });

  it('gives up after the attempts it was given, saying why', async () => {
    const { api, store: branch } = await store();
    await appendToBranch(branch, runResult({ sha: '0'.repeat(40) }));
    api.failNext('git/update-ref', { status: 422, message: 'Update is not a fast forward' }, 3);
    await expect(appendToBranch(branch, runResult({ sha: '1'.repeat(40) }), { attempts: 3, backoffMs: 1 })).rejects.toThrow(
      /branch perf-gate-baselines: could not record the run after 3 attempts: .*Update is not a fast forward/,
    );
  });

  it('stops reading at once when the job is cancelled, through the client the action uses (its retries and spacing included)', async () => {
    // A GitHub that accepts the request and never answers: only the signal can end the read.
    const held: ServerResponse[] = [];
    const server = createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = await createClient('ghs_token', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => {}, {});
      const branch: BaselineBranch = { client, repo, branch: 'perf-gate-baselines' };
      const cancel = new AbortController();
      const started = performance.now();
      setTimeout(() => cancel.abort(), 200);
      await expect(readBranchBaseline(branch, 'shop', cancel.signal)).rejects.toThrow(/abort/i);
      // The runner's grace from SIGINT to SIGKILL is 7.5 s; the read must not eat it.
      expect(performance.now() - started).toBeLessThan(3_000);
      const second = performance.now();
      const again = new AbortController();
      setTimeout(() => again.abort(), 200);
      await expect(fileAtCommit(client, repo, 'baselines/shop.json', 'a'.repeat(40), again.signal)).rejects.toThrow(/abort/i);
      expect(performance.now() - second).toBeLessThan(3_000);
    } finally {
      for (const res of held) res.destroy();
      server.close();
    }
  });
});
