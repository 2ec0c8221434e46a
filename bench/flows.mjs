/**
 * What a flow costs the generator: requests per second of a three-step flow (one capture, one
 * variable) against those of one fixed request, on the same target, in the same run; and the
 * fixed request's throughput against the engine of an earlier commit (its committed
 * dist/cli.js), side by side, so a change to the engine that slows the common case shows.
 *
 * --memory adds the perf-gate process's peak RSS (GNU time's maximum resident set size) running
 * the flow for --memory-duration seconds (default 10) and for four times as long: memory should
 * stay flat in run length. A run of a few seconds shows only the peak of start-up, which the
 * loaded process's heap passes later.
 *
 * --artillery adds the same flow run by Artillery (see artillery.mjs, which installs it on first
 * use), next to perf-gate, both in the open model with at most 100 flows in flight, each offered
 * more flows a second than it can start (--rate for perf-gate, --artillery-rate for Artillery),
 * so that both run flat out: requests per second, and requests per CPU-second of the generator
 * process (user + system, all threads, less that of a 1 s near-idle run of the same tool, its
 * start-up and teardown). k6 is not compared: neither npm (its `k6` package holds type
 * definitions only) nor Debian has a k6 binary.
 *
 * --memory and --artillery measure with GNU time at /usr/bin/time (Debian/Ubuntu: apt-get install time).
 *
 *   npm run build && node bench/flows.mjs                      # against HEAD~1's engine
 *   node bench/flows.mjs --against v1.0.0 --duration 5 --reps 5
 *   node bench/flows.mjs --memory --artillery                  # ~5 min, more on first use
 *
 * Target: bench/targets/raw.mjs, which answers every request at once without parsing HTTP, so
 * the generator sets the pace (see README.md). Every configuration runs --reps times, in turn,
 * and the median is reported (for the ratios of --memory and --artillery, the median of each
 * rep's ratio); the ratios are the point, not the absolute figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ARTILLERY_VERSION, artilleryBin, runArtillery } from './artillery.mjs';
import { CONNECTIONS, PERF_GATE_CLI } from './generators.mjs';
import { readOptions } from './options.mjs';
import { runCommand, startServer, timeMissing } from './processes.mjs';

const values = readOptions({
  against: 'HEAD~1',
  duration: '3',
  reps: '3',
  memory: false,
  'memory-duration': '10',
  artillery: false,
  'artillery-bin': undefined,
  rate: '20000',
  'artillery-rate': '2000',
});
const durationS = Number(values.duration);
const reps = Number(values.reps);
const memoryS = Number(values['memory-duration']);
const rates = { perfGate: Number(values.rate), artillery: Number(values['artillery-rate']) };
// Flows in flight at most, in the comparison with Artillery: perf-gate's default in the open model.
const IN_FLIGHT = 100;
const root = fileURLToPath(new URL('..', import.meta.url));

if ((values.memory || values.artillery) && timeMissing()) {
  console.error(`--memory and --artillery need ${timeMissing()}`);
  process.exit(2);
}

const STATIC = `
  - name: static
    request: { path: /static }
    load: { connections: ${CONNECTIONS}, duration: ${durationS}s }`;
// Three requests an iteration: the first captures a word of the body, the second sends it in its
// path, the third is fixed. The raw target answers "hello world" to everything.
const flow = (load) => `
  - name: flow
    load: ${load}
    flow:
      - name: first
        request: { path: /first }
        capture: { word: { regex: "(\\\\w+) world" } }
      - name: second
        request: { path: "/second/{{ word }}" }
      - name: third
        request: { path: /third }`;
const closedFlow = (seconds) => flow(`{ connections: ${CONNECTIONS}, duration: ${seconds}s }`);
const openFlow = (rate, seconds) => flow(`{ rate: ${rate}, connections: ${IN_FLIGHT}, duration: ${seconds}s }`);

/**
 * Runs one scenario of `seconds` and resolves with the requests it completed on the wire (a
 * flow's steps' requests, or the fixed request's) and their rate, the open model's dropped
 * starts, and with `measured` the process's CPU time and peak RSS.
 */
async function run(cli, scenario, { seconds = durationS, warmup = '0.5s', measured = false } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-flows-'));
  try {
    const suite = join(dir, 'suite.yml');
    const out = join(dir, 'results.json');
    await writeFile(
      suite,
      `version: 1\nname: flows-bench\ndefaults: { warmup: ${warmup}, rounds: 1, timeout: 5s }\nscenarios:${scenario}\n`,
    );
    const args = [cli, 'run', '--config', suite, '--target', target.url, '--out', out];
    const result = await runCommand(process.execPath, args, { timeoutMs: seconds * 1000 + 30_000, measured });
    if (result.code !== 0) throw new Error(`perf-gate exited with ${result.code}: ${result.stderr.slice(-500)}`);
    const scenarios = JSON.parse(await readFile(out, 'utf8')).scenarios;
    const entries = scenarios.length > 1 ? scenarios.slice(1) : scenarios;
    const round = (entry) => entry.rounds[0];
    const errors = entries.reduce((sum, entry) => sum + round(entry).errors.total, 0);
    if (errors > 0) throw new Error(`${errors} failed requests: the bench measures nothing then`);
    const requests = entries.reduce((sum, entry) => sum + round(entry).requests, 0);
    return {
      requests,
      rps: requests / (round(scenarios[0]).durationMs / 1000),
      dropped: round(scenarios[0]).open?.dropped,
      cpuSeconds: result.cpuSeconds,
      peakRssMiB: result.peakRssMiB,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medianOf = (list, key) => median(list.map((item) => item[key]));
const ratio = (over, under, key) => median(over.map((item, i) => item[key] / under[i][key]));
const count = (n) => Math.round(n).toLocaleString('en-US');

/**
 * One rep of the comparison with Artillery: each tool flat out, then near-idle (one flow in 1 s)
 * for its start-up and teardown CPU time, which is taken off the loaded run's.
 */
async function compare(artilleryCli) {
  const load = await run(PERF_GATE_CLI, openFlow(rates.perfGate, durationS), { warmup: '0s', measured: true });
  const idle = await run(PERF_GATE_CLI, openFlow(1, 1), { seconds: 1, warmup: '0s', measured: true });
  const artilleryLoad = await runArtillery(artilleryCli, target.url, { rate: rates.artillery, durationS, inFlight: IN_FLIGHT });
  const artilleryIdle = await runArtillery(artilleryCli, target.url, { rate: 1, durationS: 1, inFlight: IN_FLIGHT });
  const net = (requests, rps, loaded, idling) => ({
    rps,
    perCpuSecond: requests / (loaded.cpuSeconds - idling.cpuSeconds),
    startupCpuSeconds: idling.cpuSeconds,
    peakRssMiB: loaded.peakRssMiB,
  });
  return {
    perfGate: { ...net(load.requests, load.rps, load, idle), saturated: load.dropped > 0 },
    artillery: {
      ...net(artilleryLoad.requests, artilleryLoad.requests / artilleryLoad.seconds, artilleryLoad, artilleryIdle),
      saturated: artilleryLoad.seconds > 1.1 * durationS,
    },
  };
}

const artilleryCli = values.artillery ? await artilleryBin(values['artillery-bin']) : undefined;
const previousDir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-prev-'));
const previous = join(previousDir, 'cli.js');
await writeFile(previous, execFileSync('git', ['show', `${values.against}:dist/cli.js`], { cwd: root, maxBuffer: 64 * 2 ** 20 }));
const target = await startServer(fileURLToPath(new URL('targets/raw.mjs', import.meta.url)));
const figures = { static: [], previous: [], flow: [], short: [], long: [], perfGate: [], artillery: [] };
try {
  for (let rep = 0; rep < reps; rep++) {
    console.error(`rep ${rep + 1} of ${reps}`);
    figures.static.push(await run(PERF_GATE_CLI, STATIC));
    figures.previous.push(await run(previous, STATIC));
    figures.flow.push(await run(PERF_GATE_CLI, closedFlow(durationS)));
    if (values.memory) {
      figures.short.push(await run(PERF_GATE_CLI, closedFlow(memoryS), { seconds: memoryS, measured: true }));
      figures.long.push(await run(PERF_GATE_CLI, closedFlow(4 * memoryS), { seconds: 4 * memoryS, measured: true }));
      console.error(`  peak RSS ${[figures.short, figures.long].map((list) => Math.round(list.at(-1).peakRssMiB)).join(' and ')} MiB`);
    }
    if (artilleryCli) {
      const { perfGate, artillery: other } = await compare(artilleryCli);
      figures.perfGate.push(perfGate);
      figures.artillery.push(other);
      for (const [name, item] of [
        ['perf-gate', perfGate],
        ['Artillery', other],
      ]) {
        console.error(`  ${name} ${count(item.rps)} req/s, ${count(item.perCpuSecond)} req per CPU-s`);
      }
    }
  }
} finally {
  target.stop();
  await rm(previousDir, { recursive: true, force: true });
}

const [staticRps, previousRps, flowRps] = [figures.static, figures.previous, figures.flow].map((list) => medianOf(list, 'rps'));
const row = (...cells) => `| ${cells.join(' | ')} |`;
console.log(`\n${CONNECTIONS} connections, ${durationS} s, median of ${reps} reps, raw target; requests per second\n`);
console.log(row('fixed request', `fixed request (${values.against})`, 'three-step flow', 'fixed / previous', 'flow / fixed'));
console.log(row('---:', '---:', '---:', '---:', '---:'));
console.log(
  row(
    Math.round(staticRps),
    Math.round(previousRps),
    Math.round(flowRps),
    (staticRps / previousRps).toFixed(3),
    (flowRps / staticRps).toFixed(3),
  ),
);

if (values.memory) {
  const [short, long] = [figures.short, figures.long].map((list) => medianOf(list, 'peakRssMiB'));
  console.log(
    `\nflow peak RSS (perf-gate process, ${CONNECTIONS} connections, median of ${reps} reps): ` +
      `${memoryS} s ${Math.round(short)} MiB, ${4 * memoryS} s ${Math.round(long)} MiB (×${ratio(figures.long, figures.short, 'peakRssMiB').toFixed(2)})`,
  );
}

if (artilleryCli) {
  const tools = [
    ['perf-gate', figures.perfGate, rates.perfGate, '--rate'],
    [`Artillery ${ARTILLERY_VERSION}`, figures.artillery, rates.artillery, '--artillery-rate'],
  ];
  console.log(`\nthree-step flow, open model, at most ${IN_FLIGHT} flows in flight, ${durationS} s, median of ${reps} reps\n`);
  console.log(row('generator', 'flows/s offered', 'req/s', 'req per CPU-s', 'start-up CPU-s', 'peak RSS MiB'));
  console.log(row('---', '---:', '---:', '---:', '---:', '---:'));
  for (const [name, list, rate] of tools) {
    const cells = ['rps', 'perCpuSecond'].map((key) => count(medianOf(list, key)));
    console.log(row(name, count(rate), ...cells, medianOf(list, 'startupCpuSeconds').toFixed(2), Math.round(medianOf(list, 'peakRssMiB'))));
  }
  const ratios = ['rps', 'perCpuSecond', 'startupCpuSeconds', 'peakRssMiB'].map((key) =>
    ratio(figures.perfGate, figures.artillery, key).toFixed(2),
  );
  console.log(row('perf-gate / Artillery', '', ...ratios));
  for (const [name, list, rate, option] of tools) {
    const kept = list.filter((item) => !item.saturated).length;
    if (kept > 0) console.log(`\n${name} kept up with ${count(rate)} flows/s in ${kept} of ${reps} reps: not flat out, raise ${option}`);
  }
}
