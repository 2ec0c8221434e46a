/**
 * `node bench/scale.mjs`: perf-gate on one machine at ten thousand connections. Two cases, each
 * the built CLI (`node dist/cli.js run`) against targets/delayed.mjs, which answers every request
 * after a fixed delay (`--delay-ms`, default 1000), so that a modest rate keeps thousands of
 * requests in flight and the latency every request should show is known:
 *
 *   open    open model, `--rate` requests/s (default 9,000) with at most `--connections` in
 *           flight (default 10,000): rate × delay requests in flight, each on its own connection
 *   closed  closed model, `--connections` virtual users (default 10,000), each a flow of the
 *           request and a `--pause-ms` think time (default 1000); the users start over a
 *           `--ramp` (default 10 s, stages), so they do not all send in the same millisecond
 *
 * Per case it prints the generator's resident memory (peak, and over time, from
 * /proc/<pid>/status; its high-water mark, so no peak falls between two samples), the sockets it
 * held open (from /proc/<pid>/fd), its CPU time per request (user + system, every thread, from
 * /proc/<pid>/stat, over the measured round), the rate asked for and achieved, and the latency
 * percentiles perf-gate measured beside the target's delay and what the target says it held each
 * request (its own timer lateness included): with a fixed delay, a generator that measures
 * truly reports p50 and p99 a little above the held time, and nothing in between is the target's.
 *
 *   npm run build && node bench/scale.mjs                 # ~2.5 min: 30 s rounds
 *   node bench/scale.mjs --duration 600                   # the 10-minute flatness run (~23 min)
 *   node bench/scale.mjs --cases open --rate 5000 --connections 5000
 *
 * Each case starts once the machine has been idle for a second (waitForQuiet, processes.mjs).
 * Neither process is pinned to a core unless `--pin` (the target on CPU 0, perf-gate on CPU 1, as
 * throughput.mjs pins them): at these rates each uses a fifth of a core, so they do not compete,
 * and on a shared machine a pinned process cannot move off a core a neighbour keeps busy (pinned,
 * beside another job, the open case's p99 read 1,090 ms; unpinned, minutes later, 1,004 ms). The
 * CPU per request is perf-gate's own either way: it is read from its /proc/<pid>/stat.
 *
 * Linux only. The generator needs `--connections` plus 64 open files (`ulimit -n`), the target as
 * many: perf-gate checks its own before it opens any connection.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PERF_GATE_CLI } from './generators.mjs';
import { readOptions } from './options.mjs';
import { corePinning, procCpuSeconds, runCommand, startServer, waitForQuiet } from './processes.mjs';

const values = readOptions({
  cases: 'open,closed',
  duration: '30',
  rate: '9000',
  connections: '10000',
  'delay-ms': '1000',
  'pause-ms': '1000',
  ramp: '10',
  warmup: '5',
  'sample-ms': '1000',
  pin: false,
});
const durationS = Number(values.duration);
const rate = Number(values.rate);
const connections = Number(values.connections);
const delayMs = Number(values['delay-ms']);
const pauseMs = Number(values['pause-ms']);
const rampS = Number(values.ramp);
const warmupS = Number(values.warmup);
const sampleMs = Number(values['sample-ms']);
const cases = values.cases.split(',');
const usage = (message) => {
  console.error(`bench/scale.mjs: ${message}`);
  process.exit(2);
};
for (const name of cases) if (name !== 'open' && name !== 'closed') usage(`--cases: expected open and/or closed, found "${name}"`);
for (const [flag, value] of Object.entries({
  duration: durationS,
  rate,
  connections,
  'delay-ms': delayMs,
  'pause-ms': pauseMs,
  ramp: rampS,
  warmup: warmupS,
  'sample-ms': sampleMs,
})) {
  if (!(value >= 0) || (value === 0 && flag !== 'warmup')) usage(`--${flag}: expected a positive number, found "${values[flag]}"`);
}
if (process.platform !== 'linux') usage('it reads the generator from /proc: Linux only');

/** The suite of a case: one scenario, one round of `durationS` seconds. */
function suiteFor(name) {
  const head = `version: 1\nname: scale-bench\ndefaults: { rounds: 1, timeout: ${Math.ceil((delayMs * 5) / 1000) + 5}s }\nscenarios:\n  - name: ${name}\n`;
  if (name === 'open') {
    return `${head}    warmup: ${warmupS}s\n    request: { path: / }\n    load: { rate: ${rate}, connections: ${connections}, duration: ${durationS}s }\n`;
  }
  // The warm-up of a staged load starts every user at once: the ramp is the warm-up here, and it is measured.
  return (
    `${head}    warmup: 0s\n    flow:\n      - name: get\n        request: { path: / }\n      - pause: ${pauseMs}ms\n` +
    `    load:\n      start_connections: 1\n      stages:\n        - { duration: ${rampS}s, connections: ${connections} }\n        - { duration: ${durationS}s, connections: ${connections} }\n`
  );
}

/** What the bench reads of a process every `sampleMs`: memory, CPU time, open descriptors. */
function sample(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return {
      at: Date.now(),
      rssMiB: kib('VmRSS') / 1024,
      hwmMiB: kib('VmHWM') / 1024,
      cpuS: procCpuSeconds(pid),
      fds: readdirSync(`/proc/${pid}/fd`).length,
    };
  } catch {
    return undefined; // The process has just exited.
  }
}

async function runCase(name, target, pinning, dir) {
  const suite = join(dir, `${name}.yml`);
  const out = join(dir, `${name}.json`);
  await writeFile(suite, suiteFor(name));
  const samples = [];
  const args = [PERF_GATE_CLI, 'run', '-c', suite, '-t', target.url, '-o', out, '--progress', 'plain'];
  const totalS = durationS + warmupS + (name === 'closed' ? rampS : 0);
  const run = runCommand(process.execPath, args, {
    timeoutMs: (totalS + 120) * 1000,
    cpu: pinning.generator,
    onSpawn: (child) => {
      const timer = setInterval(() => {
        const s = sample(child.pid);
        if (s !== undefined) samples.push(s);
      }, sampleMs);
      child.once('exit', () => clearInterval(timer));
    },
  });
  const result = await run;
  if (result.code !== 0)
    throw new Error(`perf-gate (${name}) exited ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join('\n')}`);
  const round = JSON.parse(await readFile(out, 'utf8')).scenarios[0].rounds[0];
  const from = Date.parse(round.startedAt);
  const { held } = await target.ask({ held: { from, to: from + round.durationMs } });
  return { name, round, held, samples };
}

/**
 * The samples within the measured round, and the process's CPU rate and memory over them. Memory
 * is judged over the steady part (the closed case's ramp left out): its highest sample in the
 * first fifth against the last fifth, so a slow leak shows however the garbage collector saws.
 */
function summarise({ name, round, samples }) {
  const from = Date.parse(round.startedAt);
  const to = from + round.durationMs;
  const within = samples.filter((s) => s.at >= from && s.at <= to);
  const first = within[0];
  const last = within.at(-1);
  const cpuRate = first === undefined || last === first ? undefined : (last.cpuS - first.cpuS) / ((last.at - first.at) / 1000);
  const steadyFrom = from + (name === 'closed' ? rampS * 1000 : 0);
  const steady = within.filter((s) => s.at >= steadyFrom);
  const fifth = Math.max(1, Math.floor(steady.length / 5));
  const highest = (part) => Math.max(...part.map((s) => s.rssMiB));
  return {
    peakMiB: Math.max(...samples.map((s) => s.hwmMiB)),
    steadyMinMiB: Math.min(...steady.map((s) => s.rssMiB)),
    steadyMaxMiB: highest(steady),
    firstFifthMiB: highest(steady.slice(0, fifth)),
    lastFifthMiB: highest(steady.slice(-fifth)),
    steadyS: steady.length === 0 ? 0 : (steady.at(-1).at - steady[0].at) / 1000,
    peakFds: Math.max(...samples.map((s) => s.fds)),
    cpuUsPerRequest: cpuRate === undefined ? undefined : (cpuRate / round.rps) * 1e6,
    cpuCores: cpuRate,
    timeline: samples,
    from,
  };
}

const fmt = (x, digits = 0) =>
  x === undefined || !Number.isFinite(x)
    ? 'n/a'
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function report(measured) {
  const { name, round, held } = measured;
  const s = summarise(measured);
  const latency = round.latencyMs;
  const errors = round.errors.total;
  console.log(
    `\n## ${name}: ${name === 'open' ? `open model, ${fmt(rate)} req/s, at most ${fmt(connections)} in flight` : `closed model, ${fmt(connections)} users, request then ${pauseMs} ms pause, ramped over ${rampS} s`}`,
  );
  console.log(
    `achieved            ${fmt(round.rps)} req/s over ${fmt(round.durationMs / 1000, 1)} s, ${fmt(round.requests)} requests, ${fmt(errors)} errors`,
  );
  if (round.open !== undefined)
    console.log(
      `schedule            ${fmt(round.open.sent)} of ${fmt(round.open.scheduled)} sent, ${fmt(round.open.late)} late (> ${round.open.lateThresholdMs} ms), ${fmt(round.open.dropped)} dropped`,
    );
  console.log(`open descriptors    ${fmt(s.peakFds)} at most (sockets, and the process's own ~20)`);
  console.log(
    `RSS                 peak ${fmt(s.peakMiB, 1)} MiB; over the ${fmt(s.steadyS)} s at full load ${fmt(s.steadyMinMiB, 1)}–${fmt(s.steadyMaxMiB, 1)} MiB, highest in its first fifth ${fmt(s.firstFifthMiB, 1)}, in its last ${fmt(s.lastFifthMiB, 1)}`,
  );
  console.log(`CPU                 ${fmt(s.cpuUsPerRequest, 1)} µs per request (${fmt(s.cpuCores, 3)} cores at ${fmt(round.rps)} req/s)`);
  console.log(
    `generator           event loop ${fmt(round.generator.elu * 100)} % busy, delay p99 ${fmt(round.generator.delayP99Ms, 1)} ms, saturated: ${round.generator.saturated}`,
  );
  console.log(
    `latency (ms)        p50 ${fmt(latency.p50, 2)}  p99 ${fmt(latency.p99, 2)}  p99.9 ${fmt(latency.p999, 2)}  max ${fmt(latency.max, 2)}`,
  );
  console.log(
    `target held (ms)    p50 ${fmt(held.p50Ms, 2)}  p99 ${fmt(held.p99Ms, 2)}  p99.9 ${fmt(held.p999Ms, 2)}  max ${fmt(held.maxMs, 2)} (asked: ${delayMs})`,
  );
  console.log(
    `perf-gate - held    p50 ${fmt(latency.p50 - held.p50Ms, 2)}  p99 ${fmt(latency.p99 - held.p99Ms, 2)} ms: what the generator and the kernel add`,
  );
  // RSS over the process's life: about 12 points, more for a long run.
  const every = Math.max(1, Math.round(s.timeline.length / Math.max(12, Math.ceil(durationS / 60))));
  const points = s.timeline.filter((_, i) => i % every === 0 || i === s.timeline.length - 1);
  console.log(
    `RSS over time       ${points.map((p) => `${fmt((p.at - s.from) / 1000)} s ${fmt(p.rssMiB)}`).join(' · ')} (MiB; s from the round's start)`,
  );
}

/** The machine's 1-minute load average: anything else running shows here, and in every figure. */
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

const pinning = values.pin ? corePinning() : {};
const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-scale-'));
const target = await startServer(fileURLToPath(new URL('targets/delayed.mjs', import.meta.url)), {
  args: ['--delay-ms', String(delayMs)],
  cpu: pinning.target,
});
try {
  const pinned = !values.pin
    ? 'not pinned (--pin to pin)'
    : pinning.problem === undefined
      ? 'target on CPU 0, perf-gate on CPU 1'
      : `not pinned: ${pinning.problem}`;
  console.log(`Node ${process.version}, ${cpus()[0]?.model.trim()}, ${availableParallelism()} CPUs; ${pinned}`);
  console.log(
    `target: every request answered after ${delayMs} ms (bench/targets/delayed.mjs); rounds of ${durationS} s; load average ${loadAverage()}`,
  );
  for (const name of cases) {
    await waitForQuiet();
    console.error(`${name}: running (${durationS} s round)`);
    report(await runCase(name, target, pinning, dir));
  }
  console.log(`\nload average at the end: ${loadAverage()}`);
} finally {
  target.stop();
  await rm(dir, { recursive: true, force: true });
}
