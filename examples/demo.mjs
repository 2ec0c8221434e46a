/**
 * `npm run demo`: what perf-gate does on a pull request, on your machine, in two to three minutes.
 *
 * It starts the example shop (examples/target.mjs) twice: "main", as it is, and "the pull
 * request", with a planted slowdown (every request of /slow, the search work, the cart's write and
 * the report's aggregation take 1.6× as long: in the checkout flow, only its add-to-cart step; in the
 * report, only its CPU time per request, which the shop's /metrics gives and its latency hides).
 * Then it runs examples/perf-gate.yml against the pull request's shop with
 * --baseline-url pointing at main's: the interleaved A/B mode, which measures both in
 * alternating rounds on the same machine in the same minute and judges the paired difference.
 * The report shows which metrics regressed beyond the 10 % threshold, with confidence intervals.
 *
 *   npm run demo                      # planted slowdown 1.6: the gate catches it
 *   npm run demo -- --slowdown 1      # no change: the gate passes
 *
 * The demo exits 0 when perf-gate ran and reported, whatever the verdict (catching the planted
 * regression is the point), and its last line repeats the verdict's headline: what failed (a
 * regression, a budget) or that nothing did. It exits with the CLI's code otherwise (2 bad input,
 * 3 unreachable, 130 interrupted).
 *
 * Each shop runs in its own process, so that it does not share an event loop with the load
 * generator: in one process each would steal the other's time and the numbers would describe
 * neither.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const suite = join(root, 'examples', 'perf-gate.yml');
const targetScript = join(root, 'examples', 'target.mjs');
const TARGET_START_TIMEOUT_MS = 10_000;
// The suite's setup logs in with ${{ env.SHOP_PASSWORD }}, as a workflow would pass a secret.
const SHOP_PASSWORD = 'demo';

const { values } = parseArgs({ options: { slowdown: { type: 'string', default: '1.6' } } });

if (!existsSync(cli)) {
  console.error(`${relative(process.cwd(), cli)} not found: run npm run build first`);
  process.exit(2);
}

// The children get their own process group (`detached`), so a Ctrl-C in the terminal reaches
// this process alone and it decides the order: the CLI gets exactly the signals the user sent
// (its first Ctrl-C keeps the completed rounds, a second leaves at once) while the shops keep
// answering until the CLI is done. The shops also exit by themselves if this process dies
// without cleaning up (see target.mjs), and are killed here on every normal way out.
const startShop = (args) => fork(targetScript, args, { detached: true, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const main = startShop([]);
const pullRequest = startShop(['--slowdown', values.slowdown]);
let cliProcess;
process.on('exit', () => {
  main.kill();
  pullRequest.kill();
});
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
      reject(new Error(`the example shop did not start within ${TARGET_START_TIMEOUT_MS / 1000} s`));
    }, TARGET_START_TIMEOUT_MS);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message.url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example shop exited (code ${code}) before listening`));
    });
  });
}

/**
 * Runs the CLI with its output passed through as it comes, and keeps its last verdict line
 * ("perf-gate: fail: p95 +60 % on search · 1 budget exceeded") for the demo's closing words.
 */
function run(command, args) {
  return new Promise((resolve, reject) => {
    cliProcess = spawn(command, args, { detached: true, stdio: ['inherit', 'inherit', 'pipe'], env: { ...process.env, SHOP_PASSWORD } });
    let stderr = '';
    cliProcess.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderr = (stderr + chunk.toString()).slice(-64 * 1024);
    });
    cliProcess.once('error', reject);
    cliProcess.once('close', (code, signal) => {
      const verdict = [...stderr.matchAll(/^perf-gate: (pass|fail|inconclusive|neutral): (.*)$/gm)].at(-1);
      resolve({ code: code ?? signalExitCode(signal), verdict: verdict && { word: verdict[1], title: verdict[2] } });
    });
  });
}

/**
 * A folder for the results whose path does not hold the shop's password: perf-gate prints no
 * secret's value, not even inside a path, so such a path would be printed masked.
 */
async function resultsFolder() {
  for (let attempt = 0; ; attempt++) {
    const folder = await mkdtemp(join(tmpdir(), 'perf-gate-shop-'));
    if (!folder.includes(SHOP_PASSWORD) || attempt === 9) return folder;
    await rm(folder, { recursive: true });
  }
}

let urls;
try {
  urls = await Promise.all([waitForUrl(main), waitForUrl(pullRequest)]);
} catch (error) {
  console.error(`demo: ${error.message}`);
  // 3 is the CLI's "target unreachable": the same outcome as far as a caller is concerned.
  process.exit(3);
}
const [mainUrl, pullRequestUrl] = urls;
const out = join(await resultsFolder(), 'results.json');
const config = relative(process.cwd(), suite);
console.error(
  `perf-gate demo: the example shop as on main at ${mainUrl}, and as in a pull request that makes\n` +
    `/slow, the search, the cart and the report's CPU time ${values.slowdown}× dearer at ${pullRequestUrl}; suite ${config}, two to three minutes\n`,
);

const { code, verdict } = await run(process.execPath, [
  cli,
  'run',
  // The CLI's stderr reaches the terminal through this process: the progress it would choose there.
  '--progress',
  process.stderr.isTTY && process.env.CI === undefined ? 'live' : 'plain',
  '--config',
  config,
  '--target',
  pullRequestUrl,
  '--baseline-url',
  mainUrl,
  '--out',
  out,
  '--markdown',
  out.replace(/\.json$/, '.md'),
]);
main.kill();
pullRequest.kill();
if (existsSync(out)) console.error(`\nresults: ${out} (and ${out.replace(/\.json$/, '.base.json')}, ${out.replace(/\.json$/, '.md')})`);
if (code === 0 || code === 1) {
  console.error(closingLine(code, verdict));
  process.exit(0);
}
process.exit(code);

/** What the gate decided, in the words of its verdict line: what failed, or that nothing did. */
function closingLine(code, verdict) {
  const did = { fail: 'failed', pass: 'passed', inconclusive: 'could not decide on', neutral: 'had no baseline for' };
  const decided =
    verdict === undefined
      ? `${code === 1 ? 'failed' : 'passed'} the pull request`
      : `${did[verdict.word]} the pull request: ${verdict.title}`;
  const unseen = code === 0 && Number(values.slowdown) > 1.1 ? `; the planted ${values.slowdown}× slowdown went unseen` : '';
  const line = `demo: the gate ${decided}${unseen}`;
  return /[.…]$/.test(line) ? line : `${line}.`;
}
