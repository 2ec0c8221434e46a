import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CLI, runBundledCli } from '../helpers/bundled-cli.js';
import { ok, startServer, type TestServer } from '../helpers/servers.js';

// The committed bundle, run as users run it: `node dist/cli.js …` in a child process (test/helpers/bundled-cli.ts).

let dir: string;
let server: TestServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-dist-'));
  server = await startServer((_req, res) => ok(res));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** The files of the bundle that `node dist/cli.js …` loads, as a module loader hook sees them. */
async function loadedFiles(args: string[]): Promise<string[]> {
  const hook = join(dir, 'hook.mjs');
  await writeFile(
    hook,
    "import { writeSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) writeSync(2, `loaded ${url}\\n`);\n  return next(url, context);\n}\n",
  );
  const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)});`)}`;
  const { code, stderr } = await runBundledCli(args, { nodeArgs: ['--import', register] });
  expect(code, stderr).toBe(0);
  return [...stderr.matchAll(/^loaded (.+)$/gm)].map((m) => fileURLToPath(m[1]!));
}

describe('dist/cli.js', () => {
  // Today --version loads about 11 kB in 7 files of the CLI's 2 MB, and --help (and a command's
  // --help) about 29 kB in 9, the commands' manuals: no command's code, none of zod, yaml, undici
  // or the engine.
  it.each([
    ['--version', 16],
    ['--help', 40],
    ['run --help', 40],
  ])('answers %s loading the entry, the dispatch and at most the manuals, a few kilobytes (cold start)', async (args, kB) => {
    const files = await loadedFiles(args.split(' '));
    expect(files[0]).toBe(BUNDLED_CLI);
    const bytes = (await Promise.all(files.map((file) => stat(file)))).reduce((sum, s) => sum + s.size, 0);
    expect(bytes).toBeLessThan(kB * 1024);
    expect(files.length).toBeLessThanOrEqual(10);
    expect(files.some((file) => /-command-/.test(file))).toBe(false);
  });

  it("loads a command's code when it runs, and no other command's: perf-gate schema", async () => {
    const files = await loadedFiles(['schema']);
    expect(files.some((file) => /schema-command-\w+\.js$/.test(file))).toBe(true);
    expect(files.some((file) => /run-command-/.test(file))).toBe(false);
  });

  it('with PERF_GATE_DEBUG, names the source files in the stack of an unexpected error (source maps)', async () => {
    // An unexpected error, made on purpose: JSON.stringify fails for the schema.
    const fail = `data:text/javascript,${encodeURIComponent('const stringify = JSON.stringify; JSON.stringify = (value, ...rest) => { if (value?.$schema !== undefined) throw new Error("made to fail"); return stringify(value, ...rest); };')}`;
    const plain = await runBundledCli(['schema'], { nodeArgs: ['--import', fail] });
    expect(plain.code).toBe(70);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runBundledCli(['schema'], { nodeArgs: ['--import', fail], env: { PERF_GATE_DEBUG: '1' } });
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/\n\s+at .*src\/cli\/main\.ts:\d+:\d+/);
  });

  it('runs a suite end to end', async () => {
    const config = join(dir, 'perf-gate.yml');
    await writeFile(
      config,
      'version: 1\ndefaults: { warmup: 0s, rounds: 1 }\nscenarios:\n  - name: ping\n    request: { path: / }\n    load: { connections: 1, duration: 100ms }\n',
    );
    const { code, stdout, stderr } = await runBundledCli(['run', '--config', config, '--target', server.url.href]);
    expect(stderr).toContain('ping round 1/1');
    expect(stdout).toMatch(/\| ping\s+\| closed/);
    expect(code).toBe(0);
  });

  it('reports bad input without a stack trace and exits 2', async () => {
    const config = join(dir, 'bad.yml');
    await writeFile(config, 'version: 2\nscenarios: []\n');
    const { code, stderr } = await runBundledCli(['run', '--config', config, '--target', server.url.href]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${config}:1:`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('on %s (a cancelled CI job), writes and reports the completed rounds, and exits %i', async (signal, exitCode) => {
    const config = join(dir, `${signal}.yml`);
    const out = join(dir, `${signal}.json`);
    await writeFile(
      config,
      'version: 1\ndefaults: { warmup: 0s, rounds: 50 }\nscenarios:\n  - name: ping\n    request: { path: / }\n    load: { connections: 1, duration: 200ms }\n',
    );
    const argv = [BUNDLED_CLI, 'run', '--config', config, '--target', server.url.href, '-o', out, '--progress', 'plain'];
    const child = spawn(process.execPath, argv, { env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    // Signalled once two rounds are done: 50 rounds of 200 ms would take 10 s.
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (/ping round 2\/50/.test(stderr) && child.signalCode === null && !child.killed) child.kill(signal);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(exitCode);
    const result = JSON.parse(await readFile(out, 'utf8'));
    expect(result.interrupted).toBe(true);
    expect(result.scenarios[0].rounds.length).toBeGreaterThanOrEqual(1);
    expect(result.scenarios[0].rounds.length).toBeLessThan(50);
    expect(stdout).toMatch(/\| ping\s+\| closed/);
  });
});
