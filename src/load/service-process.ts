/**
 * A service perf-gate starts itself (`service.command`): run under `sh -c` in a process group of
 * its own, with PORT set to the target's port, waited for until its ready path answers 2xx, and
 * stopped after the run (SIGTERM to the group, SIGKILL to what is left of it after 5 s). An
 * interruption while it is waited for stops it and ends the wait at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { InterruptedError, ServiceStartError } from '../errors.js';

export interface RunningService {
  pid: number;
  stop(): Promise<void>;
}

/** How much of the service's stderr is kept, to say why it did not start. */
const STDERR_TAIL = 2_000;
const POLL_MS = 100;
const STOP_GRACE_MS = 5_000;
const GONE_POLL_MS = 20;
/** How long a connection to the target's port may take to tell whether something listens there. */
const LISTENING_TIMEOUT_MS = 1_000;

export async function startService(
  command: string,
  target: URL,
  readyPath: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<RunningService> {
  // A function, not a property read: the signal fires during the awaits, which TypeScript's narrowing does not know.
  const aborted = () => signal?.aborted === true;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  // Something else listening there would answer the ready check and be measured in its place.
  if (await listening(target.hostname, Number(port))) {
    throw new ServiceStartError(
      `service.command "${command}": ${target.host} already answers before the command starts: another process holds port ${port}, and it, not the command's service, would be measured`,
    );
  }
  const child = spawn('sh', ['-c', command], { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PORT: port } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)));
  // How the shell ended, once it has (its server may live on in the group).
  let gone: string | undefined;
  child.once('exit', (code, signal) => (gone = signal === null ? `exit code ${code}` : `signal ${signal}`));
  child.once('error', (error) => (gone = error.message));
  const stop = () => stopGroup(child);
  const ready = new URL(readyPath, target.origin);
  const deadline = Date.now() + timeoutMs;
  const interrupted = async () => {
    await stop();
    return new InterruptedError(
      `interrupted while waiting for service.command "${command}" to answer on ${ready.pathname}; it was stopped and nothing was measured`,
    );
  };
  for (;;) {
    if (aborted()) throw await interrupted();
    // The shell may end at once, its server in the background: the command has ended only when its whole group has.
    if (gone !== undefined && !groupAlive(child.pid!)) {
      throw new ServiceStartError(`service.command "${command}" ended (${gone}) before ${ready.pathname} answered${tail(stderr)}`);
    }
    if (await answers(ready, signal)) return { pid: child.pid!, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new ServiceStartError(
        `service.command "${command}" did not answer 2xx on ${ready.pathname} within ${Math.round(timeoutMs / 1000)} s (service.ready_timeout)${tail(stderr)}`,
      );
    }
    await sleep(POLL_MS, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
  }
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    socket.setTimeout(LISTENING_TIMEOUT_MS);
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function answers(url: URL, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    const response = await request(url, { headersTimeout: 2_000, bodyTimeout: 2_000, ...(signal === undefined ? {} : { signal }) });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300;
  } catch {
    return false;
  }
}

/**
 * Stops the command's whole process group, whether or not its shell is still there: a command
 * may put its server in the background and exit (`node server.js & sleep 1`), and that server,
 * holding the stderr pipe, would otherwise outlive the run and keep perf-gate from exiting.
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  signalGroup(child.pid!, 'SIGTERM');
  if (!(await groupGone(child.pid!, STOP_GRACE_MS))) signalGroup(child.pid!, 'SIGKILL');
  child.stderr?.destroy();
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Polls for the group's end, so that no timer outlives it (a 5 s one would hold every exit). */
async function groupGone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(GONE_POLL_MS);
  }
  return true;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tail(stderr: string): string {
  const text = stderr.trim();
  return text === '' ? '' : `; its last output:\n${text}`;
}
