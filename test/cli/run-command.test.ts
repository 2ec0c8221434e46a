import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/files/result-file.js';
import { decodeHistogram } from '../../src/result/histogram.js';
import { runCli } from '../helpers/cli.js';
import { closedPort, ok, startServer, type TestServer } from '../helpers/servers.js';

let dir: string;
let server: TestServer;
const authorizations = new Set<string | undefined>();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-cli-'));
  server = await startServer((req, res) => {
    if (req.url === '/') authorizations.add(req.headers.authorization);
    if (req.url === '/hang') return; // never answers: every request times out
    if (req.url === '/slow') setTimeout(() => ok(res), 20);
    else if (req.url === '/broken') {
      res.writeHead(502);
      res.end();
    } else ok(res);
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const files: string[] = [];
afterEach(async () => {
  await Promise.all(files.splice(0).map((f) => rm(f, { force: true })));
});

async function suiteFile(text: string, name = `suite-${files.length}.yml`): Promise<string> {
  const file = join(dir, name);
  files.push(file);
  await writeFile(file, text);
  return file;
}

const twoScenarios = (thresholds: string) => `version: 1
name: cli-test
defaults: { warmup: 0s, rounds: 2 }
scenarios:
  - name: fast
    request: { path: /, headers: { authorization: "Bearer \${{ env.SECRET_TOKEN }}" } }
    load: { connections: 2, duration: 200ms }
  - name: slow
    request: { path: /slow }
    load: { rate: 50, duration: 200ms }
${thresholds}`;

describe('perf-gate run', () => {
  it('measures, writes the results file and exits 0 when every budget is met', async () => {
    const config = await suiteFile(twoScenarios('thresholds:\n  "*": { error_rate: 1% }\n  slow: { p50: 500ms }\n'));
    const out = join(dir, 'results.json');
    files.push(out);
    const env = { SECRET_TOKEN: 'hunter2-very-secret' };
    const { code, stdout, stderr } = await runCli(['run', '-c', config, '--target', server.url.href, '-o', out, '--sha', 'abc1234'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\| fast\s+\| closed/);
    expect(stdout).toMatch(/\| slow\s+\| open 50.0\/s/);
    expect(stdout).toContain('Budgets: all 3 met');
    // 50 req/s for 200 ms: a round's p95 rests on its top request or so. A fault of the suite, told in a plain run too.
    expect(stdout).toMatch(/^⚠️ Rounds too small to judge p95 well: slow \(\d+\) requests per round\./m);
    expect(stdout).not.toMatch(/Rounds too small[^\n]*fast/);
    // Not a terminal: plain text, and where the results went.
    expect(stdout).not.toContain('\u001b[');
    expect(stdout.trimEnd().split('\n').slice(-2)).toEqual(['Written:', `  ${out} (the results)`]);
    expect(stderr).toContain('fast round 2/2');
    expect(stderr).toContain(`results written to ${out}`);

    const result = await readResultFile(out);
    expect(result.suite).toBe('cli-test');
    expect(result.git.sha).toBe('abc1234');
    expect(result.interrupted).toBe(false);
    expect(result.environment.rttMs).toBeGreaterThan(0);
    expect(result.scenarios.map((s) => [s.name, s.model, s.rounds.length])).toEqual([
      ['fast', 'closed', 2],
      ['slow', 'open', 2],
    ]);
    for (const round of result.scenarios.flatMap((s) => s.rounds)) {
      expect(decodeHistogram(round.histogram).totalCount).toBe(round.requests);
    }
    // The secret went to the target, and nowhere else.
    expect(authorizations).toEqual(new Set(['Bearer hunter2-very-secret']));
    expect(`${stdout}${stderr}${await readFile(out, 'utf8')}`).not.toContain('hunter2');
  });

  it('keeps a target interpolated from the environment out of the results, the report and the log', async () => {
    // The preview's secret path segment is the token; the server answers any path.
    const config = await suiteFile(`version: 1
target: "${server.url.href}\${{ env.PREVIEW_TOKEN }}"
defaults: { warmup: 0s, rounds: 1 }
scenarios:
  - name: home
    request: { path: /home }
    load: { connections: 1, duration: 100ms }
`);
    const out = join(dir, 'secret-target.json');
    const markdown = join(dir, 'secret-target.md');
    files.push(out, markdown);
    const env = { PREVIEW_TOKEN: 'pr-7-Zq8sk2Ld' };
    const run = await runCli(['run', '-c', config, '-o', out, '--progress', 'plain'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = await readResultFile(out);
    expect(result.target).toBe(`${server.url.href}\${{ env.PREVIEW_TOKEN }}`);
    expect(result.scenarios[0]!.path).toBe('/${{ env.PREVIEW_TOKEN }}/home');
    const compared = await runCli(['compare', out, out, '--markdown', markdown], env);
    const everything = [
      run.stdout,
      run.stderr,
      compared.stdout,
      compared.stderr,
      await readFile(out, 'utf8'),
      await readFile(markdown, 'utf8'),
    ].join('\n');
    expect(everything).not.toContain('Zq8sk2Ld');
    // An error that names the target names the variable too.
    const downConfig = await suiteFile(`version: 1
target: "http://127.0.0.1:${await closedPort()}/\${{ env.PREVIEW_TOKEN }}"
scenarios:
  - name: home
    request: { path: /home }
    load: { connections: 1, duration: 100ms }
`);
    const down = await runCli(['run', '-c', downConfig], env);
    expect(down.code).toBe(3);
    expect(down.stderr).not.toContain('Zq8sk2Ld');
  });

  it('writes the Markdown report asked for without a baseline: the run, with no baseline yet to judge it against', async () => {
    const config = await suiteFile(twoScenarios('thresholds:\n  slow: { p50: 500ms }\n'));
    const markdown = join(dir, 'first.md');
    files.push(markdown);
    const env = { SECRET_TOKEN: 'token' };
    const { code, stderr } = await runCli(['run', '-c', config, '-t', server.url.href, '--markdown', markdown], env);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`perf-gate: report written to ${markdown}\n`);
    const report = await readFile(markdown, 'utf8');
    expect(report).toContain('⚪ **Neutral**: no baseline yet, so nothing could regress.');
    expect(report).toMatch(/^\| fast +\| 🆕 new: no baseline yet +\|/m);
    expect(report).toContain('Budgets: all 1 met');
    // A shard's part is not judged alone, so it has no report of its own: refused before it measures.
    const sharded = await runCli(['run', '-c', config, '-t', server.url.href, '--shard', '1/2', '--markdown', markdown], env);
    expect([sharded.code, sharded.stderr]).toEqual([2, expect.stringContaining('--shard measures one part of a run')]);
  });

  it('prints the paths it wrote as they are, and masks one that holds a secret, saying so, never printing the secret', async () => {
    const config = await suiteFile(twoScenarios(''));
    // A short password that a folder name happens to hold, as the demo's "demo" in "perf-gate-demo-…".
    const env = { SECRET_TOKEN: 'shop' };
    const clean = join(dir, 'plain', 'results.json');
    const holding = join(dir, 'perf-gate-shop-1', 'results.json');
    files.push(clean, holding);
    const plain = await runCli(
      [
        'run',
        '-c',
        config,
        '-t',
        server.url.href,
        '-o',
        clean,
        '--markdown',
        clean.replace(/json$/, 'md'),
        '--baseline',
        join(dir, 'none.json'),
      ],
      env,
    );
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain(`perf-gate: results written to ${clean}\n`);
    expect(plain.stderr).toContain(`perf-gate: report written to ${clean.replace(/json$/, 'md')}\n`);
    const masked = await runCli(['run', '-c', config, '-t', server.url.href, '-o', holding], env);
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stderr).toContain(
      `perf-gate: results written to ${join(dir, 'perf-gate-${{ env.SECRET_TOKEN }}-1', 'results.json')} (the path given to --out, masked: it holds the value of a variable the suite reads from the environment)`,
    );
    expect(masked.stdout + masked.stderr).not.toContain('shop');
    // The file is where the user asked, whatever was printed.
    expect((await readResultFile(holding)).scenarios).toHaveLength(2);
  });

  it('refuses an --out or --markdown it cannot write before it measures (exit 2, nothing sent), and creates a missing directory', async () => {
    const config = await suiteFile(twoScenarios(''));
    const aFile = join(dir, 'a-file.txt');
    files.push(aFile);
    await writeFile(aFile, 'x');
    const env = { SECRET_TOKEN: 'x' };
    const before = server.requests;
    const cases: [string[], RegExp][] = [
      [['-o', dir], /--out .*: is a directory; give a file path/],
      [['-o', join(aFile, 'results.json')], /--out .*: .*a-file\.txt is a file, not a directory/],
      [['-o', '/dev/null'], /--out \/dev\/null: is a device or other special file/],
      [['--markdown', dir], /--markdown .*: is a directory/],
      // Writable to root by access(), yet nothing can be created there: refused before any load.
      [
        ['-o', '/proc/perf-gate-test/results.json'],
        /--out \/proc\/perf-gate-test\/results\.json: (nothing can be created in|no permission to write in) \/proc/,
      ],
      [
        ['--markdown', '/sys/perf-gate-test/report.md'],
        /--markdown \/sys\/perf-gate-test\/report\.md: (nothing can be created in|no permission to write in) \/sys/,
      ],
    ];
    for (const [flags, message] of cases) {
      const { code, stderr } = await runCli(['run', '-c', config, '-t', server.url.href, ...flags], env);
      expect([code, stderr]).toEqual([2, expect.stringMatching(message)]);
    }
    expect(server.requests).toBe(before);
    const nested = join(dir, 'new', 'deeper', 'results.json');
    const created = await runCli(['run', '-c', config, '-t', server.url.href, '-o', nested], env);
    expect(created.code, created.stderr).toBe(0);
    expect((await readResultFile(nested)).suite).toBe('cli-test');
    const record = await runCli(['record', '--results', nested, '--baseline', dir]);
    expect([record.code, record.stderr]).toEqual([2, expect.stringContaining('--baseline')]);
    // The other commands that write, the same way (they hung, or exited 70, as root).
    for (const [command, flag] of [
      [['record', '--results', nested, '--baseline', '/proc/perf-gate-test/b.json'], '--baseline'],
      [['compare', nested, nested, '--markdown', '/proc/perf-gate-test/c.md'], '--markdown'],
      [['report', '--html', '/proc/perf-gate-test/r.html', nested], '--html'],
    ] as const) {
      const refused = await runCli([...command]);
      expect([refused.code, refused.stderr], command.join(' ')).toEqual([2, expect.stringContaining(`${flag} /proc/perf-gate-test/`)]);
    }
  });

  it('exits 1 and marks the budget when one is exceeded', async () => {
    const config = await suiteFile(twoScenarios('thresholds:\n  slow: { p50: 5ms }\n'));
    const { code, stdout, stderr } = await runCli(['run', '-c', config, '-t', server.url.href], { SECRET_TOKEN: 'x' });
    expect(code).toBe(1);
    expect(stdout).toContain('Budgets: 1 of 1 exceeded');
    expect(stdout).toMatch(/✗ slow p50 2\d\.\d ms > 5\.00 ms/);
    // The last line names what failed: a budget, not a regression (nothing was compared).
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/^perf-gate: fail: budget exceeded: slow p50 2\d\.\d ms > 5\.00 ms$/);
  });

  it('counts unexpected statuses as errors against the error-rate budget', async () => {
    const config = await suiteFile(`version: 1
defaults: { warmup: 0s, rounds: 1 }
scenarios:
  - name: broken
    request: { path: /broken }
    load: { connections: 1, duration: 100ms }
thresholds:
  "*": { error_rate: 1% }
`);
    const { code, stdout } = await runCli(['run', '-c', config, '-t', server.url.href]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ broken error rate 100% > 1%/);
  });

  it('never calls a latency budget met when no latency was measured (every request timed out)', async () => {
    const config = await suiteFile(`version: 1
defaults: { warmup: 0s, rounds: 1, timeout: 200ms }
scenarios:
  - name: stuck
    request: { path: /hang }
    load: { connections: 2, duration: 300ms }
thresholds:
  "*": { p95: 300ms }
`);
    const { code, stdout } = await runCli(['run', '-c', config, '-t', server.url.href]);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ stuck p95 not measured (no response), budget 300 ms');
    expect(stdout).toMatch(/⚠️ stuck: every one of its \d+ requests failed: no latency was measured/);
  });

  it('exits 2 with file, line and field on an invalid suite', async () => {
    const config = await suiteFile(
      'version: 1\nscenarios:\n  - name: x\n    request: { path: / }\n    load: { connections: 1, duration: 5 }\n',
    );
    const { code, stderr, stdout } = await runCli(['run', '-c', config, '-t', server.url.href]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${config}:5:`);
    expect(stderr).toContain('scenarios[0].load.duration');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a missing suite file, an unknown flag, a bad target or no target', async () => {
    const missing = await runCli(['run', '-c', join(dir, 'nope.yml'), '-t', server.url.href]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml');

    const config = await suiteFile(twoScenarios(''));
    const unknown = await runCli(['run', '-c', config, '--targte', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--targte.*perf-gate run --help/);

    const badTarget = await runCli(['run', '-c', config, '-t', 'ftp://example.com'], { SECRET_TOKEN: 'x' });
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toContain('--target: expected an http or https URL');

    const secretQuery = await runCli(['run', '-c', config, '-t', `${server.url.href}?token=s3cr3t`], { SECRET_TOKEN: 'x' });
    expect(secretQuery.code).toBe(2);
    expect(secretQuery.stderr).toContain('--target: expected a URL without a query');
    expect(secretQuery.stderr).not.toContain('s3cr3t');

    const noTarget = await runCli(['run', '-c', config], { SECRET_TOKEN: 'x' });
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('no target to test');

    const badProgress = await runCli(['run', '-c', config, '-t', server.url.href, '--progress', 'fancy'], { SECRET_TOKEN: 'x' });
    expect(badProgress.code).toBe(2);
  });

  it('exits 3 with a clear message when the target is down', async () => {
    const config = await suiteFile(twoScenarios(''));
    const { code, stderr, stdout } = await runCli(['run', '-c', config, '-t', `http://127.0.0.1:${await closedPort()}`], {
      SECRET_TOKEN: 'x',
    });
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/unreachable: connection refused/);
  });
});

describe('perf-gate help and version', () => {
  it('documents every command and exit code', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const text of ['run', 'compare', 'record', 'schema', '130', '70', '  4 ']) expect(help.stdout).toContain(text);
    const runHelp = await runCli(['run', '--help']);
    for (const flag of [
      '--config',
      '--target',
      '--out',
      '--progress',
      '--sha',
      '--baseline',
      '--baseline-url',
      '--max-duration',
      '--json',
      '--markdown',
      '--fail-on-inconclusive',
    ]) {
      expect(runHelp.stdout).toContain(flag);
    }
    expect((await runCli(['compare', '--help'])).stdout).toContain('Usage: perf-gate compare');
    expect((await runCli(['help', 'record'])).stdout).toContain('Usage: perf-gate record');
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli([])).code).toBe(2);
  });

  it('prints the JSON Schema of the suite file', async () => {
    const { code, stdout } = await runCli(['schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveProperty('properties.scenarios');
  });
});
