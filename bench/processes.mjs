/**
 * Child processes for the bench. Every target and generator runs in its own process, so none
 * of them shares an event loop with another; all are tracked here so that no way out of the
 * bench (error, Ctrl-C, a hung generator) leaves one running and holding a core.
 */
import { fork, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { availableParallelism, constants, tmpdir } from 'node:os';
import { join } from 'node:path';

// What to kill, per live child: the child, or for a measured command its whole process group.
const live = new Map();

function track(child, kill = () => child.kill('SIGKILL')) {
  live.set(child, kill);
  child.once('exit', () => live.delete(child));
  return child;
}

function killAll() {
  for (const kill of live.values()) kill();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(128 + constants.signals[signal]);
  });
}

/** Asks a forked target a question over IPC (see targets/ipc.mjs) and resolves with its answer. */
function ask(child, script, question) {
  return new Promise((resolve, reject) => {
    if (!child.connected) return reject(new Error(`${script} is no longer running`));
    const timer = setTimeout(() => reject(new Error(`${script} did not answer ${JSON.stringify(question)}`)), 5_000);
    child.once('message', (answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
    child.send(question);
  });
}

/** User + system CPU time the target has used so far, as it reports it. */
async function cpuSeconds(child, script) {
  const { cpuUsage } = await ask(child, script, 'cpu-usage');
  return (cpuUsage.user + cpuUsage.system) / 1e6;
}

/**
 * The cores to pin to, when the machine has two or more and taskset is there: the target on
 * one, the generator on another, so each tool is measured on exactly one core of its own
 * (its GC and helper threads included) and neither steals from the other.
 */
export function corePinning() {
  if (availableParallelism() < 2) return { problem: 'fewer than 2 CPUs' };
  if (spawnSync('taskset', ['-V']).error) return { problem: 'taskset is not installed (Debian/Ubuntu: util-linux)' };
  return { target: 0, generator: 1 };
}

/** Pins a running process, every thread of it, to one core. */
function pin(pid, cpu) {
  if (cpu === undefined) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset could not pin process ${pid} to CPU ${cpu}: ${result.stderr.trim()}`);
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** User + system CPU seconds a process (all its threads) has used so far, from /proc; undefined off Linux. */
export function procCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of proc(5), counted from the state (field 3).
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Samples a running process's CPU use; `stop()` gives its rate (CPU seconds per second) in
 * steady state: the median over the sampling intervals, which leaves out start-up and teardown.
 */
export function sampleCpu(pid, intervalMs = 250) {
  const samples = [];
  const read = () => {
    const cpu = procCpuSeconds(pid);
    if (cpu !== undefined) samples.push({ at: performance.now(), cpu });
  };
  read();
  const timer = setInterval(read, intervalMs);
  return () => {
    clearInterval(timer);
    const rates = samples.slice(1).map((sample, i) => (sample.cpu - samples[i].cpu) / ((sample.at - samples[i].at) / 1000));
    if (rates.length < 3) return undefined;
    rates.sort((a, b) => a - b);
    return rates[Math.floor(rates.length / 2)];
  };
}

/** CPU seconds the whole machine has spent busy so far (every process, the kernel), from /proc/stat; undefined off Linux. */
function machineBusySeconds() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: all but idle and iowait is work.
    const busy = fields.slice(0, 8).reduce((sum, ticks, i) => (i === 3 || i === 4 ? sum : sum + ticks), 0);
    return busy / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the machine has been nearly idle for a second (less than `cores` of CPU busy, by
 * every process together), or `maxWaitS` have passed, and says how long it waited. On a machine
 * shared with other jobs, a run that starts beside a neighbour's burst measures the neighbour:
 * this makes each run start on a quiet machine, though a burst may still begin during it.
 */
export async function waitForQuiet({ cores = 0.15, maxWaitS = 120, log = console.error } = {}) {
  const started = performance.now();
  for (;;) {
    const before = machineBusySeconds();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = machineBusySeconds();
    if (before === undefined || after === undefined || after - before < cores) break;
    if (performance.now() - started > maxWaitS * 1000) {
      log(`the machine is still busy (${(after - before).toFixed(2)} cores) after ${maxWaitS} s: measuring anyway`);
      return;
    }
  }
  const waitedS = (performance.now() - started) / 1000;
  if (waitedS > 1.5) log(`waited ${waitedS.toFixed(0)} s for the machine to go quiet`);
}

/** A loopback port nothing listens on, for a server that cannot report the one it picked. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Why nginx cannot serve here, or undefined. */
export function nginxMissing() {
  return spawnSync('nginx', ['-v']).error ? 'nginx is not installed (Debian/Ubuntu: apt-get install nginx-light)' : undefined;
}

/**
 * nginx as a target: one process (no master), one worker's worth of work, answering every
 * request with a fixed 12-byte body from its configuration, access log off. A C server that a
 * single generator core cannot saturate: the generator sets the pace.
 */
export async function startNginx({ cpu, timeoutMs = 10_000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-nginx-'));
  const port = await freePort();
  const config = join(dir, 'nginx.conf');
  await writeFile(
    config,
    `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} error;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${dir};
  proxy_temp_path ${dir};
  fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir};
  scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
    location / { default_type text/plain; return 200 "hello world\n"; }
  }
}
`,
  );
  const child = track(spawn('nginx', ['-c', config, '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] }));
  const exited = new Promise((_, reject) =>
    child.once('exit', (code) => reject(new Error(`nginx exited (code ${code}) before listening`))),
  );
  await Promise.race([waitForPort(port, timeoutMs), exited]);
  pin(child.pid, cpu);
  return {
    url: `http://127.0.0.1:${port}`,
    cpuSeconds: async () => procCpuSeconds(child.pid),
    stop: () => {
      child.kill();
      rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/**
 * Forks a bench target script (with `args` on its command line) and resolves with the URL it
 * reports once listening; with `cpu`, pinned to that core.
 */
export function startServer(script, { timeoutMs = 10_000, args = [], cpu } = {}) {
  const child = track(fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  pin(child.pid, cpu);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once('message', ({ url }) => {
      clearTimeout(timer);
      resolve({
        url,
        cpuSeconds: () => cpuSeconds(child, script),
        ask: (question) => ask(child, script, question),
        stop: () => child.kill(),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (code ${code}) before listening`));
    });
  });
}

const TIME = '/usr/bin/time';

/** Undefined when GNU time is at /usr/bin/time (for `measured` commands), else what to do. */
export function timeMissing() {
  const version = spawnSync(TIME, ['--version'], { encoding: 'utf8' });
  return /GNU/.test(`${version.stdout}${version.stderr}`)
    ? undefined
    : `GNU time is not at ${TIME}: it measures the peak RSS and CPU time of a run (Debian/Ubuntu: apt-get install time)`;
}

/**
 * Runs a command to completion and resolves with its exit code and output. A run that outlives
 * `timeoutMs` is killed and rejected: a load loop must never run unbounded. With `measured`,
 * the command runs under GNU time, and the result also has its peak resident memory
 * (`peakRssMiB`) and the CPU time it used, user + system, all threads (`cpuSeconds`).
 * `onSpawn(child)` is told of the process as soon as it starts, to sample it from outside.
 */
export async function runCommand(command, args, { timeoutMs, measured = false, cpu, onSpawn }) {
  if (!measured) return run(command, args, timeoutMs, false, cpu, onSpawn);
  const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-time-'));
  try {
    const usage = join(dir, 'usage');
    const result = await run(TIME, ['-o', usage, '-f', '%M %U %S', command, ...args], timeoutMs, true);
    // The last line: GNU time writes "Command exited with non-zero status N" above it on failure.
    const [kib, user, system] = (await readFile(usage, 'utf8')).trim().split('\n').at(-1).split(' ').map(Number);
    return { ...result, peakRssMiB: kib / 1024, cpuSeconds: user + system };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already gone.
  }
}

// `group`: the command gets a process group of its own, and a kill ends the whole group, so
// that killing GNU time does not leave the command it runs behind.
// `cpu`: the command runs pinned to that core, and the result also has `cpuRate`, its CPU
// seconds per second in steady state (see sampleCpu).
function run(command, args, timeoutMs, group = false, cpu = undefined, onSpawn = undefined) {
  const pinned = cpu === undefined ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
  const child = spawn(pinned[0], pinned[1], { stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  onSpawn?.(child);
  const kill = group ? () => killGroup(child.pid) : () => child.kill('SIGKILL');
  track(child, kill);
  const stopSampling = cpu === undefined ? () => undefined : sampleCpu(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128 + constants.signals[signal], stdout, stderr, cpuRate: stopSampling() });
    });
  });
}
