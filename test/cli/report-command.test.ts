import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeResultFile } from '../../src/files/result-file.js';
import { writeBaselineFile } from '../../src/files/baseline-file.js';
import { appendRun } from '../../src/result/baseline.js';
import { originRepository, repositoryUrl } from '../../src/cli/repository.js';
import { runCli } from '../helpers/cli.js';
import { runResult } from '../helpers/results.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-report-'));
  await writeResultFile(join(dir, 'results.json'), runResult({ sha: 'abc1234def' }));
  await writeResultFile(join(dir, 'earlier.json'), runResult({ sha: 'aaa1111bbb', startedAt: '2026-11-22T01:00:00.000Z' }));
  await writeResultFile(join(dir, 'other.json'), runResult({ suite: 'other' }));
  const recorded = appendRun(
    appendRun(undefined, runResult({ sha: 'aaa1111bbb', startedAt: '2026-11-22T01:00:00.000Z' })).baseline,
    runResult({ sha: 'abc1234def' }),
  ).baseline;
  await writeBaselineFile(join(dir, 'baseline.json'), recorded);
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
    expect(await readFile(join(dir, 'judged.html'), 'utf8')).toMatch(
      /<p class="verdict (pass|fail|inconclusive)"><strong>(Pass|Fail|No regression found)<\/strong>/,
    );
  });

  it('says what is missing or does not belong, with exit 2', async () => {
    expect(await runCli(['report', join(dir, 'results.json')])).toMatchObject({
      code: 2,
      stderr: 'perf-gate: --html or --dashboard: required (where to write the page)\n',
    });
    const stranger = await runCli(['report', '--html', join(dir, 'x.html'), join(dir, 'results.json'), join(dir, 'other.json')]);
    expect(stranger).toMatchObject({
      code: 2,
      stderr: `perf-gate: ${join(dir, 'other.json')} holds suite "other", but ${join(dir, 'results.json')} is suite "shop"\n`,
    });
  });

  it('writes the dashboard with each run linked to its commit in the repository --repo names, and says so', async () => {
    const page = join(dir, 'trends.html');
    const written = await runCli(['report', '--dashboard', page, join(dir, 'baseline.json'), '--repo', 'octo-org/shop']);
    expect([written.code, written.stderr]).toEqual([
      0,
      `perf-gate: wrote ${page} (its runs linked to their commits in https://github.com/octo-org/shop)\n`,
    ]);
    const html = await readFile(page, 'utf8');
    for (const sha of ['aaa1111bbb', 'abc1234def'])
      expect(html).toContain(`<a href="https://github.com/octo-org/shop/commit/${sha}">${sha.slice(0, 7)}</a>`);
    // A repository on another host, by its URL (GitHub Enterprise Server).
    await runCli(['report', '--dashboard', page, join(dir, 'baseline.json'), '--repo', 'https://ghe.example.com/octo-org/shop']);
    expect(await readFile(page, 'utf8')).toContain('href="https://ghe.example.com/octo-org/shop/commit/abc1234def"');
  });

  it('refuses a --repo that names no repository, and --repo without --dashboard', async () => {
    const page = join(dir, 'trends.html');
    expect(await runCli(['report', '--dashboard', page, join(dir, 'baseline.json'), '--repo', 'javascript:alert(1)'])).toMatchObject({
      code: 2,
      stderr: 'perf-gate: --repo: expected OWNER/NAME or the repository\'s URL (https://host/OWNER/NAME), found "javascript:alert(1)"\n',
    });
    expect(await runCli(['report', '--html', join(dir, 'x.html'), join(dir, 'results.json'), '--repo', 'octo-org/shop'])).toMatchObject({
      code: 2,
      stderr: 'perf-gate: --repo: only with --dashboard (the runs of a dashboard link to their commits)\n',
    });
  });
});

describe('repositoryUrl', () => {
  it.each([
    ['octo-org/shop', 'https://github.com/octo-org/shop'],
    ['https://github.com/octo-org/shop', 'https://github.com/octo-org/shop'],
    ['https://github.com/octo-org/shop.git', 'https://github.com/octo-org/shop'],
    // A checkout's remote with a token in it: the token never reaches the page.
    ['https://x-access-token:ghs_secret@github.com/octo-org/shop.git\n', 'https://github.com/octo-org/shop'],
    ['git@github.com:octo-org/shop.git', 'https://github.com/octo-org/shop'],
    ['ssh://git@ghe.example.com:2222/octo-org/shop.git', 'https://ghe.example.com/octo-org/shop'],
    ['https://ghe.example.com:8443/octo-org/shop', 'https://ghe.example.com:8443/octo-org/shop'],
  ])('%s → %s', (text, url) => {
    expect(repositoryUrl(text)).toBe(url);
  });

  it.each([
    '/srv/git/shop.git',
    'file:///srv/git/shop.git',
    'shop',
    'https://gitlab.com/group/sub/shop',
    'javascript:alert(1)',
    'a/b"onmouseover="x',
    'octo-org/..',
  ])('names no repository: %s', (text) => {
    expect(repositoryUrl(text)).toBeUndefined();
  });
});

describe('originRepository', () => {
  it('reads the checkout\u2019s remote "origin", and finds none outside a checkout', async () => {
    const checkout = join(dir, 'checkout');
    execFileSync('git', ['init', '--quiet', checkout]);
    expect(await originRepository(checkout)).toBeUndefined();
    execFileSync('git', ['-C', checkout, 'remote', 'add', 'origin', 'git@github.com:octo-org/shop.git']);
    expect(await originRepository(checkout)).toBe('https://github.com/octo-org/shop');
    expect(await originRepository(tmpdir())).toBeUndefined();
  });
});
