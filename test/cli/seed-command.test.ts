import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaselineFile, writeBaselineFile } from '../../src/files/baseline-file.js';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { appendRun } from '../../src/result/baseline.js';
import { runCli } from '../helpers/cli.js';
import { runResult } from '../helpers/results.js';
import { useScratchDir } from '../helpers/scratch-dir.js';
import { ok, startServer, type TestServer } from '../helpers/servers.js';

// These tests assert what was recorded, refused or printed, never a measured figure: a busy
// machine makes the runs slower, not different in number. Each run of the tiny suite is one
// scenario, 2 rounds of 100 ms, no warm-up. They still run alone, with the measuring files
// (vitest.config.ts): twenty-odd runs of back-to-back requests keep a core busy for seconds, and
// beside them the GitHub double of action-records.e2e.test.ts saw writes spaced 500 ms arrive
// 365 ms apart (twice in two runs; never with this file run alone).

const root = useScratchDir('seed');
let config: string;
let server: TestServer;
beforeAll(async () => {
  config = await root.write(
    'perf-gate.yml',
    'version: 1\nname: seed\ndefaults: { warmup: 0s, rounds: 2 }\nscenarios:\n  - name: home\n    request: { path: / }\n    load: { connections: 1, duration: 100ms }\n',
  );
  server = await startServer((_req, res) => ok(res));
});
afterAll(() => server.close());

/** A fresh folder per test, and the baseline file's place in it (not created). */
let folders = 0;
async function workspace(): Promise<{ dir: string; baseline: string }> {
  const dir = root.file(`case-${++folders}`);
  await mkdir(dir);
  return { dir, baseline: join(dir, 'baselines', 'seed.json') };
}

const seed = (argv: string[]) => runCli(['seed', '-c', config, '-t', server.url.href, '--sha', 'abc1234def', ...argv]);

describe('perf-gate seed', () => {
  it('records 10 separate runs, so that compare judges against a baseline of 10', async () => {
    const { dir, baseline } = await workspace();
    const { code, stdout, stderr } = await seed(['--baseline', baseline, '--progress', 'plain']);
    expect(code, stderr).toBe(EXIT.ok);
    const written = await readBaselineFile(baseline);
    expect(written.keep).toBe(10);
    expect(written.runs).toHaveLength(10);
    // Each a run of its own: its own start, and its own rounds.
    expect(new Set(written.runs.map((run) => run.startedAt)).size).toBe(10);
    expect(written.runs.every((run) => run.scenarios[0]!.rounds.length === 2 && !run.interrupted)).toBe(true);
    expect(written.history!.map((entry) => entry.startedAt)).toEqual(written.runs.map((run) => run.startedAt));
    for (let run = 1; run <= 10; run++) {
      expect(stderr).toContain(`perf-gate: seeding run ${run} of 10\n`);
      expect(stderr).toMatch(
        new RegExp(`perf-gate: run ${run} of 10: recorded run abc1234 \\(\\S+\\) in ${baseline}: ${run} runs? kept, 0 dropped\\n`),
      );
    }
    expect(stdout).toBe(`seeded ${baseline} with 10 runs: K = 10 now (it keeps the newest 10)\n`);
    expect(stderr).toContain('perf-gate: note: these 10 runs were measured on this one machine, one after another: they share its speed');
    expect(stderr).toContain('mode: record in a workflow_dispatch matrix');

    const results = join(dir, 'results.json');
    expect((await runCli(['run', '-c', config, '-t', server.url.href, '-o', results, '--progress', 'none'])).code).toBe(EXIT.ok);
    const json = await runCli(['compare', baseline, results, '--json']);
    expect(JSON.parse(json.stdout).runs.map((run: { startedAt: string }) => run.startedAt)).toEqual(
      written.runs.map((run) => run.startedAt),
    );
    expect((await runCli(['compare', baseline, results, '--markdown', '-'])).stdout).toContain('**Mode**: stored baseline, 10 runs pooled');
  }, 120_000);

  it("keeps every run it measures: --keep defaults to the file's, raised to --runs", async () => {
    const { baseline } = await workspace();
    const older = [1, 2].map((hour) => runResult({ suite: 'seed', scenarios: ['home'], startedAt: `2026-11-23T0${hour}:00:00.000Z` }));
    await writeBaselineFile(baseline, appendRun(appendRun(undefined, older[0]!, 3).baseline, older[1]!).baseline);
    const { code, stdout, stderr } = await seed(['--baseline', baseline, '--runs', '4', '--progress', 'none']);
    expect(code, stderr).toBe(EXIT.ok);
    expect(stderr).not.toContain('seeding run');
    const written = await readBaselineFile(baseline);
    expect(written.keep).toBe(4);
    expect(written.runs.map((run) => run.startedAt)).not.toContain(older[1]!.startedAt);
    expect(written.runs).toHaveLength(4);
    // The history outlives keep: the two older runs and the four new ones.
    expect(written.history).toHaveLength(6);
    expect(stdout).toBe(`seeded ${baseline} with 4 runs: K = 4 now (it keeps the newest 4)\n`);
  }, 60_000);

  it('records an A/A record of each run with --baseline-url', async () => {
    const { baseline } = await workspace();
    const base = await startServer((_req, res) => ok(res));
    try {
      const { code, stderr } = await seed(['--baseline', baseline, '--runs', '2', '--baseline-url', base.url.href, '--progress', 'none']);
      expect(code, stderr).toBe(EXIT.ok);
      expect(stderr).toMatch(/run 2 of 2: recorded run abc1234 .*: 2 runs kept, 0 dropped; A\/A record 2 of the deployment noise\n/);
      const written = await readBaselineFile(baseline);
      expect(written.runs).toHaveLength(2);
      expect(written.aa).toHaveLength(2);
      expect(base.requests).toBeGreaterThan(0);
    } finally {
      await base.close();
    }
  }, 60_000);

  it('records a run over its budget all the same, says so on its line, and exits 1', async () => {
    const { dir, baseline } = await workspace();
    // No response takes under a microsecond: every run exceeds this budget.
    const strict = join(dir, 'strict.yml');
    await writeFile(strict, `${await readFile(config, 'utf8')}thresholds:\n  home: { p50: 0.001ms }\n`);
    const { code, stdout, stderr } = await runCli([
      'seed',
      '-c',
      strict,
      '-t',
      server.url.href,
      '--baseline',
      baseline,
      '--runs',
      '2',
      '--progress',
      'none',
    ]);
    expect(code, stderr).toBe(EXIT.budgetFailed);
    expect((await readBaselineFile(baseline)).runs).toHaveLength(2);
    expect(stderr).toMatch(/perf-gate: run 2 of 2: recorded run .*: 2 runs kept, 0 dropped; budget exceeded: home p50 \S+ ms > \S+ ms\n/);
    expect(stderr).toContain("perf-gate: fail: 2 of 2 runs exceeded a budget (see each run's line); they are recorded all the same\n");
    expect(stdout).toBe(`seeded ${baseline} with 2 runs: K = 2 now (it keeps the newest 10)\n`);
  }, 60_000);

  it('keeps the runs recorded before an interrupt, and not the run it stopped', async () => {
    const { baseline } = await workspace();
    const interrupt = new AbortController();
    let stderr = '';
    let seedingThird = false;
    const code = await main(['seed', '-c', config, '-t', server.url.href, '--baseline', baseline, '--runs', '5', '--progress', 'plain'], {
      stdout: () => undefined,
      stderr: (text) => {
        stderr += text;
        // Ctrl-C in the middle of run 3: after its first round, before its second.
        if (text.startsWith('perf-gate: seeding run 3 of 5')) seedingThird = true;
        if (seedingThird && text.includes('round 1/2:')) interrupt.abort();
      },
      stderrIsTty: false,
      env: {},
      interrupt: interrupt.signal,
    });
    expect(code, stderr).toBe(EXIT.interrupted);
    expect((await readBaselineFile(baseline)).runs).toHaveLength(2);
    expect(stderr).toContain('perf-gate: interrupted; this run is not recorded\n');
    expect(stderr).toContain(
      `perf-gate: seeding interrupted during run 3 of 5, which is not recorded: the 2 runs recorded before it are kept; ${baseline} holds K = 2 now\n`,
    );
    expect(stderr).not.toContain('seeding run 4');
  }, 60_000);

  it('refuses bad flags and a baseline of another suite with exit 2, naming them, before measuring anything', async () => {
    const { baseline } = await workspace();
    const other = root.file('other.json');
    await writeBaselineFile(other, appendRun(undefined, runResult({ suite: 'shop' })).baseline);
    const before = await readFile(other, 'utf8');
    const requests = server.requests;
    const refusals: [string[], string][] = [
      [['--baseline', baseline, '--runs', '0'], '--runs: expected a whole number of runs from 1 to 100, found "0"'],
      [['--baseline', baseline, '--runs', 'x'], '--runs: expected a whole number of runs from 1 to 100, found "x"'],
      [['--baseline', baseline, '--runs', '101'], '--runs: expected a whole number of runs from 1 to 100, found "101"'],
      [
        ['--baseline', baseline, '--runs', '10', '--keep', '5'],
        '--keep 5 is fewer than --runs 10: the baseline would drop runs the seeding has just measured; give --keep 10 or more',
      ],
      [['--runs', '3'], '--baseline FILE is required (see "perf-gate seed --help")'],
      [['--baseline', other], `${other} holds suite "shop", but ${config} is suite "seed"`],
      [['--baseline', baseline, '--out', 'x.json'], 'unknown option --out (see "perf-gate seed --help")'],
    ];
    for (const [argv, message] of refusals) {
      const { code, stdout, stderr } = await seed(argv);
      expect({ code, stdout, stderr }, argv.join(' ')).toEqual({ code: EXIT.usage, stdout: '', stderr: `perf-gate: ${message}\n` });
    }
    expect(server.requests, 'nothing was measured').toBe(requests);
    expect(await readFile(other, 'utf8')).toBe(before);
    await expect(readFile(baseline)).rejects.toThrow(/ENOENT/);
  });

  it('has its own help, and is listed in the main help', async () => {
    const help = await runCli(['seed', '--help']);
    expect(help.stdout).toMatch(/^Usage: perf-gate seed --baseline FILE \[--runs N\]/);
    for (const flag of [
      '--runs',
      '--keep',
      '--baseline',
      '--config',
      '--target',
      '--baseline-url',
      '--progress',
      '--workers',
      '--service-pid',
      '--sha',
      'workflow_dispatch matrix',
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect((await runCli(['--help'])).stdout).toContain('  seed     Measure the suite N times');
  });
});
