/**
 * Is the service's CPU time per request a quieter signal than its latency? On the example shop
 * (examples/target.mjs, reading its /metrics), side by side in the same rounds:
 *
 * 1. Noise: the round-to-round spread (standard deviation of the log) of CPU per request, p50
 *    and p95, for each scenario, in A/A runs (two fresh shops of the same code, interleaved).
 * 2. Power: how often the gate calls a regression on CPU per request, and on p95, when the pull
 *    request's shop spends more CPU on the search (`--slowdown`, which burns the search's own
 *    CPU time again × (factor − 1); the shop's other work per request dilutes it, so the bench
 *    prints the change it achieved too).
 *
 * Every trial starts two fresh shop processes, so each trial meets deployments with their own
 * speed, as CI does. Ratios are printed; below 1, CPU per request is the quieter.
 *
 *   npm run build && node bench/service-cost.mjs [--trials 6] [--slowdown 1.15] [--rounds 5] [--duration 1]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { runCommand, startServer } from './processes.mjs';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '6' },
    slowdown: { type: 'string', default: '1.15' },
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '1' },
  },
});
const trials = Number(values.trials);
const slowdown = Number(values.slowdown);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SHOP = fileURLToPath(new URL('../examples/target.mjs', import.meta.url));

const suite = `version: 1
name: service-cost-bench
service: { metrics: /metrics }
defaults: { warmup: 1s, rounds: ${values.rounds} }
scenarios:
  - name: search
    request: { method: POST, path: /api/search, json: { q: waterproof shoes } }
    load: { rate: 200, duration: ${values.duration}s }
  - name: products
    request: { path: /api/products }
    load: { rate: 200, duration: ${values.duration}s }
gate: { max_duration: 1m }
`;

const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-service-'));
const config = join(dir, 'suite.yml');
await writeFile(config, suite);

/** One A/B run against two fresh shops; the candidate's with the given slowdown. */
async function trial(factor, index) {
  const [base, candidate] = await Promise.all([startServer(SHOP, { args: [] }), startServer(SHOP, { args: ['--slowdown', String(factor)] })]);
  try {
    const out = join(dir, `trial-${factor}-${index}.json`);
    const result = await runCommand(process.execPath, [CLI, 'run', '-c', config, '-t', candidate.url, '--baseline-url', base.url, '--json', '-o', out], { timeoutMs: 15 * 60_000 });
    if (result.code !== 0 && result.code !== 1) throw new Error(`perf-gate exited with ${result.code}: ${result.stderr.slice(-500)}`);
    return { verdict: JSON.parse(result.stdout), current: JSON.parse(await readFile(out, 'utf8')), base: JSON.parse(await readFile(out.replace(/\.json$/, '.base.json'), 'utf8')) };
  } finally {
    base.stop();
    candidate.stop();
  }
}

const log = Math.log;
const sd = (values) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const FIGURES = {
  'CPU/req': (round) => round.service.cpuMs / round.requests,
  p50: (round) => round.latencyMs.p50,
  p95: (round) => round.latencyMs.p95,
};

// 1. Noise, from A/A runs: each side's rounds, per scenario.
const spread = {};
for (let i = 0; i < trials; i++) {
  const { current, base } = await trial(1, i);
  for (const run of [current, base]) {
    for (const scenario of run.scenarios) {
      const rounds = scenario.rounds.filter((round) => round.service !== undefined);
      for (const [name, figure] of Object.entries(FIGURES)) {
        ((spread[scenario.name] ??= {})[name] ??= []).push(sd(rounds.map((round) => log(figure(round)))));
      }
    }
  }
  process.stderr.write(`A/A trial ${i + 1}/${trials} done\n`);
}

// 2. Power: the gate's verdicts on the search with its CPU planted × slowdown.
const caught = { 'CPU/req': 0, p95: 0 };
const achieved = [];
for (let i = 0; i < trials; i++) {
  const { verdict, current, base } = await trial(slowdown, i);
  const search = verdict.scenarios.find((s) => s.name === 'search');
  for (const [name, metric] of [['CPU/req', 'cpuPerRequest'], ['p95', 'p95']]) {
    if (search.metrics.find((m) => m.metric === metric)?.verdict === 'regression') caught[name] += 1;
  }
  const perRequest = (run) => {
    const rounds = run.scenarios.find((s) => s.name === 'search').rounds.filter((r) => r.service !== undefined);
    return rounds.reduce((a, r) => a + r.service.cpuMs, 0) / rounds.reduce((a, r) => a + r.requests, 0);
  };
  achieved.push(perRequest(current) / perRequest(base) - 1);
  process.stderr.write(`planted trial ${i + 1}/${trials} done\n`);
}
await rm(dir, { recursive: true, force: true });

console.log(`\nRound-to-round noise: median over ${trials} A/A runs × 2 shops of the log sd of each figure; ${values.rounds} rounds of ${values.duration} s at 200 req/s`);
console.log('\n| scenario | CPU/req | p50 | p95 | CPU/req ÷ p50 | CPU/req ÷ p95 |\n| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [scenario, figures] of Object.entries(spread)) {
  const [cpu, p50, p95] = ['CPU/req', 'p50', 'p95'].map((name) => median(figures[name]));
  console.log(`| ${scenario} | ${cpu.toFixed(3)} | ${p50.toFixed(3)} | ${p95.toFixed(3)} | ${(cpu / p50).toFixed(2)} | ${(cpu / p95).toFixed(2)} |`);
}
console.log(
  `\nPower, search with its CPU × ${slowdown} (CPU per request +${(median(achieved) * 100).toFixed(1)} % achieved, median): ` +
    `regression on CPU/req in ${caught['CPU/req']}/${trials} runs, on p95 in ${caught.p95}/${trials}`,
);
