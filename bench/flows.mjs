/**
 * What a flow costs the generator: requests per second of a three-step flow (one capture, one
 * variable) against those of one fixed request, on the same target, in the same run; and the
 * fixed request's throughput against the engine of an earlier commit (its committed
 * dist/cli.js), side by side, so a change to the engine that slows the common case shows.
 *
 *   npm run build && node bench/flows.mjs                      # against HEAD~1's engine
 *   node bench/flows.mjs --against v1.0.0 --duration 5 --reps 5
 *
 * Target: bench/targets/raw.mjs, which answers every request at once without parsing HTTP, so
 * the generator sets the pace (see README.md). Every configuration runs --reps times, in turn,
 * and the median is reported; the ratios are the point, not the absolute figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { CONNECTIONS, PERF_GATE_CLI } from './generators.mjs';
import { runCommand, startServer } from './processes.mjs';

const { values } = parseArgs({
  options: {
    against: { type: 'string', default: 'HEAD~1' },
    duration: { type: 'string', default: '3' },
    reps: { type: 'string', default: '3' },
  },
});
const durationS = Number(values.duration);
const reps = Number(values.reps);
const root = fileURLToPath(new URL('..', import.meta.url));

const STATIC = `
  - name: static
    request: { path: /static }
    load: { connections: ${CONNECTIONS}, duration: ${durationS}s }`;
// Three requests an iteration: the first captures a word of the body, the second sends it in its
// path, the third is fixed. The raw target answers "hello world" to everything.
const FLOW = `
  - name: flow
    load: { connections: ${CONNECTIONS}, duration: ${durationS}s }
    flow:
      - name: first
        request: { path: /first }
        capture: { word: { regex: "(\\\\w+) world" } }
      - name: second
        request: { path: "/second/{{ word }}" }
      - name: third
        request: { path: /third }`;

async function run(cli, scenario) {
  const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-flows-'));
  try {
    const suite = join(dir, 'suite.yml');
    const out = join(dir, 'results.json');
    await writeFile(suite, `version: 1\nname: flows-bench\ndefaults: { warmup: 0.5s, rounds: 1, timeout: 5s }\nscenarios:${scenario}\n`);
    const result = await runCommand(process.execPath, [cli, 'run', '--config', suite, '--target', target.url, '--out', out], { timeoutMs: durationS * 1000 + 30_000 });
    if (result.code !== 0) throw new Error(`perf-gate exited with ${result.code}: ${result.stderr.slice(-500)}`);
    const scenarios = JSON.parse(await readFile(out, 'utf8')).scenarios;
    // Requests per second on the wire: a flow's steps' requests, or the fixed request's.
    const entries = scenarios.length > 1 ? scenarios.slice(1) : scenarios;
    const round = (entry) => entry.rounds[0];
    const errors = entries.reduce((sum, entry) => sum + round(entry).errors.total, 0);
    if (errors > 0) throw new Error(`${errors} failed requests: the bench measures nothing then`);
    return entries.reduce((sum, entry) => sum + round(entry).requests, 0) / (round(scenarios[0]).durationMs / 1000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const previous = join(await mkdtemp(join(tmpdir(), 'perf-gate-bench-prev-')), 'cli.js');
await writeFile(previous, execFileSync('git', ['show', `${values.against}:dist/cli.js`], { cwd: root, maxBuffer: 64 * 2 ** 20 }));
const target = await startServer(fileURLToPath(new URL('targets/raw.mjs', import.meta.url)));
const figures = { static: [], previous: [], flow: [] };
try {
  for (let rep = 0; rep < reps; rep++) {
    figures.static.push(await run(PERF_GATE_CLI, STATIC));
    figures.previous.push(await run(previous, STATIC));
    figures.flow.push(await run(PERF_GATE_CLI, FLOW));
  }
} finally {
  target.stop();
  await rm(previous, { force: true });
}

const [staticRps, previousRps, flowRps] = [figures.static, figures.previous, figures.flow].map(median);
const row = (...cells) => `| ${cells.join(' | ')} |`;
console.log(`\n${CONNECTIONS} connections, ${durationS} s, median of ${reps} reps, raw target; requests per second\n`);
console.log(row('fixed request', `fixed request (${values.against})`, 'three-step flow', 'fixed / previous', 'flow / fixed'));
console.log(row('---:', '---:', '---:', '---:', '---:'));
console.log(row(Math.round(staticRps), Math.round(previousRps), Math.round(flowRps), (staticRps / previousRps).toFixed(3), (flowRps / staticRps).toFixed(3)));
