// The npm package as a user gets it: its tarball installed into an empty project with no
// registry (it must need no other download), then `npx perf-gate --version` and `--help` there.
//   npm pack && node scripts/check-package.mjs perf-gate-X.Y.Z.tgz
// The release runs it on the tarball it publishes, and .ci/run on one it packs the same way, so
// that the release's pack-and-install steps are tried on every change. Writes only to a
// temporary folder, removed at the end.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
// Not the npm_* settings of an `npm run` this may run under, which would point the install elsewhere.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
const run = (command, args, cwd) => execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

if (process.argv[2] === undefined) throw new Error('usage: node scripts/check-package.mjs TARBALL (from npm pack)');
const tarball = resolve(process.argv[2]);
const project = await mkdtemp(join(tmpdir(), 'perf-gate-package-'));
try {
  await writeFile(join(project, 'package.json'), '{ "name": "user-project", "private": true }\n');
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project);

  const shown = run('npx', ['--no-install', 'perf-gate', '--version'], project).trim();
  if (shown !== version) throw new Error(`npx perf-gate --version printed "${shown}", but package.json says ${version}`);
  const help = run('npx', ['--no-install', 'perf-gate', '--help'], project);
  if (!help.startsWith('perf-gate: ')) throw new Error(`npx perf-gate --help printed:\n${help}`);
  console.log(
    `${tarball.slice(tarball.lastIndexOf('/') + 1)} installs offline into an empty project; npx perf-gate --version says ${shown}, --help lists ${help.match(/^ {2}perf-gate /gm).length} forms`,
  );
} finally {
  await rm(project, { recursive: true, force: true });
}
