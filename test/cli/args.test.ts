import { beforeAll, describe, expect, it } from 'vitest';
import { writeResultFile } from '../../src/files/result-file.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from '../helpers/cli.js';
import { runResult } from '../helpers/results.js';
import { useScratchDir } from '../helpers/scratch-dir.js';

/** What a refused command line prints: the usage exit code, one message on stderr, nothing on stdout. */
async function refusal(argv: string[]): Promise<string> {
  const { code, stdout, stderr } = await runCli(argv);
  expect(code).toBe(EXIT.usage);
  expect(stdout).toBe('');
  return stderr;
}

describe('a mistyped flag', () => {
  it('is named with the flag it likely meant, in every command', async () => {
    for (const [argv, typo, meant] of [
      [['run', '--baseline-ur', 'http://127.0.0.1:1'], '--baseline-ur', '--baseline-url'],
      [['compare', 'a.json', 'b.json', '--jsno'], '--jsno', '--json'],
      [['record', '--results', 'r.json', '--basline', 'b.json'], '--basline', '--baseline'],
      [['merge', '--ot', 'm.json', 'a.json', 'b.json'], '--ot', '--out'],
      [['report', '--htm=r.html', 'r.json'], '--htm', '--html'],
    ] as const) {
      expect(await refusal([...argv])).toBe(
        `perf-gate: unknown option ${typo}; did you mean ${meant}? (see "perf-gate ${argv[0]} --help")\n`,
      );
    }
  });

  it('suggests nothing when no flag is close, or for a short flag', async () => {
    expect(await refusal(['run', '--frobnicate'])).toBe('perf-gate: unknown option --frobnicate (see "perf-gate run --help")\n');
    expect(await refusal(['run', '-z'])).toBe('perf-gate: unknown option -z (see "perf-gate run --help")\n');
  });

  it('is echoed shortened when huge', async () => {
    const stderr = await refusal(['run', `--${'x'.repeat(100_000)}`]);
    expect(stderr.length).toBeLessThan(200);
    expect(stderr).toContain('… (100002 characters)');
  });
});

describe('a mistyped command', () => {
  it('is named with the command it likely meant, above the usage', async () => {
    for (const argv of [
      ['comapre', 'a.json', 'b.json'],
      ['help', 'comapre'],
    ]) {
      const stderr = await refusal(argv);
      expect(stderr).toMatch(/^perf-gate: unknown command "comapre"; did you mean "compare"\?\n\nperf-gate: HTTP load suites/);
    }
    expect(await refusal(['frobnicate'])).toMatch(/^perf-gate: unknown command "frobnicate"\n\n/);
  });
});

describe('swapped result and baseline files', () => {
  const dir = useScratchDir('args');
  let results: string;
  let baseline: string;
  beforeAll(async () => {
    results = dir.file('results.json');
    baseline = dir.file('baseline.json');
    await writeResultFile(results, runResult());
    expect((await runCli(['record', '--results', results, '--baseline', baseline])).code).toBe(0);
  });

  const misplaced = (file: string) =>
    `perf-gate: ${file} is a baseline file (perf-gate/baseline@1), but the results of the run to judge (perf-gate/result@1, written by "perf-gate run --out") go there`;

  it('are named as swapped, with the command in the right order', async () => {
    expect((await runCli(['compare', results, baseline])).stderr).toBe(
      `${misplaced(baseline)}; the two files look swapped: perf-gate compare ${baseline} ${results}\n`,
    );
    expect((await runCli(['compare', results, baseline])).code).toBe(2);
    expect((await runCli(['report', '--html', dir.file('r.html'), baseline, results])).stderr).toBe(
      `${misplaced(baseline)}; the two files look swapped: perf-gate report --html FILE ${results} ${baseline}\n`,
    );
  });

  it('say only what is misplaced when the other file is no run', async () => {
    const { code, stderr } = await runCli(['compare', baseline, baseline]);
    expect(code).toBe(2);
    expect(stderr).toBe(`${misplaced(baseline)}\n`);
  });

  it('are judged in the right order, whichever run is older', async () => {
    const later = dir.file('later.json');
    await writeResultFile(later, runResult({ startedAt: '2026-11-24T01:00:00.000Z' }));
    expect((await runCli(['compare', baseline, results])).code).toBe(0);
    // An earlier run judged against a later one is a fair question, not a swap.
    const earlier = await runCli(['compare', later, results]);
    expect(earlier.code).toBe(0);
    expect(earlier.stderr).not.toContain('swapped');
  });
});
