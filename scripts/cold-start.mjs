// Cold start of the bundles, as users and the Actions runner meet it: a fresh `node` process each time.
//   node scripts/cold-start.mjs [--runs N] [--node PATH] [--dist DIR] [cli|action|all]
// cli:    `node dist/cli.js --version`, spawn to exit, in turn with `node -e 0` (Node's own start-up, the
//         floor), and what the bundle adds to it (the median of the pairs' differences).
// action: `node dist/index.js` with the runner's environment (INPUT_*, GITHUB_EVENT_PATH of a pull request,
//         GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_API_URL), from the spawn to the arrival of its first HTTP
//         request (the GitHub API or the target, whichever comes first) at a local server; then it is killed.
// Each: one warm-up run, then N (default 20); prints the median and the range, in milliseconds. Run
// `npm run build` first; --dist names another build (a folder under a package.json of "type": "module").
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    node: { type: 'string', default: process.execPath },
    dist: { type: 'string', default: join(root, 'dist') },
  },
  allowPositionals: true,
});
const runs = Number(values.runs);
const which = positionals[0] ?? 'all';
const node = values.node;
const dist = resolve(values.dist);

/** Milliseconds from spawn to exit of `node ...args`. */
function untilExit(args, env = { PATH: process.env.PATH ?? '' }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, args, { cwd: root, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`node ${args.join(' ')} exited ${code}`)),
    );
  });
}

function median(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

function summary(name, times) {
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(44)} median ${median(times).toFixed(0).padStart(4)} ms  (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)}, ${times.length} runs)`,
  );
}

/** One warm-up run of each (the file cache; Node's compile cache is not enabled), then `runs` of each in turn. */
async function measure(...commands) {
  for (const { once } of commands) await once();
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) for (const [c, { once }] of commands.entries()) times[c].push(await once());
  for (const [c, { name }] of commands.entries()) summary(name, times[c]);
  return times;
}

async function actionFirstRequest() {
  const dir = await mkdtemp(join(tmpdir(), 'perf-gate-cold-start-'));
  let arrived;
  const server = createServer((req, res) => {
    arrived?.(performance.now());
    arrived = undefined;
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const sha = (c) => c.repeat(40);
  await writeFile(
    join(dir, 'perf-gate.yml'),
    `version: 1\nname: shop\ntarget: ${url}\nscenarios:\n  - name: api\n    request: { path: /api }\n    load: { connections: 1, duration: 1s }\n`,
  );
  const event = {
    pull_request: { number: 7, head: { sha: sha('a'), ref: 'feature' }, base: { sha: sha('c'), ref: 'main' } },
    repository: { full_name: 'octo-org/shop' },
  };
  await writeFile(join(dir, 'event.json'), JSON.stringify(event));
  await writeFile(join(dir, 'output'), '');
  await writeFile(join(dir, 'summary.md'), '');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_REPOSITORY: 'octo-org/shop',
    GITHUB_SHA: sha('b'),
    GITHUB_API_URL: url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    RUNNER_TEMP: dir,
    INPUT_CONFIG: 'perf-gate.yml',
    INPUT_MODE: 'gate',
    'INPUT_GITHUB-TOKEN': 'ghs_cold-start',
    'INPUT_BASELINE-BRANCH': 'perf-gate-baselines',
    INPUT_COMMENT: 'always',
    'INPUT_CHECK-NAME': 'perf-gate',
    'INPUT_FAIL-ON': 'regression',
    'INPUT_WAIT-TIMEOUT': '5m',
  };
  const once = () =>
    new Promise((resolve, reject) => {
      let first;
      arrived = (at) => {
        first = at;
        child.kill('SIGKILL');
      };
      const started = performance.now();
      const child = spawn(node, [join(dist, 'index.js')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('error', reject);
      child.on('close', () =>
        first === undefined ? reject(new Error(`dist/index.js made no request:\n${output}`)) : resolve(first - started),
      );
    });
  try {
    await measure({ name: 'node dist/index.js: spawn → first request', once });
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`${node} (${(await nodeVersion()).trim()}), ${dist}, ${runs} runs each`);
if (which === 'cli' || which === 'all') {
  const [floor, version] = await measure(
    { name: 'node -e 0 (Node itself)', once: () => untilExit(['-e', '0']) },
    { name: 'node dist/cli.js --version', once: () => untilExit([join(dist, 'cli.js'), '--version']) },
  );
  console.log(
    `${'--version over node -e 0, pair by pair'.padEnd(44)} median ${median(version.map((t, i) => t - floor[i]))
      .toFixed(0)
      .padStart(4)} ms`,
  );
}
if (which === 'action' || which === 'all') await actionFirstRequest();

function nodeVersion() {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(node, ['--version']);
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', () => resolve(out));
  });
}
