import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the example shop is plain JavaScript, without types.
import { startTarget } from '../../examples/target.mjs';

// The package as npm would publish it: `npm pack`, installed into an empty folder, run from its bin.
const root = fileURLToPath(new URL('../..', import.meta.url));

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No npm_config_* from the test runner's own npm, which would point the install elsewhere.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
    execFile(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
    });
  });
}

let dir: string;
let shop: { url: string; close: () => Promise<void> };
let tarball: { filename: string; files: { path: string }[] };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-package-'));
  shop = await startTarget({ port: 0 });
  const packed = await run('npm', ['pack', '--json', '--pack-destination', dir], root);
  expect(packed.code, packed.stderr).toBe(0);
  tarball = (JSON.parse(packed.stdout) as (typeof tarball)[])[0]!;
}, 60_000);
afterAll(async () => {
  await shop?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the published package', () => {
  it('holds the CLI bundle (its entry, its chunks, their source maps), its schema, the README and the licence, and nothing of the development', async () => {
    // The chunks' names carry a hash of their contents: the package holds exactly those the build made for the CLI.
    const chunks = (await readdir(join(root, 'dist', 'cli'))).map((name) => `dist/cli/${name}`);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((path) => /^dist\/cli\/[\w-]+\.js(\.map)?$/.test(path))).toBe(true);
    expect(tarball.files.map((f) => f.path).sort()).toEqual(
      ['LICENSE', 'README.md', 'dist/cli.js', 'dist/cli.js.map', ...chunks, 'package.json', 'perf-gate.schema.json'].sort(),
    );
  });

  it('installs into an empty project with nothing else from the registry, and runs a suite against the example shop', async () => {
    const project = join(dir, 'project');
    await run('mkdir', ['-p', project], dir);
    await writeFile(join(project, 'package.json'), '{ "name": "user-project", "private": true }\n');
    // --offline: the bundle carries its dependencies, so installing it must need no download.
    const installed = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, tarball.filename)], project);
    expect(installed.code, installed.stderr).toBe(0);
    const bin = join(project, 'node_modules', '.bin', 'perf-gate');

    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    const shown = await run(bin, ['--version'], project);
    expect(shown.stdout.trim()).toBe(version);

    await writeFile(
      join(project, 'perf-gate.yml'),
      'version: 1\nname: shop\ndefaults: { warmup: 0s, rounds: 2 }\nscenarios:\n  - name: products\n    request: { path: /api/products }\n    load: { connections: 2, duration: 200ms }\n    expect: { status: [200] }\n',
    );
    const measured = await run(bin, ['run', '--target', shop.url, '--out', 'results.json'], project);
    expect(measured.stderr).toContain('products round 2/2');
    expect(measured.code, measured.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(project, 'results.json'), 'utf8')) as {
      scenarios: { name: string; rounds: { requests: number }[] }[];
    };
    expect(results.scenarios[0]!.name).toBe('products');
    expect(results.scenarios[0]!.rounds.every((round) => round.requests > 0)).toBe(true);
  }, 60_000);
});
