/**
 * Child processes for the bench. Every target and generator runs in its own process, so none
 * of them shares an event loop with another; all are tracked here so that no way out of the
 * bench (error, Ctrl-C, a hung generator) leaves one running and holding a core.
 */
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
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

/** User + system CPU time the target has used so far, as it reports it (see targets/ipc.mjs). */
function cpuSeconds(child, script) {
  return new Promise((resolve, reject) => {
    if (!child.connected) return reject(new Error(`${script} is no longer running`));
    const timer = setTimeout(() => reject(new Error(`${script} did not report its CPU time`)), 5_000);
    child.once('message', ({ cpuUsage }) => {
      clearTimeout(timer);
      resolve((cpuUsage.user + cpuUsage.system) / 1e6);
    });
    child.send('cpu-usage');
  });
}

/**
 * Forks a bench target script (with `args` on its command line) and resolves with the URL it
 * reports once listening.
 */
export function startServer(script, { timeoutMs = 10_000, args = [] } = {}) {
  const child = track(fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once('message', ({ url }) => {
      clearTimeout(timer);
      resolve({ url, cpuSeconds: () => cpuSeconds(child, script), stop: () => child.kill() });
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
 */
export async function runCommand(command, args, { timeoutMs, measured = false }) {
  if (!measured) return run(command, args, timeoutMs);
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
function run(command, args, timeoutMs, group = false) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  const kill = group ? () => killGroup(child.pid) : () => child.kill('SIGKILL');
  track(child, kill);
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
      resolve({ code: code ?? 128 + constants.signals[signal], stdout, stderr });
    });
  });
}
