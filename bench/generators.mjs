/**
 * The load generators under comparison. Each runs as its own process with the same load shape
 * (closed model, 10 connections, no pipelining, `durationS` seconds, GET on the target URL) and
 * reports { rps, errors, cpuUsPerRequest }: completed requests per second of the run, failed
 * requests, and (when pinned to a core, `cpu`) the generator's user + system CPU microseconds
 * per request in steady state.
 *
 * `paced` runs the same connections each waiting `pauseMs` after every response before the
 * next request (wrk's `delay()`, perf-gate's flow `pause`), which offers both tools the same
 * rate well below what either can do, and reports { rps, p50Us }: the median latency from
 * send to response, where a generator's own overhead shows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runCommand } from './processes.mjs';

export const CONNECTIONS = 10;
// Room for process start-up and teardown on top of the load itself.
const GRACE_MS = 30_000;

export const PERF_GATE_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function fail(tool, { code, stderr }) {
  const tail = stderr.trim().split('\n').slice(-5).join('\n');
  return new Error(`${tool} exited with code ${code}${tail ? `:\n${tail}` : ''}`);
}

/** CPU µs per completed request, from the process's steady CPU rate and its request rate. */
const perRequest = (cpuRate, rps) => (cpuRate === undefined || !(rps > 0) ? undefined : (cpuRate / rps) * 1e6);

async function autocannon(url, durationS, { cpu } = {}) {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [bin, '-c', CONNECTIONS, '-p', 1, '-d', durationS, '-n', '-j', url].map(String);
  const result = await runCommand(process.execPath, args, { timeoutMs: durationS * 1000 + GRACE_MS, cpu });
  if (result.code !== 0) throw fail('autocannon', result);
  const report = JSON.parse(result.stdout);
  // total / elapsed, the same definition as wrk's Requests/sec and perf-gate's rps; autocannon's
  // own `requests.average` is a mean of per-second samples, which drops the partial last second.
  const rps = report.requests.total / report.duration;
  return { rps, errors: report.errors + report.timeouts + report.non2xx, cpuUsPerRequest: perRequest(result.cpuRate, rps) };
}

function perfGateSuite(durationS, pauseMs) {
  const work =
    pauseMs === undefined
      ? 'request: { method: GET, path: / }'
      : `flow:\n      - name: get\n        request: { method: GET, path: / }\n      - pause: ${pauseMs}ms`;
  return `version: 1
name: throughput-bench
defaults: { warmup: 0s, rounds: 1, timeout: 5s }
scenarios:
  - name: hello
    ${work}
    load: { connections: ${CONNECTIONS}, duration: ${durationS}s }
`;
}

async function runPerfGate(url, durationS, { cpu, pauseMs } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-'));
  try {
    const suite = join(dir, 'suite.yml');
    const out = join(dir, 'results.json');
    await writeFile(suite, perfGateSuite(durationS, pauseMs));
    const args = [PERF_GATE_CLI, 'run', '--config', suite, '--target', url, '--out', out];
    const result = await runCommand(process.execPath, args, { timeoutMs: durationS * 1000 + GRACE_MS, cpu });
    if (result.code !== 0) throw fail('perf-gate', result);
    const round = JSON.parse(await readFile(out, 'utf8')).scenarios[0].rounds[0];
    return { round, cpuRate: result.cpuRate };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function perfGate(url, durationS, options) {
  const { round, cpuRate } = await runPerfGate(url, durationS, options);
  return { rps: round.rps, errors: round.errors.total, cpuUsPerRequest: perRequest(cpuRate, round.rps) };
}

async function perfGatePaced(url, durationS, { cpu, pauseMs }) {
  const { round } = await runPerfGate(url, durationS, { cpu, pauseMs });
  return { rps: round.rps, errors: round.errors.total, p50Us: round.latencyMs.p50 * 1000 };
}

async function runWrk(url, durationS, { cpu, pauseMs } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-wrk-'));
  try {
    const args = ['-t1', `-c${CONNECTIONS}`, `-d${durationS}s`, '--latency'];
    if (pauseMs !== undefined) {
      const script = join(dir, 'pause.lua');
      await writeFile(script, `function delay()\n  return ${pauseMs}\nend\n`);
      args.push('-s', script);
    }
    const result = await runCommand('wrk', [...args, url], { timeoutMs: durationS * 1000 + GRACE_MS, cpu });
    if (result.code !== 0) throw fail('wrk', result);
    const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(result.stdout);
    if (!rps) throw new Error(`could not find Requests/sec in wrk's output:\n${result.stdout}`);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(result.stdout);
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(result.stdout);
    const errors = [...(socketErrors?.slice(1) ?? []), non2xx?.[1] ?? 0].reduce((sum, n) => sum + Number(n), 0);
    const p50 = /^\s+50%\s+([\d.]+)(us|ms|s)$/m.exec(result.stdout);
    const p50Us = p50 ? Number(p50[1]) * { us: 1, ms: 1e3, s: 1e6 }[p50[2]] : undefined;
    return { rps: Number(rps[1]), errors, p50Us, cpuUsPerRequest: perRequest(result.cpuRate, Number(rps[1])) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Every generator, each with `available()`: undefined when it can run here, else why not and
 * what to do about it.
 */
export const GENERATORS = {
  autocannon: { run: autocannon, available: () => undefined },
  'perf-gate': {
    run: perfGate,
    paced: perfGatePaced,
    available: () => (existsSync(PERF_GATE_CLI) ? undefined : 'dist/cli.js not found: run npm run build first'),
  },
  wrk: {
    run: runWrk,
    paced: runWrk,
    available: () =>
      spawnSync('wrk', ['--version']).error?.code === 'ENOENT'
        ? 'wrk is not installed (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk)'
        : undefined,
  },
};
