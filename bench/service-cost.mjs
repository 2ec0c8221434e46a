/**
 * Is the service's CPU time per request a quieter signal than its latency? On the example shop
 * (examples/target.mjs, reading its /metrics), side by side in the same rounds, for the search
 * (CPU-bound) and the sales report (a 20 ms query, then ~0.7 ms of CPU):
 *
 * 1. Noise, from A/A runs (two fresh shops of the same code, measured in alternating rounds):
 *    the round-to-round spread (standard deviation of the log) of CPU per request, p50 and p95
 *    within each shop, and of the paired base-to-candidate log ratio, which is what the gate's
 *    interleaved test sees.
 * 2. Power: how often the gate calls a regression on CPU per request, and on p95, when the pull
 *    request's shop spends `--change` (default 10 %) more CPU per request in one scenario. The
 *    knob is the shop's --slowdown, which repeats the endpoint's own work × (factor − 1); the rest
 *    of a request's CPU (HTTP, JSON) dilutes it, so a calibration run first measures, per
 *    scenario, the factor that moves the whole CPU per request by `--change`, and the bench
 *    prints the change achieved.
 *
 * Every process is a fresh deployment with its own speed: its work is scaled by a factor drawn
 * log-normally with `--deployment-cv` around 1.1 (a per-process speed factor, as two preview
 * deployments on different machines differ), times the planted change for the candidate.
 * Ratios are printed; below 1, CPU per request is the quieter.
 *
 *   npm run build && node bench/service-cost.mjs [--trials 6] [--change 0.1] [--deployment-cv 0.02]
 *                                                [--rounds 5] [--duration 1] [--warmup 10] [--seed 1]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readOptions } from './options.mjs';
import { runCommand, startServer } from './processes.mjs';

const values = readOptions({ trials: '6', change: '0.1', 'deployment-cv': '0.02', rounds: '5', duration: '1', warmup: '10', seed: '1' });
const trials = Number(values.trials);
const change = Number(values.change);
const deploymentSd = Math.sqrt(Math.log1p(Number(values['deployment-cv']) ** 2));
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SHOP = fileURLToPath(new URL('../examples/target.mjs', import.meta.url));
// The shop's knob only adds work (factor ≥ 1): deployments centre on 1.1 so that the slower and
// the faster ones both fit.
const DEPLOYMENT_CENTRE = 1.1;
const CALIBRATION_FACTOR = 1.5;

const SCENARIOS = {
  search: `request: { method: POST, path: /api/search, json: { q: waterproof shoes } }`,
  report: `request: { path: /api/report }`,
};
const suite = (names) => `version: 1
name: service-cost-bench
service: { metrics: /metrics }
defaults: { warmup: ${values.warmup}s, rounds: ${values.rounds} }
scenarios:
${names.map((name) => `  - name: ${name}\n    ${SCENARIOS[name]}\n    load: { rate: 200, duration: ${values.duration}s }\n    gate: { blocking: [p95, cpu_per_request] }`).join('\n')}
gate: { max_duration: 1m }
`;

const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-service-'));

/** Standard normal draws from a seeded generator (mulberry32 + Box–Muller): the same deployments every time. */
function normals(seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
const normal = normals(Number(values.seed));
const deployment = () => Math.max(1, DEPLOYMENT_CENTRE * Math.exp(deploymentSd * normal()));

/** One A/B run of `names` against two fresh shops with the given work factors. */
async function trial(names, baseFactor, candidateFactor, label) {
  const shop = (factor) => startServer(SHOP, { args: ['--slowdown', factor.toFixed(4)] });
  const [base, candidate] = await Promise.all([shop(baseFactor), shop(candidateFactor)]);
  try {
    const config = join(dir, `${label}.yml`);
    const out = join(dir, `${label}.json`);
    await writeFile(config, suite(names));
    const result = await runCommand(
      process.execPath,
      [CLI, 'run', '-c', config, '-t', candidate.url, '--baseline-url', base.url, '--json', '-o', out],
      { timeoutMs: 15 * 60_000 },
    );
    if (result.code !== 0 && result.code !== 1) throw new Error(`perf-gate exited with ${result.code}: ${result.stderr.slice(-500)}`);
    // The judgment (perf-gate/verdict@1) holds the verdict; older CLIs printed it bare.
    const printed = JSON.parse(result.stdout);
    return {
      verdict: printed.gate ?? printed,
      current: JSON.parse(await readFile(out, 'utf8')),
      base: JSON.parse(await readFile(out.replace(/\.json$/, '.base.json'), 'utf8')),
    };
  } finally {
    base.stop();
    candidate.stop();
  }
}

const sd = (xs) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const FIGURES = {
  'CPU/req': (round) => round.service.cpuMs / round.requests,
  p50: (round) => round.latencyMs.p50,
  p95: (round) => round.latencyMs.p95,
};
const measured = (run, name) => run.scenarios.find((s) => s.name === name).rounds.filter((round) => round.service !== undefined);
const cpuPerRequest = (run, name) => {
  const rounds = measured(run, name);
  return rounds.reduce((a, r) => a + r.service.cpuMs, 0) / rounds.reduce((a, r) => a + r.requests, 0);
};

// 1. Noise, from A/A runs: within each shop, and paired round by round (ABBA order keeps them in step).
const names = Object.keys(SCENARIOS);
const within = {};
const paired = {};
for (let i = 0; i < trials; i++) {
  const { current, base } = await trial(names, deployment(), deployment(), `aa-${i}`);
  for (const name of names) {
    const [c, b] = [measured(current, name), measured(base, name)];
    for (const [figure, read] of Object.entries(FIGURES)) {
      for (const rounds of [c, b]) ((within[name] ??= {})[figure] ??= []).push(sd(rounds.map((r) => Math.log(read(r)))));
      const n = Math.min(c.length, b.length);
      ((paired[name] ??= {})[figure] ??= []).push(sd(c.slice(0, n).map((r, k) => Math.log(read(r) / read(b[k])))));
    }
  }
  process.stderr.write(`A/A trial ${i + 1}/${trials} done\n`);
}

// 2. Power. Calibration: the share of each scenario's CPU per request that the knob scales.
const calibration = await trial(names, DEPLOYMENT_CENTRE, DEPLOYMENT_CENTRE * CALIBRATION_FACTOR, 'calibration');
const power = {};
for (const name of names) {
  const share = (cpuPerRequest(calibration.current, name) / cpuPerRequest(calibration.base, name) - 1) / (CALIBRATION_FACTOR - 1);
  const factor = 1 + change / share;
  const caught = { 'CPU/req': 0, p95: 0 };
  const achieved = [];
  for (let i = 0; i < trials; i++) {
    const { verdict, current, base } = await trial([name], deployment(), deployment() * factor, `planted-${name}-${i}`);
    const metrics = verdict.scenarios.find((s) => s.name === name).metrics;
    for (const [figure, metric] of [
      ['CPU/req', 'cpuPerRequest'],
      ['p95', 'p95'],
    ]) {
      if (metrics.find((m) => m.metric === metric)?.verdict === 'regression') caught[figure] += 1;
    }
    achieved.push(cpuPerRequest(current, name) / cpuPerRequest(base, name) - 1);
    process.stderr.write(`${name}: planted trial ${i + 1}/${trials} done\n`);
  }
  power[name] = { share, factor, caught, achieved: median(achieved) };
}
await rm(dir, { recursive: true, force: true });

const setting = `${values.rounds} rounds of ${values.duration} s at 200 req/s after a ${values.warmup} s warm-up; deployments' work × log-normal (CV ${values['deployment-cv']})`;
console.log(`\nRound-to-round noise (log sd), median over ${trials} A/A runs; ${setting}`);
console.log('\n| scenario | | CPU/req | p50 | p95 | CPU/req ÷ p50 | CPU/req ÷ p95 |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const name of names) {
  for (const [label, table] of [
    ['within a shop', within],
    ['paired A/B ratio', paired],
  ]) {
    const [cpu, p50, p95] = ['CPU/req', 'p50', 'p95'].map((figure) => median(table[name][figure]));
    console.log(
      `| ${name} | ${label} | ${cpu.toFixed(3)} | ${p50.toFixed(3)} | ${p95.toFixed(3)} | ${(cpu / p50).toFixed(2)} | ${(cpu / p95).toFixed(2)} |`,
    );
  }
}
console.log(
  `\nPower at +${(change * 100).toFixed(0)} % CPU per request (${trials} A/B runs per scenario, each with two fresh deployments):`,
);
for (const [name, p] of Object.entries(power)) {
  console.log(
    `- ${name}: the knob scales ${(p.share * 100).toFixed(0)} % of its CPU per request, so work × ${p.factor.toFixed(3)}; achieved +${(p.achieved * 100).toFixed(1)} % (median); ` +
      `regression on CPU/req in ${p.caught['CPU/req']}/${trials} runs, on p95 in ${p.caught.p95}/${trials}`,
  );
}
