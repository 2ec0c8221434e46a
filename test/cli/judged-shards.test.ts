import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateResult } from '../../src/result/verdict.js';
import { runCli } from '../helpers/cli.js';
import { useScratchDir } from '../helpers/scratch-dir.js';
import { shardRuns, startTarget } from '../helpers/shards.js';

// Apart from test/cli/shards.test.ts, and so among the measuring files, which run alone: the
// shards' generators must not saturate, and beside three other test files at once on two cores
// their event loops were starved into reading as saturated (3 of 6 rounds, once in CI).
const dir = useScratchDir('judged-shards');
const { suite, path, read, runShards, mergeShardFiles } = shardRuns(dir);

let shop: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  shop = await startTarget();
});
afterAll(() => shop.close());

describe('sharded runs judged', () => {
  it('three shards merged and judged against a baseline: the report names their runners and the spread it pooled', async () => {
    // A light open load on a ~2 ms read, so that three generators and the shop in one process
    // stay far from saturating (a saturated round's latencies could not block, nor use the shards).
    const config = await suite('three.yml', 'three', 3)`scenarios:
  - name: item
    request: { path: /api/products/1 }
    load: { rate: 150, duration: 400ms }
`;
    const baseline = path('three-baseline.json');
    // One baseline run: two runs on a machine this busy can disagree beyond the prior, and an
    // unsteady baseline's own spread rules alone, without the shards (see log-change.ts).
    const main = path('three-main.json');
    expect((await runCli(['run', '-c', config, '-t', shop.url, '-o', main, '--progress', 'none'])).code).toBe(0);
    expect((await runCli(['record', '--results', main, '--baseline', baseline])).code).toBe(0);
    expect((await runShards('three', config, shop.url, 3)).map((o) => o.code)).toEqual([0, 0, 0]);
    expect((await mergeShardFiles('three', [3, 1, 2])).code).toBe(0);
    const merged = path('three-merged.json');
    const whole = await read('three-merged.json');
    expect(whole.shards?.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(whole.scenarios[0]!.shards?.map((s) => [s.index, s.share, s.rounds.length])).toEqual(
      [1, 2, 3].map((index) => [index, 1 / 3, whole.scenarios[0]!.rounds.length]),
    );

    const markdown = path('three.md');
    const compared = await runCli(['compare', baseline, merged, '-c', config, '--json', '--markdown', markdown]);
    // Loopback figures move with the machine: the verdict may be anything but bad input or a bug.
    expect([0, 1], compared.stderr).toContain(compared.code);
    const p95 = (JSON.parse(compared.stdout) as { gate: GateResult }).gate.scenarios[0]!.metrics.find((m) => m.metric === 'p95')!;
    expect(p95.advisory, 'a saturated generator would leave the shards out').toBeUndefined();
    expect(p95.shards).toMatchObject({ count: 3, pooled: true });
    // The default prior's 6 df (one baseline run has none of its own), and the 3 shards' 2 df.
    expect(p95.noise!.df).toBe(8);
    // Markdown escapes the parentheses of the texts it quotes.
    const report = (await readFile(markdown, 'utf8')).replaceAll('\\', '');
    expect(report).toContain(
      `the baseline's 1 run, 3 shards of this run (spread ${Math.round(p95.shards!.cv * 1000) / 10} %) and the default prior 3 % between runs`,
    );
    expect(report).toMatch(
      /Measured by 3 shards at once: shard 1 \(.+ × \d+(, TCP connect [\d.]+ ms)?\); shard 2 \(.+\); shard 3 \(.+\)\. Their spread is measured evidence of the noise between runs/,
    );
  });
});
