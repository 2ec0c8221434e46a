import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendRun, type Baseline } from '../../src/result/baseline.js';
import { readBaselineFile, readBaselineFileIfExists, writeBaselineFile } from '../../src/files/baseline-file.js';
import { InputError } from '../../src/errors.js';
import { runResult } from '../helpers/results.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-baseline-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const twoRuns = (): Baseline => {
  const first = appendRun(undefined, runResult({ startedAt: '2026-11-23T01:00:00.000Z' })).baseline;
  return appendRun(first, runResult({ startedAt: '2026-11-23T02:00:00.000Z' })).baseline;
};

/** Writes `data` as JSON and returns what reading it as a baseline fails with. */
async function failureOf(name: string, data: unknown): Promise<Error> {
  const file = join(dir, name);
  await writeFile(file, typeof data === 'string' ? data : JSON.stringify(data));
  const error = await readBaselineFile(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  expect((error as Error).message).toContain(file);
  return error as Error;
}

describe('the baseline file', () => {
  it('round-trips, written atomically', async () => {
    const file = join(dir, 'baselines', 'shop.json');
    await writeBaselineFile(file, twoRuns());
    expect(await readBaselineFile(file)).toEqual(twoRuns());
    expect(await readBaselineFileIfExists(file)).toEqual(twoRuns());
    expect(await readdir(join(dir, 'baselines'))).toEqual(['shop.json']);
  });

  it('is optional only when it does not exist, and then says how to create it', async () => {
    const missing = join(dir, 'none.json');
    expect(await readBaselineFileIfExists(missing)).toBeUndefined();
    await expect(readBaselineFile(missing)).rejects.toThrow(
      `${missing}: no such perf-gate baseline file; to create one, run perf-gate record --results results.json --baseline ${missing}`,
    );
    const folder = join(dir, 'a-folder.json');
    await mkdir(folder);
    await expect(readBaselineFileIfExists(folder)).rejects.toThrow(`${folder}: cannot read the perf-gate baseline file (EISDIR)`);
  });

  it('reports a file that is not JSON', async () => {
    expect((await failureOf('truncated.json', '{"schema": "perf-gate/baseline@1", "runs": [')).message).toMatch(
      /truncated\.json: not valid JSON/,
    );
  });

  it('reports another schema, another version, or none', async () => {
    expect((await failureOf('v2.json', { ...twoRuns(), schema: 'perf-gate/baseline@2' })).message).toMatch(
      /not a perf-gate baseline file: expected "schema": "perf-gate\/baseline@1", found "perf-gate\/baseline@2"$/,
    );
    expect((await failureOf('result.json', runResult())).message).toMatch(/found "perf-gate\/result@1"$/);
    const { schema: _, ...unnamed } = twoRuns();
    expect((await failureOf('unnamed.json', unnamed)).message).toMatch(/found no "schema" field$/);
  });

  it('names the field that fails validation, inside a run too', async () => {
    const baseline = twoRuns() as unknown as { keep: unknown; runs: { scenarios: { rounds: { rps: unknown }[] }[] }[] };
    baseline.keep = 0;
    baseline.runs[1]!.scenarios[0]!.rounds[0]!.rps = 'fast';
    const { message } = await failureOf('bad-field.json', baseline);
    expect(message).toContain('not a valid perf-gate baseline file');
    expect(message).toMatch(/^ {2}keep: expected a whole number of runs from 1 to 100$/m);
    expect(message).toMatch(/^ {2}runs\[1\]\.scenarios\[0\]\.rounds\[0\]\.rps: /m);
  });

  it('holds its runs to the rules of recording: same suite, complete runs', async () => {
    const baseline = twoRuns();
    baseline.runs[0] = runResult({ suite: 'checkout' });
    baseline.runs[1] = runResult({ interrupted: true });
    const { message } = await failureOf('edited.json', baseline);
    expect(message).toContain('runs[0].suite: the run is of suite "checkout", the baseline holds suite "shop"');
    expect(message).toContain('runs[1].interrupted: an interrupted run is not a baseline');
  });

  it('refuses a baseline without runs and unknown fields', async () => {
    const { message } = await failureOf('empty.json', { ...twoRuns(), runs: [], note: 'x' });
    expect(message).toContain('runs: a baseline holds at least one run');
    expect(message).toMatch(/note/);
  });
});
