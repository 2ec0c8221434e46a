/**
 * `npm run bench`: how many requests per second perf-gate's load generator produces next to
 * autocannon and wrk, against two local targets, measured side by side in one run.
 *
 *   node bench/throughput.mjs [--duration 5] [--reps 3] [--tools autocannon,perf-gate,wrk]
 *
 * See bench/README.md for what the figures mean and how far to trust them.
 */
import { availableParallelism, cpus, platform, arch } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { CONNECTIONS, GENERATORS } from './generators.mjs';
import { startServer } from './processes.mjs';

const TARGETS = {
  hello: fileURLToPath(new URL('targets/hello.mjs', import.meta.url)),
  raw: fileURLToPath(new URL('targets/raw.mjs', import.meta.url)),
};
const WARMUP_S = 1;

function positiveInteger(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${text}`);
  return value;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '5' },
      reps: { type: 'string', default: '3' },
      tools: { type: 'string', default: Object.keys(GENERATORS).join(',') },
    },
  });
  const tools = values.tools.split(',').map((tool) => tool.trim());
  for (const tool of tools) {
    if (!GENERATORS[tool]) throw new Error(`unknown tool ${tool}; known: ${Object.keys(GENERATORS).join(', ')}`);
  }
  return { durationS: positiveInteger('duration', values.duration), reps: positiveInteger('reps', values.reps), tools };
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

/**
 * Measures every tool against one target. Tools take turns (A B C A B C ...) so that slow drift
 * on the machine (thermal, noisy neighbours, a background job) spreads over all of them instead
 * of landing on whichever happened to run last.
 */
async function measureTarget(name, script, tools, { durationS, reps }) {
  const server = await startServer(script);
  try {
    for (const tool of tools) {
      console.error(`${name}: warm-up ${tool} (${WARMUP_S} s)`);
      await GENERATORS[tool].run(server.url, WARMUP_S);
    }
    const runs = Object.fromEntries(tools.map((tool) => [tool, { rps: [], targetCpu: [] }]));
    for (let rep = 1; rep <= reps; rep++) {
      for (const tool of tools) {
        const cpuBefore = await server.cpuSeconds();
        const { rps, errors } = await GENERATORS[tool].run(server.url, durationS);
        // Over the load's duration, not the run's: the target idles while the generator starts up.
        const targetCpu = ((await server.cpuSeconds()) - cpuBefore) / durationS;
        runs[tool].rps.push(rps);
        runs[tool].targetCpu.push(targetCpu);
        const warning = errors > 0 ? `  (${errors} failed requests)` : '';
        const figures = `${reqs(rps).padStart(9)} req/s, target CPU ${percent(targetCpu)}`;
        console.error(`${name}: rep ${rep}/${reps} ${tool.padEnd(10)} ${figures}${warning}`);
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
  const line = (cells) =>
    cells.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function report(results, tools) {
  const throughput = [];
  const ratios = [];
  for (const [target, runs] of Object.entries(results)) {
    for (const tool of tools) {
      const { rps, targetCpu } = runs[tool];
      const range = `${reqs(Math.min(...rps))}–${reqs(Math.max(...rps))}`;
      throughput.push([target, tool, reqs(median(rps)), range, percent(median(targetCpu))]);
    }
    // Ratios within a rep compare runs made seconds apart, which cancels most of the drift between reps.
    const ratio = (other) =>
      runs['perf-gate'] && runs[other]
        ? median(runs['perf-gate'].rps.map((rps, i) => rps / runs[other].rps[i])).toFixed(2)
        : 'n/a';
    ratios.push([target, ratio('autocannon'), ratio('wrk')]);
  }
  console.log(formatTable(['target', 'tool', 'median req/s', 'min–max', 'target CPU'], throughput, 2));
  console.log();
  console.log(formatTable(['target', 'perf-gate/autocannon', 'perf-gate/wrk'], ratios, 1));
  console.log('(median of per-rep ratios; 1.00 = as fast, below 1 = perf-gate generates less load)');
}

async function main() {
  const options = parseOptions();
  const tools = usableTools(options.tools);
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(`Node ${process.version}, ${platform()} ${arch()}, ${cpu}, ${availableParallelism()} CPUs`);
  console.log(
    `closed model, ${CONNECTIONS} connections, no pipelining, ` +
      `${options.durationS} s x ${options.reps} reps per tool, after a ${WARMUP_S} s warm-up run of each\n`,
  );

  const results = {};
  for (const [name, script] of Object.entries(TARGETS)) {
    results[name] = await measureTarget(name, script, tools, options);
  }
  console.error();
  report(results, tools);
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
