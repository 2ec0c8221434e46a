/**
 * `npm run bench`: how many requests per second perf-gate's load generator produces next to
 * autocannon and wrk, and how much CPU each spends per request, against three local targets
 * (a node:http server, a raw net server, nginx), measured side by side in one run; then the
 * median latency perf-gate and wrk measure at the same offered rate.
 *
 *   node bench/throughput.mjs [--duration 5] [--reps 3] [--tools autocannon,perf-gate,wrk] [--targets hello,raw,nginx]
 *
 * See bench/README.md for what the figures mean and how far to trust them.
 */
import { availableParallelism, cpus, platform, arch } from 'node:os';
import { fileURLToPath } from 'node:url';

import { CONNECTIONS, GENERATORS } from './generators.mjs';
import { positiveInteger, readOptions } from './options.mjs';
import { corePinning, nginxMissing, startNginx, startServer } from './processes.mjs';

const script = (name) => fileURLToPath(new URL(`targets/${name}.mjs`, import.meta.url));
const TARGETS = {
  hello: { start: (cpu) => startServer(script('hello'), { cpu }) },
  raw: { start: (cpu) => startServer(script('raw'), { cpu }) },
  nginx: { start: (cpu) => startNginx({ cpu }), missing: nginxMissing },
};
const WARMUP_S = 1;
// The think time of the paced comparison: each connection waits this long after every response.
const PAUSE_MS = 1;

function parseOptions() {
  const values = readOptions({
    duration: '5',
    reps: '3',
    tools: Object.keys(GENERATORS).join(','),
    targets: Object.keys(TARGETS).join(','),
  });
  const list = (text, known, what) => {
    const names = text.split(',').map((name) => name.trim());
    for (const name of names) if (!known[name]) throw new Error(`unknown ${what} ${name}; known: ${Object.keys(known).join(', ')}`);
    return names;
  };
  return {
    durationS: positiveInteger('duration', values.duration),
    reps: positiveInteger('reps', values.reps),
    tools: list(values.tools, GENERATORS, 'tool'),
    targets: list(values.targets, TARGETS, 'target'),
  };
}

/** Drops targets that cannot run here (nginx is optional, like wrk). */
function usableTargets(requested) {
  return requested.filter((target) => {
    const problem = TARGETS[target].missing?.();
    if (problem) console.error(`skipping target ${target}: ${problem}`);
    return !problem;
  });
}

/** Drops tools that cannot run here. wrk is optional; a missing perf-gate build is an error. */
function usableTools(requested) {
  const usable = [];
  for (const tool of requested) {
    const problem = GENERATORS[tool].available();
    if (!problem) usable.push(tool);
    else if (tool === 'wrk') console.error(`skipping wrk: ${problem}`);
    else throw new Error(`${problem} (or leave it out: --tools ${requested.filter((t) => t !== tool).join(',')})`);
  }
  if (usable.length === 0) throw new Error('no load generator can run here');
  return usable;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const reqs = (rps) => Math.round(rps).toLocaleString('en-US');
const percent = (fraction) => `${Math.round(fraction * 100)} %`;
const micros = (us) => (us === undefined ? 'n/a' : us.toFixed(1));
const definedMedian = (values) => (values.some((v) => v === undefined) ? undefined : median(values));

/**
 * Measures every tool against one target. Tools take turns (A B C A B C ...) so that slow drift
 * on the machine (thermal, noisy neighbours, a background job) spreads over all of them instead
 * of landing on whichever happened to run last. Then, for the tools that can pace themselves
 * (perf-gate and wrk), the same turns at the paced load.
 */
async function measureTarget(name, tools, { durationS, reps }, pinning) {
  const server = await TARGETS[name].start(pinning.target);
  const cpu = pinning.generator;
  try {
    for (const tool of tools) {
      console.error(`${name}: warm-up ${tool} (${WARMUP_S} s)`);
      await GENERATORS[tool].run(server.url, WARMUP_S, { cpu });
    }
    const runs = Object.fromEntries(tools.map((tool) => [tool, { rps: [], targetCpu: [], cpuUs: [], pacedRps: [], p50Us: [] }]));
    for (let rep = 1; rep <= reps; rep++) {
      for (const tool of tools) {
        const cpuBefore = await server.cpuSeconds();
        const { rps, errors, cpuUsPerRequest } = await GENERATORS[tool].run(server.url, durationS, { cpu });
        // Over the load's duration, not the run's: the target idles while the generator starts up.
        const targetCpu = ((await server.cpuSeconds()) - cpuBefore) / durationS;
        runs[tool].rps.push(rps);
        runs[tool].targetCpu.push(targetCpu);
        runs[tool].cpuUs.push(cpuUsPerRequest);
        const warning = errors > 0 ? `  (${errors} failed requests)` : '';
        const figures = `${reqs(rps).padStart(9)} req/s, ${micros(cpuUsPerRequest).padStart(5)} µs CPU/req, target CPU ${percent(targetCpu)}`;
        console.error(`${name}: rep ${rep}/${reps} ${tool.padEnd(10)} ${figures}${warning}`);
      }
    }
    const paced = tools.filter((tool) => GENERATORS[tool].paced);
    for (let rep = 1; rep <= reps && paced.length > 1; rep++) {
      for (const tool of paced) {
        const { rps, errors, p50Us } = await GENERATORS[tool].paced(server.url, durationS, { cpu, pauseMs: PAUSE_MS });
        runs[tool].pacedRps.push(rps);
        runs[tool].p50Us.push(p50Us);
        const warning = errors > 0 ? `  (${errors} failed requests)` : '';
        console.error(
          `${name}: paced rep ${rep}/${reps} ${tool.padEnd(10)} ${reqs(rps).padStart(9)} req/s, p50 ${micros(p50Us)} µs${warning}`,
        );
      }
    }
    return runs;
  } finally {
    server.stop();
  }
}

/** The first `textColumns` columns are left-aligned, the figures after them right-aligned so digits line up. */
function formatTable(header, rows, textColumns) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function report(results, tools) {
  const throughput = [];
  const ratios = [];
  const latency = [];
  for (const [target, runs] of Object.entries(results)) {
    for (const tool of tools) {
      const { rps, targetCpu, cpuUs } = runs[tool];
      const range = `${reqs(Math.min(...rps))}–${reqs(Math.max(...rps))}`;
      throughput.push([target, tool, reqs(median(rps)), range, micros(definedMedian(cpuUs)), percent(median(targetCpu))]);
    }
    // Ratios within a rep compare runs made seconds apart, which cancels most of the drift between reps.
    const ratio = (other, figure = 'rps') =>
      runs['perf-gate'] && runs[other] && runs[other][figure].length > 0 && !runs[other][figure].includes(undefined)
        ? median(runs['perf-gate'][figure].map((value, i) => value / runs[other][figure][i])).toFixed(2)
        : 'n/a';
    ratios.push([target, ratio('autocannon'), ratio('wrk'), ratio('autocannon', 'cpuUs'), ratio('wrk', 'cpuUs')]);
    if (runs['perf-gate']?.p50Us.length > 0 && runs.wrk?.p50Us.length > 0) {
      const ours = runs['perf-gate'];
      latency.push([
        target,
        reqs(median(ours.pacedRps)),
        reqs(median(runs.wrk.pacedRps)),
        micros(median(ours.p50Us)),
        micros(median(runs.wrk.p50Us)),
        ratio('wrk', 'p50Us'),
      ]);
    }
  }
  console.log(formatTable(['target', 'tool', 'median req/s', 'min–max', 'CPU µs/req', 'target CPU'], throughput, 2));
  console.log();
  console.log(formatTable(['target', 'perf-gate/autocannon', 'perf-gate/wrk', 'CPU/req vs autocannon', 'CPU/req vs wrk'], ratios, 1));
  console.log('(median of per-rep ratios; req/s: above 1 = perf-gate generates more load; CPU/req: below 1 = perf-gate spends less)');
  if (latency.length > 0) {
    console.log();
    console.log(`paced: ${CONNECTIONS} connections, each waiting ${PAUSE_MS} ms after every response (the same offered rate for both)`);
    console.log(formatTable(['target', 'perf-gate req/s', 'wrk req/s', 'perf-gate p50 µs', 'wrk p50 µs', 'p50 perf-gate/wrk'], latency, 1));
  }
}

async function main() {
  const options = parseOptions();
  const tools = usableTools(options.tools);
  const targets = usableTargets(options.targets);
  const pinning = corePinning();
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(`Node ${process.version}, ${platform()} ${arch()}, ${cpu}, ${availableParallelism()} CPUs`);
  console.log(
    `closed model, ${CONNECTIONS} connections, no pipelining, ` +
      `${options.durationS} s x ${options.reps} reps per tool, after a ${WARMUP_S} s warm-up run of each; ` +
      (pinning.problem
        ? `not pinned to cores (${pinning.problem}), no CPU per request\n`
        : `target on CPU ${pinning.target}, each generator on CPU ${pinning.generator}\n`),
  );

  const results = {};
  for (const name of targets) {
    results[name] = await measureTarget(name, tools, options, pinning.problem ? {} : pinning);
  }
  console.error();
  report(results, tools);
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
