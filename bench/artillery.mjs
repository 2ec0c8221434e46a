/**
 * Artillery (https://www.artillery.io) running the flow bench's three-step flow, for
 * `node bench/flows.mjs --artillery`. Artillery is not a dependency of perf-gate: it is taken
 * from --artillery-bin (its CLI script, bin/run in the package), or installed once, pinned,
 * into <tmpdir>/perf-gate-bench-artillery (about 600 MB). 2.0.21 is the last release that runs
 * on Node 18 and 20; later ones need Node 22.13 or newer. Artillery runs on the same Node as
 * perf-gate (process.execPath).
 *
 * The load: open model, `rate` virtual users a second for `durationS` seconds, each running the
 * flow once, at most `inFlight` at a time (`maxVusers`), over a shared pool of as many
 * keep-alive connections (`http.pool`; without it every virtual user opens a connection of its
 * own): perf-gate's `load: { rate, connections, duration }`. Artillery does not drop the
 * arrivals it cannot start on time, it starts them late: when `rate` is more than it can reach,
 * the run lasts longer than `durationS`, and requests over the time they took is its throughput.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runCommand } from './processes.mjs';

export const ARTILLERY_VERSION = '2.0.21';
const CACHE = join(tmpdir(), 'perf-gate-bench-artillery');
const OFFLINE = fileURLToPath(new URL('artillery-offline.mjs', import.meta.url));

/** Artillery's CLI script: `bin` when given, else the pinned release, installed on first use. */
export async function artilleryBin(bin) {
  if (bin) return bin;
  const installed = join(CACHE, 'node_modules', 'artillery');
  const version = await readFile(join(installed, 'package.json'), 'utf8').then(
    (text) => JSON.parse(text).version,
    () => undefined,
  );
  if (version !== ARTILLERY_VERSION) {
    console.error(`installing Artillery ${ARTILLERY_VERSION} into ${CACHE} (once: a few minutes, about 600 MB)`);
    // --ignore-scripts: one of the tree's install scripts downloads a browser for Artillery's
    // Playwright engine; the others build a native module for a metrics plugin or print
    // notices. An HTTP test needs none of them.
    const args = ['install', '--prefix', CACHE, '--no-audit', '--no-fund', '--ignore-scripts', `artillery@${ARTILLERY_VERSION}`];
    const result = await runCommand('npm', args, { timeoutMs: 15 * 60_000 });
    if (result.code !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
  }
  return join(installed, 'bin', 'run');
}

// The flow of flows.mjs's FLOW: capture a word of the first response, send it in the second
// request's path, then a fixed third request. The raw target answers "hello world" to everything.
function script(url, { rate, durationS, inFlight }) {
  return `config:
  target: ${url}
  phases:
    - { duration: ${durationS}, arrivalRate: ${rate}, maxVusers: ${inFlight} }
  http: { timeout: 5, pool: ${inFlight} }
scenarios:
  - flow:
      - get:
          url: /first
          capture: { regexp: "(\\\\w+) world", group: 1, as: word }
      - get: { url: "/second/{{ word }}" }
      - get: { url: /third }
`;
}

/**
 * Runs the flow under Artillery and resolves with the requests it completed, the seconds from
 * the first virtual user to the last response, and the process's CPU time and peak RSS.
 */
export async function runArtillery(bin, url, load) {
  const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-artillery-'));
  try {
    const file = join(dir, 'flow.yml');
    const out = join(dir, 'report.json');
    await writeFile(file, script(url, load));
    // Room for start-up, teardown and a backlog served at a few hundred requests a second.
    const timeoutMs = 60_000 + (load.rate * load.durationS * 3 * 1000) / 300;
    const args = ['--import', OFFLINE, bin, 'run', '--output', out, file];
    const result = await runCommand(process.execPath, args, { timeoutMs, measured: true });
    if (result.code !== 0) throw new Error(`Artillery exited with ${result.code}: ${result.stderr.slice(-500)}`);
    const { counters, firstCounterAt, lastCounterAt } = JSON.parse(await readFile(out, 'utf8')).aggregate;
    const requests = counters['http.requests'];
    // A failed capture ends its virtual user: every flow sent all three requests only if every
    // capture worked.
    if (counters['vusers.failed'] > 0 || counters['http.codes.200'] !== requests || requests !== 3 * counters['vusers.created']) {
      throw new Error(`Artillery's run had failures, the bench measures nothing then: ${JSON.stringify(counters)}`);
    }
    return {
      requests,
      seconds: (lastCounterAt - firstCounterAt) / 1000,
      cpuSeconds: result.cpuSeconds,
      peakRssMiB: result.peakRssMiB,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
