/**
 * `npm run bench:workers`: how perf-gate's throughput scales with --workers, side by side in
 * one run: 1, 2 and 4 worker threads in turn (A B C A B C …) against a target on the same
 * machine, 40 connections, closed model, and per count the median req/s, its ratio to one
 * thread's, and the CPU each request cost the generator and the target. Two workloads:
 *
 *   request  one fixed GET against targets/raw.mjs ("hello world"): the generator's cheapest
 *            request, which costs the target about as much as the generator
 *   flow     a CPU-heavy flow against targets/raw.mjs --json-items 200 (a 12 kB JSON document):
 *            a templated GET whose response is parsed for a JSON capture and searched by a
 *            regex capture, then a POST of a JSON body built from them, its response checked;
 *            the generator spends several times what the target does on each request
 *
 *   node bench/workers.mjs [--duration 5] [--reps 3] [--workloads request,flow]
 *
 * Each run starts once the machine has been idle for a second (waitForQuiet in processes.mjs),
 * so a neighbour's job on a shared machine is not measured as a change in scaling.
 *
 * Beside each count, the model: n threads can use n cores, but no more than the machine has
 * once the target has taken its share, and send no more requests than the target (one thread)
 * can answer: min(n / g, C / (g + t), 1 / t) requests per second, for g and t the generator's
 * and the target's CPU seconds per request as measured at that count and C the cores, and which
 * of the three bounds it. It holds on an otherwise idle machine: anything else running takes
 * cores from both. On a small machine the target's share is what stops the scaling; see
 * README.md for a bigger runner.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PERF_GATE_CLI } from './generators.mjs';
import { readOptions } from './options.mjs';
import { runCommand, sampleCpu, startServer, waitForQuiet } from './processes.mjs';

const values = readOptions({ duration: '5', reps: '3', workloads: 'request,flow' });
const durationS = Number(values.duration);
const reps = Number(values.reps);
const COUNTS = [1, 2, 4];
const CONNECTIONS = 40;
const WARMUP_S = 1;
const cores = availableParallelism();

const WORKLOADS = {
  request: { targetArgs: [], scenario: '    request: { path: / }\n' },
  flow: {
    targetArgs: ['--json-items', '200'],
    scenario: `    flow:
      - name: list
        request: { path: "/items?page={{ random(1, 20) }}&n={{ counter }}" }
        capture: { id: { json: "items[141].id" }, tag: { regex: '"tag":"(t14\\d)"' } }
      - name: item
        request: { method: POST, path: "/items/{{ id }}", json: { id: "{{ id }}", tag: "{{ tag }}", note: "seen {{ tag }}" } }
        expect: { body_contains: '"id":200' }
`,
  },
};
const workloads = values.workloads.split(',');
for (const name of workloads) {
  if (!(name in WORKLOADS)) {
    console.error(`bench/workers.mjs: --workloads: expected request and/or flow, found "${name}"`);
    process.exit(2);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function measure(name, dir) {
  const { targetArgs, scenario } = WORKLOADS[name];
  const server = await startServer(fileURLToPath(new URL('targets/raw.mjs', import.meta.url)), { args: targetArgs });
  try {
    const suite = join(dir, `${name}.yml`);
    await writeFile(
      suite,
      `version: 1\ndefaults: { warmup: ${WARMUP_S}s, rounds: 1, timeout: 5s }\nscenarios:\n  - name: ${name}\n${scenario}    load: { connections: ${CONNECTIONS}, duration: ${durationS}s }\n`,
    );
    const runs = Object.fromEntries(COUNTS.map((n) => [n, []]));
    for (let rep = 1; rep <= reps; rep++) {
      for (const workers of COUNTS) {
        const out = join(dir, `${name}-w${workers}.json`);
        const args = [PERF_GATE_CLI, 'run', '-c', suite, '-t', server.url, '--workers', String(workers), '-o', out, '--progress', 'none'];
        await waitForQuiet();
        let stopSampling = () => undefined;
        const targetBefore = await server.cpuSeconds();
        const result = await runCommand(process.execPath, args, {
          timeoutMs: durationS * 1000 + 30_000,
          onSpawn: (child) => (stopSampling = sampleCpu(child.pid)),
        });
        const targetCpu = (await server.cpuSeconds()) - targetBefore;
        if (result.code !== 0)
          throw new Error(`perf-gate --workers ${workers} (${name}) exited ${result.code}: ${result.stderr.trim().split('\n').at(-1)}`);
        const round = JSON.parse(await readFile(out, 'utf8')).scenarios[0].rounds[0];
        if (round.errors.total > 0) throw new Error(`perf-gate --workers ${workers} (${name}): ${round.errors.total} errors`);
        const generatorRate = stopSampling();
        // The target idles between runs: its CPU over the warm-up and the round, per request of both.
        const run = {
          rps: round.rps,
          generatorUs: (generatorRate / round.rps) * 1e6,
          targetUs: (targetCpu / (round.rps * (durationS + WARMUP_S))) * 1e6,
        };
        runs[workers].push(run);
        console.error(
          `${name} rep ${rep}/${reps}: --workers ${workers}: ${fmt(run.rps)} req/s, generator ${fmt(run.generatorUs, 1)} µs/req, target ${fmt(run.targetUs, 1)} µs/req`,
        );
      }
    }
    return runs;
  } finally {
    server.stop();
  }
}

/**
 * The most requests per second n threads can send at these costs (CPU seconds per request, g the
 * generator's, t the target's), and what bounds it: the threads (one core each), the machine's
 * cores shared with the target, or the target's one thread.
 */
function model(g, t, n) {
  const bounds = [
    { rps: n / g, by: 'threads' },
    { rps: cores / (g + t), by: 'cores' },
    { rps: 1 / t, by: 'target' },
  ];
  return bounds.reduce((least, bound) => (bound.rps < least.rps ? bound : least));
}

const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-workers-'));
try {
  const measured = {};
  for (const name of workloads) measured[name] = await measure(name, dir);
  console.log(
    `Node ${process.version}, ${cpus()[0]?.model.trim()}, ${cores} CPUs; ${CONNECTIONS} connections, closed model, ${durationS} s x ${reps} reps, target on the same machine`,
  );
  for (const name of workloads) {
    const runs = measured[name];
    const of = (n, field) => median(runs[n].map((run) => run[field]));
    console.log(`\n${name}`);
    console.log('workers  median req/s  vs 1 worker  generator µs/req  target µs/req  model req/s  bound by');
    for (const n of COUNTS) {
      const bound = model(of(n, 'generatorUs') / 1e6, of(n, 'targetUs') / 1e6, n);
      console.log(
        `${String(n).padStart(7)}  ${fmt(of(n, 'rps')).padStart(12)}  ${(of(n, 'rps') / of(1, 'rps')).toFixed(2).padStart(11)}` +
          `  ${fmt(of(n, 'generatorUs'), 1).padStart(16)}  ${fmt(of(n, 'targetUs'), 1).padStart(13)}  ${fmt(bound.rps).padStart(11)}  ${bound.by}`,
      );
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
