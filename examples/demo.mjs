/**
 * `npm run demo`: starts the example shop (examples/target.mjs) and runs examples/perf-gate.yml
 * against it with the built CLI, then stops the shop and exits with the CLI's exit code.
 *
 * The shop runs in its own process so that it does not share an event loop with the load
 * generator: in one process each would steal the other's time and the numbers would describe
 * neither. Extra arguments go to the shop, e.g. `npm run demo -- --slowdown 1.2`.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const suite = join(root, 'examples', 'perf-gate.yml');
const targetScript = join(root, 'examples', 'target.mjs');
const TARGET_START_TIMEOUT_MS = 10_000;

if (!existsSync(cli)) {
  console.error(`${relative(process.cwd(), cli)} not found: run npm run build first`);
  process.exit(2);
}

// Both children get their own process group (`detached`), so a Ctrl-C in the terminal reaches
// this process alone and it decides the order: the CLI gets exactly the signals the user sent
// (its first Ctrl-C keeps the completed rounds, a second leaves at once) while the shop keeps
// answering until the CLI is done. The shop also exits by itself if this process dies without
// cleaning up (see target.mjs), and is killed here on every normal way out.
const target = fork(targetScript, process.argv.slice(2), {
  detached: true,
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
let cliProcess;
process.on('exit', () => target.kill());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (cliProcess) cliProcess.kill(signal);
    else process.exit(signalExitCode(signal));
  });
}

/** The shell convention, so `npm run demo; echo $?` tells an interrupted run from a failed gate. */
function signalExitCode(signal) {
  return 128 + constants.signals[signal];
}

function waitForUrl(child) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the example target did not start within ${TARGET_START_TIMEOUT_MS / 1000} s`));
    }, TARGET_START_TIMEOUT_MS);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message.url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example target exited (code ${code}) before listening`));
    });
  });
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    cliProcess = spawn(command, args, { detached: true, stdio: 'inherit' });
    cliProcess.once('error', reject);
    cliProcess.once('exit', (code, signal) => resolve(code ?? signalExitCode(signal)));
  });
}

let url;
try {
  url = await waitForUrl(target);
} catch (error) {
  console.error(`demo: ${error.message}`);
  // 3 is the CLI's "target unreachable": the same outcome as far as a caller is concerned.
  process.exit(3);
}
const out = join(await mkdtemp(join(tmpdir(), 'perf-gate-demo-')), 'results.json');
const config = relative(process.cwd(), suite);
console.error(`perf-gate demo: example shop at ${url} (pid ${target.pid}), suite ${config}, ~25 s\n`);

const code = await run(process.execPath, [cli, 'run', '--config', config, '--target', url, '--out', out]);
target.kill();
if (existsSync(out)) console.error(`\nresults: ${out}`);
process.exit(code);
