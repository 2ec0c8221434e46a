/**
 * A service perf-gate starts itself (`service.command`): run under `sh -c` in a process group of
 * its own, with PORT set to the target's port, waited for until its ready path answers 2xx, and
 * stopped after the run (SIGTERM to the group, SIGKILL if it has not gone within 5 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { ServiceStartError } from '../errors.js';

export interface RunningService {
  pid: number;
  stop(): Promise<void>;
}

/** How much of the service's stderr is kept, to say why it did not start. */
const STDERR_TAIL = 2_000;
const POLL_MS = 100;
const STOP_GRACE_MS = 5_000;

export async function startService(command: string, target: URL, readyPath: string, timeoutMs: number): Promise<RunningService> {
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const child = spawn('sh', ['-c', command], { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PORT: port } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)));
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal === null ? `exit code ${code}` : `signal ${signal}`));
    child.once('error', (error) => resolve(error.message));
  });
  let gone: string | undefined;
  void exited.then((why) => (gone = why));
  const stop = () => stopGroup(child, exited);
  const ready = new URL(readyPath, target.origin);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone !== undefined) throw new ServiceStartError(`service.command "${command}" ended (${gone}) before ${ready.pathname} answered${tail(stderr)}`);
    if (await answers(ready)) return { pid: child.pid!, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new ServiceStartError(`service.command "${command}" did not answer 2xx on ${ready.pathname} within ${Math.round(timeoutMs / 1000)} s (service.ready_timeout)${tail(stderr)}`);
    }
    await sleep(POLL_MS);
  }
}

async function answers(url: URL): Promise<boolean> {
  try {
    const response = await request(url, { headersTimeout: 2_000, bodyTimeout: 2_000 });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // The group is already gone.
    }
  };
  signal('SIGTERM');
  const ended = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
  if (!ended) {
    signal('SIGKILL');
    await exited;
  }
}

function tail(stderr: string): string {
  const text = stderr.trim();
  return text === '' ? '' : `; its last output:\n${text}`;
}
