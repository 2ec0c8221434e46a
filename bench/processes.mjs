/**
 * Child processes for the bench. Every target and generator runs in its own process, so none
 * of them shares an event loop with another; all are tracked here so that no way out of the
 * bench (error, Ctrl-C, a hung generator) leaves one running and holding a core.
 */
import { fork, spawn } from 'node:child_process';
import { constants } from 'node:os';

const live = new Set();

function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function killAll() {
  for (const child of live) child.kill('SIGKILL');
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

/**
 * Runs a command to completion and resolves with its exit code and output. A run that outlives
 * `timeoutMs` is killed and rejected: a load loop must never run unbounded.
 */
export function runCommand(command, args, { timeoutMs }) {
  const child = track(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
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
