/**
 * `npm run bench:gate`: the gate's operating characteristic on real processes. How often does
 * `perf-gate run --baseline` (or `--baseline-url`) fail a pull request that is unchanged, a
 * little slower, or a lot slower, when every run meets a fresh deployment with its own speed,
 * as in CI? Printed beside each row: the power of an oracle test that knows the variances.
 *
 *   node bench/gate-trust.mjs [--cli dist/cli.js] [--mode stored|ab] [--k 3] [--run-cv 0.05]
 *        [--trials 20] [--slowdowns 0,0.05,0.15,0.2,0.3] [--seed 1] [--rate 100,50] [--duration 1]
 *        [--rounds 5] [--aa-records R] [--wait-ms 10] [--cpu-ms 0.2] [--keep-files]
 *
 * `--k` and `--run-cv` take comma lists, paired position by position (a single value applies to
 * all): `--k 3,10 --run-cv 0.05,0.02` runs two configurations. See bench/README.md.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { seededRandom } from '../test/helpers/seeded-random.mjs';
import { nonNegative, positiveInteger, readOptions } from './options.mjs';
import { runCommand, startServer } from './processes.mjs';

const DEPLOYMENT = fileURLToPath(new URL('targets/deployment.mjs', import.meta.url));
const DEFAULT_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const WARMUP = '500ms';
const MAX_DURATION_S = 120;
// On top of the suite's time budget: process start, the connection probe, writing the files.
const GRACE_MS = 60_000;
const THRESHOLD = Math.log(1.1);
const Z_ORACLE = 2.3263478740408408; // one-sided alpha 0.01
const Z_WILSON = 1.959963984540054; // 95 %

// ---------------------------------------------------------------------------------------------
// Options

function list(name, text, parse) {
  const values = text.split(',').map((item) => parse(name, item.trim()));
  if (values.length === 0) throw new Error(`--${name} is empty`);
  return values;
}

function parseOptions() {
  const values = readOptions({
    cli: DEFAULT_CLI,
    mode: 'stored',
    k: undefined,
    'run-cv': '0.05',
    trials: '20',
    slowdowns: '0,0.05,0.15,0.2,0.3',
    seed: '1',
    rate: '100,50',
    duration: '1',
    rounds: '5',
    'aa-records': '0',
    'wait-ms': '10',
    'cpu-ms': '0.2',
    'keep-files': false,
  });
  const mode = values.mode;
  if (mode !== 'stored' && mode !== 'ab') throw new Error(`--mode must be stored or ab, got ${mode}`);
  if (mode === 'ab' && values.k !== undefined)
    throw new Error('--k is the number of stored baseline runs: it has no meaning with --mode ab');
  const aaRecords = nonNegative('aa-records', values['aa-records']);
  if (!Number.isInteger(aaRecords)) throw new Error(`--aa-records must be a whole number, got ${values['aa-records']}`);
  if (mode === 'stored' && aaRecords > 0) throw new Error('--aa-records belongs to --mode ab');

  const ks = mode === 'stored' ? list('k', values.k ?? '3', positiveInteger) : [0];
  const cvs = list('run-cv', values['run-cv'], nonNegative);
  if (ks.length > 1 && cvs.length > 1 && ks.length !== cvs.length) {
    throw new Error(
      `--k and --run-cv are paired position by position: give lists of the same length (or one value), got ${ks.length} and ${cvs.length}`,
    );
  }
  const configs = Array.from({ length: Math.max(ks.length, cvs.length) }, (_, i) => ({
    k: ks[Math.min(i, ks.length - 1)],
    runCv: cvs[Math.min(i, cvs.length - 1)],
  }));
  return {
    cli: resolve(values.cli),
    mode,
    configs,
    aaRecords,
    trials: positiveInteger('trials', values.trials),
    slowdowns: list('slowdowns', values.slowdowns, nonNegative),
    seed: values.seed,
    rates: list('rate', values.rate, positiveInteger),
    durationS: nonNegative('duration', values.duration),
    rounds: positiveInteger('rounds', values.rounds),
    target: { waitMs: nonNegative('wait-ms', values['wait-ms']), cpuMs: nonNegative('cpu-ms', values['cpu-ms']) },
    keepFiles: values['keep-files'],
  };
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness: the plan of a run (every process's speed factor) is reproducible from --seed.

/** A 32-bit hash of a string (FNV-1a), to seed one stream per configuration and trial. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** ln-sd of a log-normal with this coefficient of variation. */
const logSd = (cv) => Math.sqrt(Math.log(1 + cv * cv));

/**
 * Speed factors of fresh deployments: log-normal with median 1 and the given CV. One stream
 * per (seed, configuration, trial), so adding trials or configurations leaves earlier draws as they were.
 */
function factorStream(seed, config, trial) {
  const uniform = seededRandom(hash(`${seed}/${config.k}/${config.runCv}/${trial}`));
  const sigma = logSd(config.runCv);
  return () => {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const z = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    return Math.exp(sigma * z);
  };
}

// ---------------------------------------------------------------------------------------------
// The suite, the deployments, the CLI

const scenarioName = (rate) => `r${rate}`;

function suiteText({ rates, durationS, rounds }) {
  const scenarios = rates
    .map((rate) => `  - name: ${scenarioName(rate)}\n    request: { path: / }\n    load: { rate: ${rate}, duration: ${durationS}s }`)
    .join('\n');
  // No thresholds: only the comparison with the baseline can fail a run. Blocking: the default (p95, error_rate).
  return `version: 1
name: gate-trust
defaults: { warmup: ${WARMUP}, rounds: ${rounds}, timeout: 5s }
gate: { max_duration: ${MAX_DURATION_S}s }
scenarios:
${scenarios}
`;
}

/** A fresh process standing in for one deployment, with its speed factor. */
function startDeployment(factor, { waitMs, cpuMs }) {
  const args = ['--factor', String(factor), '--wait-ms', String(waitMs), '--cpu-ms', String(cpuMs)];
  return startServer(DEPLOYMENT, { args });
}

let shaCounter = 0;
/** A commit id of its own for every run: record replaces a run with the same commit and start time. */
const nextSha = () => `9a7e${(++shaCounter).toString(16).padStart(6, '0')}`;

function cliError(what, { code, stderr, stdout }) {
  const tail = (stderr.trim() || stdout.trim()).split('\n').slice(-6).join('\n  ');
  return new Error(`${what} exited with code ${code}:\n  ${tail}`);
}

async function cli(context, args, timeoutMs) {
  return runCommand(process.execPath, [context.cli, ...args], { timeoutMs });
}

const RUN_TIMEOUT_MS = MAX_DURATION_S * 1000 + GRACE_MS;

/** `run` that only measures (a main-branch run to record): 0 is the only good exit. */
async function measure(context, url, out) {
  const args = ['run', '-c', context.suite, '-t', url, '-o', out, '--sha', nextSha(), '--progress', 'none'];
  const result = await cli(context, args, RUN_TIMEOUT_MS);
  if (result.code !== 0) throw cliError(`perf-gate run -t ${url}`, result);
}

async function record(context, results, baseline, baseResults) {
  const args = ['record', '--results', results, '--baseline', baseline];
  if (baseResults !== undefined) args.push('--base-results', baseResults);
  const result = await cli(context, args, 30_000);
  if (result.code !== 0) throw cliError(`perf-gate record --results ${results}`, result);
}

/**
 * `run --json` that judges: exit 1 is a fail, 0 anything else (pass, inconclusive, neutral).
 * Returns the verdict, and per scenario the rounds the gate compared and its detectable p95 change.
 */
async function judge(context, args) {
  const result = await cli(
    context,
    ['run', '-c', context.suite, '--json', '--progress', 'none', '--sha', nextSha(), ...args],
    RUN_TIMEOUT_MS,
  );
  if (result.code !== 0 && result.code !== 1) throw cliError(`perf-gate run ${args.join(' ')}`, result);
  let json;
  try {
    const printed = JSON.parse(result.stdout);
    // The judgment a results file carries (perf-gate/verdict@1), or the bare verdict older CLIs printed.
    json = printed.gate ?? printed;
  } catch {
    throw new Error(`perf-gate run --json printed no JSON:\n  ${result.stdout.slice(0, 400)}`);
  }
  const failed = result.code === 1;
  if (failed !== (json.verdict === 'fail')) {
    throw new Error(`perf-gate run exited ${result.code} with verdict ${json.verdict}: exit code and verdict disagree`);
  }
  const rounds = Object.fromEntries(json.scenarios.map((s) => [s.name, s.rounds]));
  // The gate's own claim of its resolution: the smallest p95 degradation it would have caught 4 times in 5
  // (absent from CLIs that do not report it).
  const detectable = Object.fromEntries(json.scenarios.map((s) => [s.name, s.metrics.find((m) => m.metric === 'p95')?.detectable ?? null]));
  return { verdict: json.verdict, failed, rounds, detectable };
}

/** Whether this CLI has what --aa-records needs; checked before any load is sent. */
async function checkAaSupport(context) {
  const help = await cli(context, ['record', '--help'], 30_000);
  if (!help.stdout.includes('--base-results')) {
    throw new Error(
      `--aa-records needs "perf-gate record --base-results" (A/A pairs recorded as deployment noise), ` +
        `which ${context.cli} does not have yet. Bundle a CLI from a source that has it and pass --cli, ` +
        'or run --mode ab without --aa-records.',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Runs and trials

/** The per-round figures the noise estimates need, from one results file and its known factor. */
async function runSample(file, factor) {
  const result = JSON.parse(await readFile(file, 'utf8'));
  const scenarios = {};
  for (const s of result.scenarios) {
    scenarios[s.name] = {
      logP50: s.rounds.map((r) => Math.log(r.latencyMs.p50)),
      logP95: s.rounds.map((r) => Math.log(r.latencyMs.p95)),
      roundNumbers: s.rounds.map((r) => r.round),
      requests: s.rounds.map((r) => r.requests),
      // Present once the generator reports its own health (src/load/generator-health.ts).
      saturated: s.rounds.filter((r) => r.generator?.saturated === true).length,
    };
  }
  return { factor, scenarios };
}

/**
 * Per scenario, the log p95 ratios candidate/base of the rounds of one A/B run that form a pair
 * (same round number). Their spread is the round noise the paired test really faces: noise that
 * hits both halves of a pair (the machine's busy moments) cancels in it.
 */
function pairedLogRatios(candidate, base) {
  const ratios = {};
  for (const [name, c] of Object.entries(candidate.scenarios)) {
    const b = base.scenarios[name];
    if (!b) continue;
    const baseByRound = new Map(b.roundNumbers.map((round, i) => [round, b.logP95[i]]));
    ratios[name] = c.roundNumbers.flatMap((round, i) => (baseByRound.has(round) ? [c.logP95[i] - baseByRound.get(round)] : []));
  }
  return ratios;
}

/** Starts the deployments, runs `body` with their URLs, and stops them whatever happens. */
async function withDeployments(factors, target, body) {
  const servers = [];
  try {
    for (const factor of factors) servers.push(await startDeployment(factor, target));
    return await body(servers.map((s) => s.url));
  } finally {
    for (const server of servers) server.stop();
  }
}

const percent = (fraction, digits = 0) => `${(fraction * 100).toFixed(digits)} %`;
const signedPercent = (fraction) => `+${Math.round(fraction * 100)} %`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function log(context, trial, text) {
  console.error(`[${context.label}] trial ${trial + 1}/${context.trials}: ${text}`);
}

/**
 * Stored-baseline mode, one trial: K fresh main deployments measured and recorded into a new
 * baseline, then one fresh deployment per planted slowdown judged against it. The baseline is
 * shared by the trial's slowdown columns, as one main branch is shared by many pull requests.
 */
async function storedTrial(context, trial) {
  const draw = factorStream(context.seed, context.config, trial);
  const baseline = join(context.dir, `baseline-${trial}.json`);
  const samples = [];
  const recordMs = [];
  for (let i = 0; i < context.config.k; i++) {
    const factor = draw();
    const out = join(context.dir, `main-${i}.json`);
    const started = Date.now();
    await withDeployments([factor], context.target, ([url]) => measure(context, url, out));
    await record(context, out, baseline);
    recordMs.push(Date.now() - started);
    samples.push(await runSample(out, factor));
    log(context, trial, `main ${i + 1}/${context.config.k} (factor ${factor.toFixed(3)}) recorded in ${seconds(recordMs.at(-1))}`);
  }
  const outcomes = [];
  for (const slowdown of context.slowdowns) {
    const factor = draw() * (1 + slowdown);
    const out = join(context.dir, 'pr.json');
    const started = Date.now();
    const outcome = await withDeployments([factor], context.target, ([url]) =>
      judge(context, ['-t', url, '--baseline', baseline, '-o', out]),
    );
    outcomes.push({ slowdown, ...outcome, ms: Date.now() - started });
    samples.push(await runSample(out, factor));
    log(
      context,
      trial,
      `${signedPercent(slowdown)} (factor ${factor.toFixed(3)}): ${outcome.verdict} in ${seconds(Date.now() - started)}, rounds ${roundsText(outcome.rounds)}`,
    );
  }
  return { outcomes, samples, pairs: [], setupMs: recordMs };
}

/**
 * Interleaved mode, one trial: per planted slowdown two fresh deployments, base and candidate,
 * measured in alternating rounds by one `run --baseline-url`. With --aa-records R, first R A/A
 * pairs (two deployments of the same code) are recorded as the deployment noise the gate learns.
 */
async function abTrial(context, trial) {
  const draw = factorStream(context.seed, context.config, trial);
  const baseline = join(context.dir, `baseline-${trial}.json`);
  const samples = [];
  const pairs = [];
  const recordMs = [];
  for (let j = 0; j < context.aaRecords; j++) {
    const factors = [draw(), draw()];
    const out = join(context.dir, `aa-${j}.json`);
    const baseOut = join(context.dir, `aa-${j}.base.json`);
    const started = Date.now();
    await withDeployments(factors, context.target, async ([candidate, base]) => {
      const args = [
        'run',
        '-c',
        context.suite,
        '-t',
        candidate,
        '--baseline-url',
        base,
        '-o',
        out,
        '--sha',
        nextSha(),
        '--progress',
        'none',
      ];
      const result = await cli(context, args, RUN_TIMEOUT_MS);
      // An A/A run is judged too and may fail by chance; only a broken run is an error.
      if (result.code !== 0 && result.code !== 1) throw cliError('perf-gate run (A/A)', result);
    });
    await record(context, out, baseline, baseOut);
    recordMs.push(Date.now() - started);
    const [candidateSample, baseSample] = [await runSample(out, factors[0]), await runSample(baseOut, factors[1])];
    samples.push(candidateSample, baseSample);
    pairs.push(pairedLogRatios(candidateSample, baseSample));
    log(
      context,
      trial,
      `A/A ${j + 1}/${context.aaRecords} (factors ${factors.map((f) => f.toFixed(3)).join(', ')}) recorded in ${seconds(recordMs.at(-1))}`,
    );
  }
  const outcomes = [];
  for (const slowdown of context.slowdowns) {
    const baseFactor = draw();
    const candidateFactor = draw() * (1 + slowdown);
    const out = join(context.dir, 'pr.json');
    const started = Date.now();
    const outcome = await withDeployments([candidateFactor, baseFactor], context.target, ([candidate, base]) => {
      const args = ['-t', candidate, '--baseline-url', base, '-o', out];
      if (context.aaRecords > 0) args.push('--baseline', baseline);
      return judge(context, args);
    });
    outcomes.push({ slowdown, ...outcome, ms: Date.now() - started });
    const candidateSample = await runSample(out, candidateFactor);
    const baseSample = await runSample(out.replace(/\.json$/, '.base.json'), baseFactor);
    samples.push(candidateSample, baseSample);
    pairs.push(pairedLogRatios(candidateSample, baseSample));
    const factors = `factors ${candidateFactor.toFixed(3)} vs ${baseFactor.toFixed(3)}`;
    log(
      context,
      trial,
      `${signedPercent(slowdown)} (${factors}): ${outcome.verdict} in ${seconds(Date.now() - started)}, rounds ${roundsText(outcome.rounds)}`,
    );
  }
  return { outcomes, samples, pairs, setupMs: recordMs };
}

const roundsText = (rounds) =>
  Object.values(rounds)
    .map((r) => r.current)
    .join('/');

// ---------------------------------------------------------------------------------------------
// Statistics

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 for erf, |error| < 1.5e-7). */
function normalCdf(x) {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp((-x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Wilson score interval for a binomial proportion: honest at 0 of 20, unlike the Wald interval. */
function wilson(successes, n) {
  const p = successes / n;
  const z2 = Z_WILSON * Z_WILSON;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z_WILSON / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Within-run spread over rounds, pooled over runs: sqrt(Σ within-run squared deviations / Σ (n − 1)).
 * Pooling deviations from each run's own mean keeps the run effects (the planted factors) out of it.
 */
function pooledWithinSd(groups) {
  let squares = 0;
  let df = 0;
  for (const xs of groups) {
    if (xs.length < 2) continue;
    const m = mean(xs);
    squares += xs.reduce((sum, x) => sum + (x - m) ** 2, 0);
    df += xs.length - 1;
  }
  return df > 0 ? Math.sqrt(squares / df) : NaN;
}

/**
 * How a scenario's run-mean log p95 follows the log of the run's speed factor: the slope (1 when
 * p95 scales with the factor exactly; below 1 when fixed costs that the factor does not scale,
 * such as the generator and the loopback, are part of it) and the run-to-run spread that neither
 * the factor nor the round noise explains (process-to-process luck of the real deployments).
 */
function factorFit(samples, name, roundSd) {
  const points = samples
    .filter((s) => s.scenarios[name])
    .map((s) => ({ x: Math.log(s.factor), y: mean(s.scenarios[name].logP95), n: s.scenarios[name].logP95.length }));
  if (points.length < 3) return { slope: NaN, slopeSe: NaN, extraSd: NaN };
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  const slope = sxx > 0 ? points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0) / sxx : NaN;
  const residualVar = points.reduce((sum, p) => sum + (p.y - my - slope * (p.x - mx)) ** 2, 0) / (points.length - 2);
  const roundPart = mean(points.map((p) => (roundSd * roundSd) / p.n));
  return { slope, slopeSe: Math.sqrt(residualVar / sxx), extraSd: Math.sqrt(Math.max(0, residualVar - roundPart)) };
}

/**
 * Power of the oracle test for one trial: it knows σ_run and σ_round exactly, estimates each
 * scenario's log change of p95, and flags a regression when the estimate exceeds ln(1.1) and
 * estimate/SE > z (one-sided α = 0.01). The trial fails when any scenario is flagged; the run
 * effect is shared by all scenarios of a run, so the scenarios' estimates are correlated and the
 * probability is integrated over it:
 *   stored: shared variance σ_run²(1 + 1/K), own variance σ_round²/n_current + σ_round²/(n_base K)
 *   A/B:    shared variance 2σ_run²,         own variance 2σ_round²/n
 * `slope` scales the planted change and the run effect to what p95 shows of them (1 = as planted).
 */
function oraclePower({ change, sharedSd, scenarios }) {
  const parts = scenarios.map(({ ownSd, slope }) => {
    const shared = slope * sharedSd;
    const se = Math.sqrt(shared * shared + ownSd * ownSd);
    return { ownSd: Math.max(ownSd, 1e-9), shared, critical: Math.max(THRESHOLD, Z_ORACLE * se), delta: slope * change };
  });
  // P(no scenario flagged) = ∫ φ(r) Π Φ((critical − δ − shared·r) / ownSd) dr, by the midpoint rule.
  const steps = 2000;
  const width = 16 / steps;
  let none = 0;
  for (let i = 0; i < steps; i++) {
    const r = -8 + (i + 0.5) * width;
    let product = Math.exp((-r * r) / 2) / Math.sqrt(2 * Math.PI);
    for (const p of parts) product *= normalCdf((p.critical - p.delta - p.shared * r) / p.ownSd);
    none += product * width;
  }
  return Math.min(1, Math.max(0, 1 - none));
}

// ---------------------------------------------------------------------------------------------
// Summaries and output

/** Per scenario: within-run log sd of p50 and p95, requests per round, rounds, and the factor fit. */
function noiseByScenario(samples, pairs, names) {
  return names.map((name) => {
    const runs = samples.map((s) => s.scenarios[name]).filter(Boolean);
    const p95Sd = pooledWithinSd(runs.map((r) => r.logP95));
    return {
      name,
      // A/B only: log sd of the paired rounds' p95 ratio (2σ_round² if the halves were independent).
      pairSd: pooledWithinSd(pairs.map((p) => p[name]).filter(Boolean)),
      runs: runs.length,
      rounds: runs.reduce((sum, r) => sum + r.logP95.length, 0),
      requests: mean(runs.flatMap((r) => r.requests)),
      p50Sd: pooledWithinSd(runs.map((r) => r.logP50)),
      p95Sd,
      saturated: runs.reduce((sum, r) => sum + r.saturated, 0),
      ...factorFit(samples, name, p95Sd),
    };
  });
}

function summarize(context, trials) {
  const noise = noiseByScenario(
    trials.flatMap((t) => t.samples),
    trials.flatMap((t) => t.pairs),
    context.names,
  );
  const sigmaRun = logSd(context.config.runCv);
  const rows = context.slowdowns.map((slowdown, column) => {
    const outcomes = trials.map((t) => t.outcomes[column]);
    const fails = outcomes.filter((o) => o.failed).length;
    const meanRounds = (name, side) => mean(outcomes.map((o) => o.rounds[name]?.[side] ?? NaN));
    const oracle = (asSeen) =>
      oraclePower({
        change: Math.log(1 + slowdown),
        sharedSd: context.mode === 'stored' ? sigmaRun * Math.sqrt(1 + 1 / context.config.k) : sigmaRun * Math.SQRT2,
        scenarios: noise.map((s) => {
          const nCurrent = meanRounds(s.name, 'current');
          const pairVar = asSeen && Number.isFinite(s.pairSd) ? s.pairSd ** 2 : 2 * s.p95Sd ** 2;
          const ownVar =
            context.mode === 'stored' ? s.p95Sd ** 2 / nCurrent + s.p95Sd ** 2 / meanRounds(s.name, 'baseline') : pairVar / nCurrent;
          return { ownSd: Math.sqrt(ownVar), slope: asSeen && Number.isFinite(s.slope) ? s.slope : 1 };
        }),
      });
    return {
      slowdown,
      trials: outcomes.length,
      fails,
      inconclusive: outcomes.filter((o) => o.verdict === 'inconclusive').length,
      interval: wilson(fails, outcomes.length),
      oracle: oracle(false),
      oracleSeen: oracle(true),
      rounds: context.names.map((name) => meanRounds(name, 'current')),
      detectable: context.names.map((name) => {
        const values = outcomes.map((o) => o.detectable[name]).filter((x) => typeof x === 'number');
        return values.length > 0 ? mean(values) : NaN;
      }),
      ms: mean(outcomes.map((o) => o.ms)),
    };
  });
  return { noise, rows };
}

/** The first `textColumns` columns are left-aligned, the figures after them right-aligned. */
function formatTable(header, rows, textColumns) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const fixed = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function printResults(options, results) {
  const header = [
    'config',
    'slowdown',
    'trials',
    'fail',
    'inconcl.',
    'fail rate (95 % CI)',
    'oracle',
    'oracle*',
    'rounds',
    'detectable',
    's/run',
  ];
  const rows = results.flatMap(({ context, summary }) =>
    summary.rows.map((row) => [
      context.label,
      signedPercent(row.slowdown),
      String(row.trials),
      String(row.fails),
      String(row.inconclusive),
      `${percent(row.fails / row.trials)} (${percent(row.interval[0])}–${percent(row.interval[1])})`,
      percent(row.oracle, 1),
      percent(row.oracleSeen, 1),
      row.rounds.map((r) => fixed(r, 1)).join('/'),
      row.detectable.some(Number.isFinite)
        ? `${row.detectable.map((d) => (Number.isFinite(d) ? `+${Math.round(d * 100)}` : '?')).join('/')} %`
        : 'n/a',
      fixed(row.ms / 1000, 1),
    ]),
  );
  console.log(formatTable(header, rows, 2));
  console.log(
    '\nfail: exit code 1 (verdict fail); inconcl.: verdict inconclusive (exit 0). rounds: mean current rounds per scenario' +
      ` (${options.names.join('/')}). detectable: the smallest p95 degradation the gate said it would catch 4 times in 5,` +
      ' mean per scenario. s/run: wall time of one judged run, deployment start included.' +
      '\noracle: power of a test that knows σ_run (from --run-cv) and σ_round (measured below) exactly: a regression' +
      " when a scenario's estimated log change of p95 exceeds ln 1.1 and est/SE > 2.33 (one-sided α = 0.01 per scenario)," +
      ' at the mean rounds above.' +
      '\noracle*: the same with the planted change and run effect scaled by the slope p95 showed of them (calibration below)' +
      (options.mode === 'ab' ? ', and the round noise of the pairs as measured (paired rounds, below).' : '.'),
  );
  if (options.mode === 'stored') {
    console.log('One baseline per trial (its K main runs) is shared by all slowdown columns of that trial.');
  } else if (options.aaRecords > 0) {
    console.log(`Each trial records ${options.aaRecords} A/A pairs into its own baseline, shared by its slowdown columns.`);
  }

  for (const { context, summary, trialMs } of results) {
    console.log(`\n[${context.label}]`);
    const noise = summary.noise.map((s) => `${s.name} ${fixed(s.p95Sd)} at ${Math.round(s.requests)} requests/round`);
    console.log(`round noise (log sd of p95): ${noise.join(', ')}`);
    if (context.mode === 'ab') {
      const paired = summary.noise.map((s) => `${s.name} ${fixed(s.pairSd / Math.SQRT2)}`);
      console.log(`paired rounds (log sd of the p95 ratio candidate/base, / √2): ${paired.join(', ')}`);
    }
    const setup = context.mode === 'stored' ? `${context.config.k} recorded main runs` : `${context.aaRecords} recorded A/A pairs`;
    const setupMs = mean(trialMs.map((t) => t.setupMs)) || 0;
    const judged = mean(summary.rows.map((r) => r.ms));
    console.log(
      `time per trial: ${seconds(mean(trialMs.map((t) => t.totalMs)))} ` +
        `(${setup}: ${seconds(setupMs)}; ${context.slowdowns.length} judged runs of ${seconds(judged)} on average)`,
    );
    console.log('calibration (spread over the rounds within a run, pooled over all runs of this configuration):');
    const calibration = summary.noise.map((s) => [
      s.name,
      String(Math.round(s.requests)),
      String(s.runs),
      String(s.rounds),
      fixed(s.p50Sd),
      fixed(s.p95Sd),
      `${fixed(s.slope, 2)} ±${fixed(s.slopeSe, 2)}`,
      fixed(s.extraSd),
      `${s.saturated}`,
    ]);
    const calibrationHeader = [
      'scenario',
      'requests/round',
      'runs',
      'rounds',
      'log sd p50',
      'log sd p95',
      'p95 slope',
      'extra run sd',
      'saturated',
    ];
    console.log(formatTable(calibrationHeader, calibration, 1));
  }
  console.log(
    '\np95 slope: how the run mean of log p95 follows the log of the speed factor, ± its standard error (1 = exactly;' +
      ' lower when fixed costs outside the deployment are part of the latency). extra run sd: run-to-run log sd of p95 that neither the factor nor' +
      ' the round noise explains (real process-to-process luck, on top of --run-cv). saturated: rounds in which the generator' +
      ' reported itself the bottleneck.',
  );
}

// ---------------------------------------------------------------------------------------------

async function runConfiguration(options, config, dir) {
  const label =
    options.mode === 'stored'
      ? `K=${config.k} cv=${percent(config.runCv, 1)}`
      : `A/B cv=${percent(config.runCv, 1)} aa=${options.aaRecords}`;
  const context = { ...options, config, label, dir };
  const trials = [];
  const trialMs = [];
  for (let trial = 0; trial < options.trials; trial++) {
    const started = Date.now();
    const result = options.mode === 'stored' ? await storedTrial(context, trial) : await abTrial(context, trial);
    trials.push(result);
    trialMs.push({ totalMs: Date.now() - started, setupMs: result.setupMs.reduce((a, b) => a + b, 0) });
    log(context, trial, `done in ${seconds(Date.now() - started)}`);
  }
  return { context, summary: summarize(context, trials), trialMs };
}

async function main() {
  const options = parseOptions();
  options.names = options.rates.map(scenarioName);
  if (new Set(options.names).size !== options.names.length) throw new Error('--rate: give each rate once');
  if (!existsSync(options.cli))
    throw new Error(`no CLI at ${options.cli}: run "npm run build", or bundle one from src/cli.ts and pass --cli PATH`);
  const version = await runCommand(process.execPath, [options.cli, '--version'], { timeoutMs: 30_000 }).catch((error) => ({
    code: -1,
    stderr: error.message,
  }));
  if (version.code !== 0)
    throw new Error(`cannot run the CLI ${options.cli} (build it, or bundle one and pass --cli): ${version.stderr.trim()}`);
  if (options.aaRecords > 0) await checkAaSupport(options);

  // Synchronous clean-up on 'exit' runs on every way out, Ctrl-C included (processes.mjs exits on it).
  const dir = mkdtempSync(join(tmpdir(), 'perf-gate-bench-gate-'));
  if (options.keepFiles) console.error(`files kept in ${dir}`);
  else process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  options.suite = join(dir, 'suite.yml');
  await writeFile(options.suite, suiteText(options));

  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  console.log(
    `Node ${process.version}, ${cpu}, ${availableParallelism()} CPUs, load average ${load()} at the start; CLI ${options.cli} (${version.stdout.trim()})`,
  );
  console.log(
    `mode ${options.mode}; suite: ${options.rates.map((r) => `${scenarioName(r)} open ${r}/s`).join(', ')}, ` +
      `${options.durationS} s rounds, ${options.rounds} rounds (adaptive beyond), warmup ${WARMUP}, p95 + error_rate blocking, max_duration ${MAX_DURATION_S} s`,
  );
  console.log(
    `deployments: a fresh process per run; service ${options.target.cpuMs} ms CPU + ${options.target.waitMs} ms wait, ` +
      `× a log-normal speed factor (median 1, CV --run-cv) × the planted slowdown; seed ${options.seed}\n`,
  );

  const results = [];
  for (const config of options.configs) results.push(await runConfiguration(options, config, dir));
  console.error();
  printResults(options, results);
  console.log(`\nload average ${load()} at the end`);
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
