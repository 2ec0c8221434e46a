import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/files/result-file.js';
import { InputError } from '../../src/errors.js';
import { mergeShards } from '../../src/result/merge.js';
import { RunResultSchema, type RunResult } from '../../src/result/result.js';
import { runResult } from '../helpers/results.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-merge-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Shard `index` of `count`, on its own machine, carrying `connections` of each scenario's connections. */
function shard(index: number, count: number, connections: number): RunResult {
  const run = runResult({ rounds: 3 });
  return {
    ...run,
    shard: { index, count },
    environment: { ...run.environment, cpu: { model: `Runner ${index} CPU`, count: 2 }, rttMs: index / 10 },
    scenarios: run.scenarios.map((s) => ({ ...s, connections })),
  };
}

describe('mergeShards keeps what each shard measured', () => {
  it("keeps each shard's machine and its figures of every merged round, with its part of the load", () => {
    const parts = [shard(3, 3, 1), shard(1, 3, 2), shard(2, 3, 2)];
    // A round only two shards completed is left out of the merged run, and so of each shard's figures.
    parts[0]!.scenarios[0]!.rounds.pop();
    const merged = mergeShards(parts.map((result, i) => ({ file: `shard-${i}.json`, result })));
    expect(merged.shards?.map((s) => [s.index, s.environment.cpu.model])).toEqual([
      [1, 'Runner 1 CPU'],
      [2, 'Runner 2 CPU'],
      [3, 'Runner 3 CPU'],
    ]);
    const [home, search] = merged.scenarios;
    expect(home!.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(home!.shards?.map((s) => [s.index, s.share, s.rounds.map((r) => r.round)])).toEqual([
      [1, 0.4, [1, 2]],
      [2, 0.4, [1, 2]],
      [3, 0.2, [1, 2]],
    ]);
    expect(search!.shards?.map((s) => s.rounds.length)).toEqual([3, 3, 3]);
    const own = parts[1]!.scenarios[1]!.rounds[2]!;
    expect(search!.shards![0]!.rounds[2]).toEqual({
      round: 3,
      requests: own.requests,
      rps: own.rps,
      latencyMs: { p50: own.latencyMs.p50, p95: own.latencyMs.p95, p99: own.latencyMs.p99 },
    });
    // The merged file is a valid result file, as strict as any.
    expect(RunResultSchema.parse(JSON.parse(JSON.stringify(merged)))).toEqual(merged);
  });

  it("divides an open model's rate by each shard's rate, and marks a shard's saturated rounds", () => {
    const parts = [shard(1, 2, 4), shard(2, 2, 4)].map((run, i) => ({
      ...run,
      scenarios: run.scenarios.map((s) => ({
        ...s,
        model: 'open' as const,
        rate: i === 0 ? 300 : 100,
        rounds: s.rounds.map((r) => ({ ...r, generator: { elu: 0.5, cpu: 0.5, delayP99Ms: 1, saturated: i === 1 } })),
      })),
    }));
    const merged = mergeShards(parts.map((result, i) => ({ file: `open-${i}.json`, result })));
    expect(merged.scenarios[0]!.shards?.map((s) => [s.share, s.rounds[0]!.saturated])).toEqual([
      [0.75, undefined],
      [0.25, true],
    ]);
  });

  it('reads older merged files without shard figures as before, and refuses bad ones naming the file and the field', async () => {
    const older = runResult();
    expect(RunResultSchema.parse(older).shards).toBeUndefined();
    const merged = mergeShards([shard(1, 2, 1), shard(2, 2, 1)].map((result, i) => ({ file: `s${i}.json`, result })));
    const twice = { ...merged, scenarios: merged.scenarios.map((s) => ({ ...s, shards: s.shards!.map((p) => ({ ...p, index: 1 })) })) };
    const file = join(dir, 'twice.json');
    await writeFile(file, JSON.stringify(twice));
    const error = await readResultFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('scenarios[0].shards: scenario "home": shard indices 1, 1 repeat');
    const unbounded = {
      ...merged,
      shards: Array.from({ length: 257 }, (_, i) => ({ index: (i % 256) + 1, environment: merged.environment })),
    };
    expect(RunResultSchema.safeParse(unbounded).success).toBe(false);
    const noShare = { ...merged, scenarios: merged.scenarios.map((s) => ({ ...s, shards: s.shards!.map((p) => ({ ...p, share: 0 })) })) };
    expect(RunResultSchema.safeParse(noShare).success).toBe(false);
  });
});
