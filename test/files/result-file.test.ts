import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultFile, writeResultFile } from '../../src/files/result-file.js';
import type { RunResult, ScenarioResult } from '../../src/result/result.js';
import { InputError } from '../../src/errors.js';
import { createLatencyHistogram, decodeHistogram, encodeHistogram, summarizeLatency } from '../../src/result/histogram.js';
import { runOf } from '../helpers/results.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-result-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function sampleResult(): RunResult {
  const histogram = createLatencyHistogram();
  for (let us = 1_000; us <= 50_000; us += 7) histogram.recordValue(us);
  const round = {
    round: 1,
    startedAt: '2026-11-23T01:00:01.000Z',
    durationMs: 5000.5,
    // Every response has a latency; the one timeout has none.
    requests: histogram.totalCount + 1,
    ok: histogram.totalCount - 2,
    errors: { total: 3, status: { '503': 2 }, check: 0, capture: 0, timeout: 1, refused: 0, reset: 0, dns: 0, other: 0, otherCodes: {} },
    rps: 1400.1,
    latencyMs: summarizeLatency(histogram),
    open: { targetRps: 200, scheduled: 1000, sent: 1000, late: 0, lateThresholdMs: 10, dropped: 0 },
    histogram: encodeHistogram(histogram),
  };
  const scenario: ScenarioResult = {
    name: 'search',
    method: 'POST',
    path: '/api/search',
    model: 'open',
    connections: 100,
    rate: 200,
    durationMs: 5000,
    warmupMs: 1000,
    timeoutMs: 10_000,
    rounds: [round],
  };
  return runOf([scenario], { sha: 'abc1234' });
}

describe('the result file', () => {
  it('round-trips, and its histograms decode to the recorded distribution', async () => {
    const file = join(dir, 'nested', 'results.json');
    const result = sampleResult();
    await writeResultFile(file, result);
    const read = await readResultFile(file);
    expect(read).toEqual(result);
    const round = read.scenarios[0]!.rounds[0]!;
    const decoded = decodeHistogram(round.histogram);
    expect(decoded.totalCount).toBe(round.requests - round.errors.timeout);
    expect(summarizeLatency(decoded)).toEqual(round.latencyMs);
    // No temp file is left beside it.
    expect(await readdir(join(dir, 'nested'))).toEqual(['results.json']);
  });

  it('keeps the generator health of a round, and still reads files written before it was measured', async () => {
    const measured = sampleResult();
    measured.scenarios[0]!.rounds[0]!.generator = { elu: 0.42, cpu: 0.45, delayP99Ms: 1.8, saturated: false };
    const file = join(dir, 'generator.json');
    await writeResultFile(file, measured);
    expect((await readResultFile(file)).scenarios[0]!.rounds[0]!.generator).toEqual({
      elu: 0.42,
      cpu: 0.45,
      delayP99Ms: 1.8,
      saturated: false,
    });

    // An older file: no "generator" on any round.
    const old = join(dir, 'old.json');
    await writeFile(old, JSON.stringify(sampleResult()));
    const read = await readResultFile(old);
    expect(read.scenarios[0]!.rounds[0]).not.toHaveProperty('generator');

    // Out of range or unknown fields are refused (the file is untrusted input).
    for (const generator of [
      { elu: 1.5, cpu: 0.4, delayP99Ms: 1, saturated: false },
      { elu: 0.5, cpu: -1, delayP99Ms: 1, saturated: false },
      { elu: 0.5, cpu: 0.4, delayP99Ms: 1, saturated: 'yes' },
      { elu: 0.5, cpu: 0.4, delayP99Ms: 1, saturated: false, extra: 1 },
    ]) {
      const bad = sampleResult() as unknown as { scenarios: { rounds: { generator: unknown }[] }[] };
      bad.scenarios[0]!.rounds[0]!.generator = generator;
      const badFile = join(dir, 'bad-generator.json');
      await writeFile(badFile, JSON.stringify(bad));
      await expect(readResultFile(badFile)).rejects.toThrow(/scenarios\[0\]\.rounds\[0\]\.generator/);
    }
  });

  it('names the file and the field when a value is wrong', async () => {
    const file = join(dir, 'bad-field.json');
    const result = sampleResult() as unknown as { scenarios: { rounds: { rps: unknown }[] }[] };
    result.scenarios[0]!.rounds[0]!.rps = 'fast';
    await writeFile(file, JSON.stringify(result));
    const error = await readResultFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('scenarios[0].rounds[0].rps');
  });

  it('refuses unknown fields (the file is untrusted input)', async () => {
    const file = join(dir, 'extra.json');
    await writeFile(file, JSON.stringify({ ...sampleResult(), extra: '<script>' }));
    await expect(readResultFile(file)).rejects.toThrow(/extra/);
  });

  it('says so when the file is another version or not JSON', async () => {
    const other = join(dir, 'v2.json');
    await writeFile(other, JSON.stringify({ ...sampleResult(), schema: 'perf-gate/result@2' }));
    await expect(readResultFile(other)).rejects.toThrow(/expected "schema": "perf-gate\/result@1", found "perf-gate\/result@2"/);

    const garbage = join(dir, 'garbage.json');
    await writeFile(garbage, '{"schema": ');
    await expect(readResultFile(garbage)).rejects.toThrow(/garbage\.json: not valid JSON/);

    await expect(readResultFile(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: no such/);
  });
});
