import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeResultFile } from '../../src/baseline/result-file.js';
import { runCli } from '../helpers/cli.js';
import { runResult } from '../helpers/results.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-report-'));
  await writeResultFile(join(dir, 'results.json'), runResult({ sha: 'abc1234def' }));
  await writeResultFile(join(dir, 'earlier.json'), runResult({ sha: 'aaa1111bbb', startedAt: '2026-11-22T01:00:00.000Z' }));
  await writeResultFile(join(dir, 'other.json'), runResult({ suite: 'other' }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('perf-gate report', () => {
  it('writes a run alone, and a run judged against an earlier one, as HTML pages', async () => {
    const alone = await runCli(['report', '--html', join(dir, 'alone.html'), join(dir, 'results.json')]);
    expect([alone.code, alone.stderr]).toEqual([0, `perf-gate: wrote ${join(dir, 'alone.html')}\n`]);
    const page = await readFile(join(dir, 'alone.html'), 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('Measured; not judged (no baseline given)');
    const judged = await runCli(['report', '--html', join(dir, 'judged.html'), join(dir, 'results.json'), join(dir, 'earlier.json')]);
    expect(judged.code).toBe(0);
    expect(await readFile(join(dir, 'judged.html'), 'utf8')).toMatch(/<p class="verdict (pass|fail|inconclusive)"><strong>(Pass|Fail|No regression found)<\/strong>/);
  });

  it('says what is missing or does not belong, with exit 2', async () => {
    expect(await runCli(['report', join(dir, 'results.json')])).toMatchObject({ code: 2, stderr: 'perf-gate: --html or --dashboard: required (where to write the page)\n' });
    const stranger = await runCli(['report', '--html', join(dir, 'x.html'), join(dir, 'results.json'), join(dir, 'other.json')]);
    expect(stranger).toMatchObject({ code: 2, stderr: `perf-gate: ${join(dir, 'other.json')} holds suite "other", but ${join(dir, 'results.json')} is suite "shop"\n` });
  });
});
