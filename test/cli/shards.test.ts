import { build } from 'hdr-histogram-js';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeShards } from '../../src/result/merge.js';
import { decodeHistogram } from '../../src/result/histogram.js';
import { loadSuiteFile } from '../../src/config/load-suite.js';
import type { OpenLoad } from '../../src/config/suite.js';
import { arrivalSchedule } from '../../src/load/schedule.js';
import { runCli } from '../helpers/cli.js';
import { shardRuns, startTarget } from '../helpers/shards.js';
import { useScratchDir } from '../helpers/scratch-dir.js';
import { ok, startServer } from '../helpers/servers.js';

const dir = useScratchDir('shards');
const { suite, path, read, runShards, mergeShardFiles } = shardRuns(dir);

/** Writes a data file `file` of one column, `id`, numbered 1 to `count`. */
const idRows = (file: string, count: number) => dir.write(file, `id\n${Array.from({ length: count }, (_, i) => i + 1).join('\n')}\n`);

let shop: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  shop = await startTarget();
  await suite('perf-gate.yml', 'sharded', 2)`scenarios:
  - name: products
    request: { path: /api/products }
    load: { connections: 4, duration: 300ms }
  - name: search
    request: { method: POST, path: /api/search, json: { q: shoes } }
    load: { rate: 200, duration: 300ms }
`;
});
afterAll(() => shop.close());

describe('sharded runs', () => {
  it('two shards measured at once merge into the percentiles of their histograms merged by hand', async () => {
    const outcomes = await runShards('shard', path('perf-gate.yml'), shop.url, 2);
    expect(outcomes.map((o) => o.code)).toEqual([0, 0]);
    const merged = await mergeShardFiles('shard', [2, 1]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/\| products +\| closed/);
    // Each shard's runner named: its machine and its connect time to the target.
    expect(merged.stderr).toMatch(/^ {2}shard 1: .+ × \d+, TCP connect [\d.]+ ms.*\n {2}shard 2: .+ × \d+/m);

    const parts = [await read('shard-1.json'), await read('shard-2.json')];
    const whole = await read('shard-merged.json');
    expect(parts.map((p) => p.shard)).toEqual([
      { index: 1, count: 2 },
      { index: 2, count: 2 },
    ]);
    expect(whole.shard).toBeUndefined();
    expect(whole.scenarios.map((s) => [s.name, s.connections, s.rate])).toEqual([
      ['products', 4, undefined],
      ['search', 2 * parts[0]!.scenarios[1]!.connections, 200],
    ]);
    for (const [s, scenario] of whole.scenarios.entries()) {
      for (const [r, round] of scenario.rounds.entries()) {
        const pieces = parts.map((p) => p.scenarios[s]!.rounds[r]!);
        // By hand, with the HdrHistogram library itself: add the shards' decoded histograms.
        const byHand = build({ numberOfSignificantValueDigits: 3 });
        for (const piece of pieces) byHand.add(decodeFromCompressedBase64(piece.histogram));
        for (const [percentile, key] of [
          [50, 'p50'],
          [90, 'p90'],
          [95, 'p95'],
          [99, 'p99'],
          [99.9, 'p999'],
        ] as const) {
          expect(round.latencyMs[key]).toBeCloseTo(byHand.getValueAtPercentile(percentile) / 1000, 3);
        }
        expect(round.requests).toBe(pieces[0]!.requests + pieces[1]!.requests);
        expect(round.requests).toBe(byHand.totalCount);
        expect(round.rps).toBeCloseTo(pieces[0]!.rps + pieces[1]!.rps, 3);
      }
    }
    // The open model's shards together scheduled the suite's rate. (Whether every start went out in a
    // 300 ms window is the machine's business: two generators share this process, so a busy machine
    // may drop a few at the end; the accounting must still add up.)
    const open = whole.scenarios[1]!.rounds[0]!.open!;
    expect(open).toMatchObject({ targetRps: 200, scheduled: 60 });
    expect(open.sent + open.dropped).toBe(open.scheduled);
    expect(open.sent).toBe(parts[0]!.scenarios[1]!.rounds[0]!.open!.sent + parts[1]!.scenarios[1]!.rounds[0]!.open!.sent);
  });

  it('shards a flow: one login each, unique rows shared out between the shards, every step merged', async () => {
    await idRows('ids.csv', 50);
    const config = await suite('flow.yml', 'sharded-flow', 2)`setup:
  - request: { method: POST, path: /api/login, json: { user: shards, password: "\${{ env.SHOP_PASSWORD }}" } }
    capture: { token: { json: access_token } }
data:
  products: { file: ids.csv, order: unique }
scenarios:
  - name: buy
    # The rows run out in about 0.1 s, which ends the round: the long duration is room for a busy machine.
    load: { connections: 2, duration: 3s }
    flow:
      - name: detail
        request: { path: "/api/products/{{ products.id }}" }
        capture: { id: { json: id } }
      - name: add
        request: { method: POST, path: /api/cart, headers: { authorization: "Bearer {{ token }}" }, json: { id: "{{ id }}", qty: 1 } }
        expect: { status: [201] }
`;
    const outcomes = await runShards('flow', config, shop.url, 2, { SHOP_PASSWORD: 'demo' });
    expect(
      outcomes.map((o) => o.code),
      outcomes.map((o) => o.stderr).join('\n'),
    ).toEqual([0, 0]);
    const merged = await mergeShardFiles('flow', [1, 2]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('buy: its unique data rows ran out in round 1');

    const whole = await read('flow-merged.json');
    expect(whole.scenarios.map((s) => s.name)).toEqual(['buy', 'buy/detail', 'buy/add']);
    // The 50 rows went out once each across both shards (a shard that reused the other's would send more),
    // all in the first round; the second round ran nowhere.
    for (const entry of whole.scenarios) {
      expect(
        entry.rounds.map((r) => [r.round, r.requests, r.errors.total]),
        entry.name,
      ).toEqual([[1, 50, 0]]);
    }
    expect(whole.scenarios[0]!.rounds[0]!.dataRanOut).toBe(true);
    const parts = [await read('flow-1.json'), await read('flow-2.json')];
    expect(parts.map((p) => p.scenarios[1]!.rounds[0]!.requests).sort()).toEqual([25, 25]);
  });

  it("shards a three-step flow over unique rows: the unsplit schedule's iterations, each row once, every step adding up", async () => {
    // A shop whose steps hang together: an item's page names its cart, adding to it gives an
    // order, and only an order given out can be confirmed. It notes every row (item) it serves.
    const items: string[] = [];
    const orders = new Set<string>();
    const shop = await startServer((req, res) => {
      const [, kind, id] = req.url!.split('/');
      if (kind === 'items') {
        items.push(id!);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ cart: `/carts/${id}` }));
      } else if (kind === 'carts' && req.method === 'POST') {
        orders.add(`o${id}`);
        res.writeHead(200, { 'x-order': `o${id}` });
        res.end();
      } else if (kind === 'orders' && orders.has(id!)) {
        ok(res);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    // As many rows as the unsplit run's two rounds of 50 iterations take: a share dealt more than
    // its turns would run out of them, one dealt fewer would leave rows unused.
    await idRows('rows.csv', 100);
    const config = await suite('rows.yml', 'sharded-rows', 2)`data:
  items: { file: rows.csv, order: unique }
scenarios:
  - name: buy
    load: { rate: 50, duration: 1s }
    flow:
      - { name: detail, request: { path: "/items/{{ items.id }}" }, capture: { cart: { json: cart } } }
      - { name: add, request: { method: POST, path: "{{ cart }}" }, capture: { order: { header: x-order } } }
      - { name: confirm, request: { path: "/orders/{{ order }}" } }
`;
    try {
      const outcomes = await runShards('rows', config, shop.url.href, 3);
      expect(
        outcomes.map((o) => o.code),
        outcomes.map((o) => o.stderr).join('\n'),
      ).toEqual([0, 0, 0]);
    } finally {
      await shop.close();
    }
    const merged = await mergeShardFiles('rows', [2, 3, 1]);
    expect(merged.code, merged.stderr).toBe(0);

    const whole = await read('rows-merged.json');
    const parts = await Promise.all([1, 2, 3].map((i) => read(`rows-${i}.json`)));
    expect(whole.scenarios.map((s) => s.name)).toEqual(['buy', 'buy/detail', 'buy/add', 'buy/confirm']);
    const unsplit = arrivalSchedule((await loadSuiteFile(config, {})).scenarios[0]!.load as OpenLoad).count;
    expect(unsplit).toBe(50);
    const [buy, ...steps] = whole.scenarios;
    expect(buy!.rounds.map((r) => r.round)).toEqual([1, 2]);
    for (const [r, round] of buy!.rounds.entries()) {
      // The shards together scheduled the unsplit run's iterations (16 + 17 + 17 in turns, not 3 × 16).
      expect(round.open!.scheduled).toBe(unsplit);
      expect(parts.map((p) => p.scenarios[0]!.rounds[r]!.open!.scheduled).sort((a, b) => a - b)).toEqual([16, 17, 17]);
      // Every iteration sent (a busy machine may drop a start at a window's end) went through all three steps.
      expect(round.open!.sent + round.open!.dropped).toBe(unsplit);
      expect(round.dataRanOut).toBeUndefined();
      expect([round.requests, round.errors.total]).toEqual([round.open!.sent, 0]);
      for (const [s, step] of steps.entries()) {
        const stepRound = step.rounds[r]!;
        // Each step's merged figures are the sum of the shards' (its histogram holds every request).
        expect(stepRound.requests, step.name).toBe(round.requests);
        expect(stepRound.requests, step.name).toBe(parts.reduce((sum, p) => sum + p.scenarios[s + 1]!.rounds[r]!.requests, 0));
        expect(decodeHistogram(stepRound.histogram).totalCount, step.name).toBe(stepRound.requests);
        expect(stepRound.errors.total, step.name).toBe(0);
      }
    }
    // Each row once, across the shards and the rounds: as many rows as iterations, none twice, none
    // past the 100 the unsplit run would take (so all 100 when no start was dropped).
    const sent = buy!.rounds.reduce((sum, r) => sum + r.open!.sent, 0);
    expect(items).toHaveLength(sent);
    expect(new Set(items).size).toBe(sent);
    expect(items.every((id) => Number(id) >= 1 && Number(id) <= 100)).toBe(true);
  });

  it("shards a ramp: the shards' stages schedule the unsplit run's requests, and their timelines add up to its rate", async () => {
    // 10 → 50 req/s over 1 s: 30 requests, which four shards each ramping a quarter of the rate
    // (7.5 requests) would floor to 28.
    const config = await suite('ramp.yml', 'sharded-ramp', 1)`scenarios:
  - name: ramp
    request: { path: /api/products }
    load: { start_rate: 10, stages: [{ duration: 1s, rate: 50 }] }
`;
    expect((await runShards('ramp', config, shop.url, 4)).map((o) => o.code)).toEqual([0, 0, 0, 0]);
    expect((await mergeShardFiles('ramp', [1, 2, 3, 4])).code).toBe(0);
    const unsplit = arrivalSchedule((await loadSuiteFile(config, {})).scenarios[0]!.load as OpenLoad);
    expect(unsplit.count).toBe(30);
    const [round] = (await read('ramp-merged.json')).scenarios[0]!.rounds;
    expect(round!.open!.scheduled).toBe(unsplit.count);
    expect(round!.open!.sent + round!.open!.dropped).toBe(unsplit.count);
    // One second's bucket: the rate asked for at its middle, 30 req/s, as the shards' quarters summed.
    expect(round!.timeline!.map((b) => [b.atMs, b.targetRps])).toEqual([[0, unsplit.rateAt(500)]]);
    expect(round!.timeline![0]!.requests).toBe(round!.requests);
  });

  it('refuses a merge without every shard exactly once, or of another suite, commit or scenario definition', async () => {
    const missing = await runCli(['merge', '-o', path('x.json'), path('shard-1.json'), path('shard-1.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `merge needs shards 1, 2 of 2 exactly once each; got 1 (${path('shard-1.json')}), 1 (${path('shard-1.json')})`,
    );
    const shard1 = await read('shard-1.json');
    const stranger = { file: 'other.json', result: { ...(await read('shard-2.json')), suite: 'other' } };
    expect(() => mergeShards([{ file: 'shard-1.json', result: shard1 }, stranger])).toThrow(
      /other\.json: suite "other", but shard-1\.json is suite "sharded"/,
    );
    const shard2 = await read('shard-2.json');
    const elsewhere = { file: 'old.json', result: { ...shard2, git: { ...shard2.git, sha: 'f'.repeat(40) } } };
    expect(() => mergeShards([{ file: 'shard-1.json', result: shard1 }, elsewhere])).toThrow(
      /old\.json: measured commit f{40}, but shard-1\.json measured .*: shards of one run measure one commit/,
    );
    const longer = {
      file: 'longer.json',
      result: { ...shard2, scenarios: shard2.scenarios.map((s) => ({ ...s, durationMs: s.durationMs * 2 })) },
    };
    expect(() => mergeShards([{ file: 'shard-1.json', result: shard1 }, longer])).toThrow(
      /longer\.json: scenario ".+" is defined otherwise \(request, model or durations\) than in shard-1\.json/,
    );
    const fewer = { file: 'fewer.json', result: { ...shard2, scenarios: shard2.scenarios.slice(1) } };
    expect(() => mergeShards([{ file: 'shard-1.json', result: shard1 }, fewer])).toThrow(
      /fewer\.json: other scenarios \(.*\) than in shard-1\.json/,
    );
    const whole = { file: 'whole.json', result: { ...shard1, shard: undefined } };
    expect(() => mergeShards([whole])).toThrow(/not a shard's results/);
    expect((await runCli(['run', '--shard', '1/2', '--baseline', 'b.json', '-c', path('perf-gate.yml')])).stderr).toContain(
      'merge the shards',
    );
  });
});
