import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaselineFile } from '../../src/files/baseline-file.js';
import type { RunResult } from '../../src/result/result.js';
import { writeResultFile } from '../../src/files/result-file.js';
import { runResult, type RunOptions } from '../helpers/results.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'perf-gate-record-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fresh folder per test, and the baseline file's place in it (not created). */
let folders = 0;
async function workspace(): Promise<{ dir: string; baseline: string }> {
  const dir = join(root, `case-${++folders}`);
  await mkdir(dir);
  return { dir, baseline: join(dir, 'baselines', 'shop.json') };
}

/** Writes a results file for the run. */
async function results(dir: string, options: RunOptions = {}, name = 'results.json'): Promise<string> {
  const file = join(dir, name);
  await writeResultFile(file, runResult(options));
  return file;
}

/** Runs `perf-gate record` in-process with captured output. */
const record = (argv: string[]) => runCli(['record', ...argv]);

/** What a refused recording prints: exit code 2 and one message on stderr, nothing on stdout. */
async function refusal(argv: string[]): Promise<string> {
  const { code, stdout, stderr } = await record(argv);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  return stderr.replace(/^perf-gate: /, '').replace(/\n$/, '');
}

const at = (hour: number) => `2026-11-23T0${hour}:00:00.000Z`;
const startTimes = (runs: RunResult[]) => runs.map((run) => run.startedAt);

describe('perf-gate record', () => {
  it('creates the baseline (and its folder) from the first run', async () => {
    const { dir, baseline } = await workspace();
    const file = await results(dir, { startedAt: at(1), sha: 'abc1234def' });
    expect(await record(['--results', file, '--baseline', baseline])).toEqual({
      code: 0,
      stdout: `recorded run abc1234 (${at(1)}) in ${baseline}: 1 run kept, 0 dropped\n`,
      stderr: '',
    });
    const written = await readBaselineFile(baseline);
    expect(written).toMatchObject({ schema: 'perf-gate/baseline@1', suite: 'shop', keep: 10 });
    expect(written.runs).toEqual([runResult({ startedAt: at(1), sha: 'abc1234def' })]);
  });

  it('appends later runs, oldest first', async () => {
    const { dir, baseline } = await workspace();
    await record(['--results', await results(dir, { startedAt: at(1) }), '--baseline', baseline]);
    const unversioned = await results(dir, { startedAt: at(2), sha: null });
    const second = await record(['--results', unversioned, '--baseline', baseline]);
    expect(second.stdout).toBe(`recorded run without a commit (${at(2)}) in ${baseline}: 2 runs kept, 0 dropped\n`);
    expect(startTimes((await readBaselineFile(baseline)).runs)).toEqual([at(1), at(2)]);
  });

  it('keeps the newest K runs, dropping the oldest, and remembers K', async () => {
    const { dir, baseline } = await workspace();
    for (const hour of [1, 2]) {
      await record(['--results', await results(dir, { startedAt: at(hour) }), '--baseline', baseline]);
    }
    const third = await record([...['--results', await results(dir, { startedAt: at(3) })], ...['--baseline', baseline, '--keep', '2']]);
    expect(third.stdout).toMatch(/: 2 runs kept, 1 dropped\n$/);
    const fourth = await record(['--results', await results(dir, { startedAt: at(4) }), '--baseline', baseline]);
    expect(fourth.stdout).toMatch(/: 2 runs kept, 1 dropped\n$/);
    const written = await readBaselineFile(baseline);
    expect(written.keep).toBe(2);
    expect(startTimes(written.runs)).toEqual([at(3), at(4)]);
  });

  it('replaces a run recorded already instead of doubling it', async () => {
    const { dir, baseline } = await workspace();
    const file = await results(dir, { startedAt: at(1) });
    await record(['--results', file, '--baseline', baseline]);
    const again = await record(['--results', file, '--baseline', baseline]);
    expect(again.stdout).toBe(`replaced the run abc1234 (${at(1)}) already recorded in ${baseline}: 1 run kept, 0 dropped\n`);
    expect((await readBaselineFile(baseline)).runs).toHaveLength(1);
  });

  describe('refuses, and writes nothing', () => {
    /** A baseline of one run, and its bytes, to check that a refusal leaves them as they were. */
    async function recorded(): Promise<{ dir: string; baseline: string; bytes: Buffer }> {
      const { dir, baseline } = await workspace();
      await record(['--results', await results(dir, { startedAt: at(1) }, 'first.json'), '--baseline', baseline]);
      return { dir, baseline, bytes: await readFile(baseline) };
    }

    it('a run of another suite', async () => {
      const { dir, baseline, bytes } = await recorded();
      const file = await results(dir, { suite: 'checkout', startedAt: at(2) });
      expect(await refusal(['--results', file, '--baseline', baseline])).toBe(
        `cannot record ${file} in ${baseline}: the run is of suite "checkout", the baseline holds suite "shop"`,
      );
      expect(await readFile(baseline)).toEqual(bytes);
    });

    it('an interrupted run, even as the first one', async () => {
      const { dir, baseline } = await workspace();
      const file = await results(dir, { interrupted: true });
      expect(await refusal(['--results', file, '--baseline', baseline])).toBe(
        `cannot record ${file} in ${baseline}: an interrupted run is not a baseline; run the suite to the end`,
      );
      expect(await readdir(dir)).toEqual(['results.json']);
    });

    it.each([
      ['truncated JSON', (text: string) => text.slice(0, 200), /not valid JSON/],
      [
        'a field that fails validation',
        (text: string) => text.replace('"keep": 10', '"keep": "ten"'),
        /\n {2}keep: expected a whole number of runs from 1 to 100/,
      ],
      ['no schema field', (text: string) => text.replace('"schema": "perf-gate/baseline@1",', ''), /found no "schema" field/],
    ])('a corrupt baseline (%s), left byte for byte as it was', async (_, corrupt, problem) => {
      const { dir, baseline, bytes } = await recorded();
      const damaged = corrupt(bytes.toString('utf8'));
      await writeFile(baseline, damaged);
      const message = await refusal(['--results', await results(dir, { startedAt: at(2) }), '--baseline', baseline]);
      expect(message.startsWith(`${baseline}: `)).toBe(true);
      expect(message).toMatch(problem);
      expect(await readFile(baseline, 'utf8')).toBe(damaged);
      expect(await readdir(join(dir, 'baselines'))).toEqual(['shop.json']);
    });

    it('a baseline of another schema version', async () => {
      const { dir, baseline, bytes } = await recorded();
      const newer = bytes.toString('utf8').replace('perf-gate/baseline@1', 'perf-gate/baseline@2');
      await writeFile(baseline, newer);
      expect(await refusal(['--results', await results(dir, { startedAt: at(2) }), '--baseline', baseline])).toBe(
        `${baseline}: not a perf-gate baseline file: expected "schema": "perf-gate/baseline@1", found "perf-gate/baseline@2"`,
      );
      expect(await readFile(baseline, 'utf8')).toBe(newer);
    });

    it('results that are not a result file', async () => {
      const { dir, baseline } = await recorded();
      expect(await refusal(['--results', join(dir, 'nope.json'), '--baseline', baseline])).toMatch(
        /nope\.json: no such perf-gate result file$/,
      );
      expect(await refusal(['--results', baseline, '--baseline', baseline])).toMatch(/found "perf-gate\/baseline@1"$/);
    });

    it('a missing or bad flag, naming it', async () => {
      expect(await refusal(['--baseline', 'b.json'])).toBe('--results FILE is required (see "perf-gate record --help")');
      expect(await refusal(['--results', 'r.json'])).toBe('--baseline FILE is required (see "perf-gate record --help")');
      for (const keep of ['0', '101', '2.5', 'all']) {
        expect(await refusal(['--results', 'r.json', '--baseline', 'b.json', '--keep', keep])).toBe(
          `--keep: expected a whole number of runs from 1 to 100, found "${keep}"`,
        );
      }
      expect(await refusal(['--results', 'r.json', '--baseline', 'b.json', '--out', 'x'])).toMatch(
        /^unknown option --out \(see "perf-gate record --help"\)$/,
      );
    });
  });
});
