import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/result/result.js';
import { decodeHistogram } from '../../src/result/histogram.js';
import { runBundledCli } from '../helpers/bundled-cli.js';
import { useScratchDir } from '../helpers/scratch-dir.js';
import { closedPort, ok, startServer, type TestServer } from '../helpers/servers.js';

// Worker threads start the bundled CLI itself, so --workers is tested through dist/cli.js.
/** `perf-gate run -c <config> -t <target> --workers <workers> <options>`, run as `node dist/cli.js`. */
const runWorkers = (config: string, target: string, workers: string, ...options: string[]) =>
  runBundledCli(['run', '-c', config, '-t', target, '--workers', workers, ...options]);

const dir = useScratchDir('workers');
let suite: string;
let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => setTimeout(() => ok(res), 2));
  suite = await dir.write(
    'perf-gate.yml',
    `version: 1
defaults: { warmup: 100ms, rounds: 2 }
scenarios:
  - name: busy
    request: { path: /busy }
    load: { connections: 6, duration: 300ms }
  - name: paced
    request: { path: /paced }
    load: { rate: 400, duration: 500ms }
`,
  );
});
afterAll(() => server.close());

describe('--workers', () => {
  it('spreads the load over threads and merges every round exactly', async () => {
    const before = server.requests;
    const out = dir.file('results.json');
    const { code, stderr } = await runWorkers(suite, server.url.href, '3', '-o', out, '--progress', 'plain');
    expect(code, stderr).toBe(0);
    const result = JSON.parse(await readFile(out, 'utf8')) as RunResult;
    const [busy, paced] = result.scenarios;
    expect(busy).toMatchObject({ connections: 6, model: 'closed' });
    expect(paced).toMatchObject({ rate: 400, model: 'open' });
    for (const scenario of result.scenarios) {
      expect(scenario.rounds.map((r) => r.round)).toEqual([1, 2]);
      for (const round of scenario.rounds) expect(decodeHistogram(round.histogram).totalCount).toBe(round.requests);
    }
    // Three threads take their turns of the one 400 req/s stream: together the 200 requests of
    // 0.5 s, none lost to rounding a third of them. (That every start went out is the machine's
    // business: on a busy one a thread can drop a few at the end of its window; the merged
    // accounting must still add up, and the rate must be of that order.)
    for (const round of paced!.rounds) {
      expect(round.open).toMatchObject({ targetRps: 400, scheduled: 200 });
      expect(round.open!.sent + round.open!.dropped).toBe(round.open!.scheduled);
      expect(round.rps).toBeGreaterThan(250);
      expect(round.rps).toBeLessThan(450);
    }
    // Every request the server saw is in the results (warm-ups are not measured).
    const measured = result.scenarios.flatMap((s) => s.rounds).reduce((sum, r) => sum + r.requests, 0);
    expect(server.requests - before).toBeGreaterThan(measured);
    expect(stderr).toMatch(/busy round 2\/2: [\d,]+ req/);
  });

  it('keeps the per-second timeline of a ramp, merged exactly across threads', async () => {
    const config = await dir.write(
      'ramp.yml',
      'version: 1\ndefaults: { warmup: 0s, rounds: 1 }\nscenarios:\n  - name: ramp\n    request: { path: /ramp }\n    load: { start_rate: 100, stages: [{ duration: 2s, rate: 300 }] }\n',
    );
    const out = dir.file('ramp.json');
    const { code, stderr } = await runWorkers(config, server.url.href, '2', '-o', out);
    expect(code, stderr).toBe(0);
    const [round] = (JSON.parse(await readFile(out, 'utf8')) as RunResult).scenarios[0]!.rounds;
    const timeline = round!.timeline!;
    expect(timeline.map((b) => b.atMs)).toEqual([0, 1000]);
    // The two threads' halves add up to the suite's rate and to the round's requests.
    expect(timeline.map((b) => b.targetRps)).toEqual([150, 250]);
    expect(timeline.reduce((sum, b) => sum + b.requests, 0)).toBe(round!.requests);
    // Every request got a response here, so each second's merged histogram holds all of them.
    for (const bucket of timeline) {
      expect(bucket.errors).toBe(0);
      expect(decodeHistogram(bucket.histogram).totalCount).toBe(bucket.requests);
    }
  });

  it('runs a flow on every thread with one setup, iteration numbers unique across threads, and merges each step', async () => {
    const seen = { logins: 0, iterations: [] as string[], tokens: new Set<string>() };
    const shop = await startServer((req, res) => {
      if (req.url === '/login') {
        seen.logins += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: `t${seen.logins}` }));
        return;
      }
      seen.tokens.add(String(req.headers['x-token']));
      if (req.url === '/first') seen.iterations.push(String(req.headers['x-iteration']));
      setTimeout(() => ok(res, req.url === '/first' ? '{"next":"/second"}' : 'done'), 1);
    });
    const config = await dir.write(
      'flow.yml',
      `version: 1
defaults: { warmup: 0s, rounds: 2, headers: { x-token: "{{ token }}" } }
setup:
  - request: { method: POST, path: /login }
    capture: { token: { json: token } }
scenarios:
  - name: flow
    load: { connections: 4, duration: 300ms }
    flow:
      - name: first
        request: { path: /first, headers: { x-iteration: "{{ counter }}" } }
        capture: { next: { json: next } }
      - name: second
        request: { path: "{{ next }}" }
`,
    );
    const out = dir.file('flow.json');
    try {
      const { code, stderr } = await runWorkers(config, shop.url.href, '2', '-o', out);
      expect(code, stderr).toBe(0);
    } finally {
      await shop.close();
    }
    expect(seen.logins).toBe(1);
    expect([...seen.tokens]).toEqual(['t1']);
    expect(new Set(seen.iterations).size).toBe(seen.iterations.length);
    const result = JSON.parse(await readFile(out, 'utf8')) as RunResult;
    expect(result.scenarios.map((s) => s.name)).toEqual(['flow', 'flow/first', 'flow/second']);
    const [flow, first, second] = result.scenarios;
    for (const [i, round] of flow!.rounds.entries()) {
      expect(round.errors.total).toBe(0);
      expect(first!.rounds[i]!.requests).toBe(round.requests);
      expect(second!.rounds[i]!.requests).toBe(round.requests);
      expect(decodeHistogram(second!.rounds[i]!.histogram).totalCount).toBe(round.requests);
    }
  });

  it('gives every unique row out once across threads, and runs no round after the rows ran out', async () => {
    const ids: string[] = [];
    const shop = await startServer((req, res) => {
      ids.push(req.url!.slice('/item/'.length));
      setTimeout(() => ok(res), 1);
    });
    await dir.write('ids.csv', `id\n${Array.from({ length: 40 }, (_, i) => `id-${i + 1}`).join('\n')}\n`);
    // The rows run out in a few ms, which ends the round: the long duration is room for a busy machine.
    const config = await dir.write(
      'unique.yml',
      `version: 1
defaults: { warmup: 0s, rounds: 3 }
data:
  items: { file: ids.csv, order: unique }
scenarios:
  - name: items
    request: { path: "/item/{{ items.id }}" }
    load: { connections: 4, duration: 3s }
`,
    );
    const out = dir.file('unique.json');
    let stdout: string;
    try {
      const run = await runWorkers(config, shop.url.href, '2', '-o', out, '--progress', 'plain');
      expect(run.code, run.stderr).toBe(0);
      stdout = run.stdout + run.stderr;
    } finally {
      await shop.close();
    }
    expect(ids.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `id-${i + 1}`).sort());
    const result = JSON.parse(await readFile(out, 'utf8')) as RunResult;
    expect(result.scenarios[0]!.rounds.map((r) => [r.round, r.requests, r.dataRanOut])).toEqual([[1, 40, true]]);
    expect(stdout).toContain('items round 2/3: not run, its unique data rows have run out');
    expect(stdout).toContain('items: its unique data rows ran out in round 1');
  });

  it('exits 3 when the target is down, as with one thread', async () => {
    const { code, stderr } = await runWorkers(suite, `http://127.0.0.1:${await closedPort()}`, '2');
    expect(code).toBe(3);
    expect(stderr).toContain('unreachable');
  });

  it('refuses a bad count', async () => {
    const { code, stderr } = await runWorkers(suite, server.url.href, 'many');
    expect(code).toBe(2);
    expect(stderr).toContain('--workers: expected a whole number of threads from 1 to 64');
  });
});
