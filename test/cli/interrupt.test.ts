import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { loginSuite } from '../helpers/login-suite.js';
import { closedPort, ok, startServer } from '../helpers/servers.js';

// A login that never answers: the run is interrupted 300 ms after the request reached the server
// (not 300 ms after the start: loading the run's code can take that long on a busy machine). The
// request's timeout is 20 s, so a run that waits for it ends ~20 s later (and, before the setup
// observed the interruption, failed it as a setup error, exit 3); one that observes the
// interruption ends within milliseconds. The 5 s bound is many times what a busy machine needs
// and far from the 20 s a wait would take.
const TIMEOUT_S = 20;
const PROMPT_MS = 5_000;

let dir: string;
let config: string;
let server: Server;
let target: URL;
const open = new Set<Socket>();
/** Connections a request arrived on. */
let requests = 0;
let onRequest = () => undefined as void;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-interrupt-'));
  config = join(dir, 'perf-gate.yml');
  await writeFile(config, loginSuite({ name: 'interrupt', scenario: 'browse', timeout: `${TIMEOUT_S}s` }));
  // Reads every request and answers none of them.
  server = createServer((socket) => {
    open.add(socket);
    // Once per connection: a request may arrive in more than one chunk.
    socket.once('data', () => {
      requests += 1;
      onRequest();
    });
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  for (const socket of open) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** `perf-gate <argv>` in-process, interrupted (as by Ctrl-C) once `interrupt` aborts; its exit code and stderr. */
async function runUntil(interrupt: AbortSignal, argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, { stdout: () => undefined, stderr: (text) => (stderr += text), stderrIsTty: false, env, interrupt });
  return { code, stderr };
}

describe('perf-gate run, interrupted during the setup', () => {
  // Both HTTP clients: the lean one for http: targets, undici (https:, or when asked) for the rest.
  it.each([
    ['lean', {}],
    ['undici', { PERF_GATE_HTTP_CLIENT: 'undici' }],
  ] as const)(
    'stops at once, closes the setup connection and exits 130 (%s client)',
    async (_client, env) => {
      const before = requests;
      const interrupt = new AbortController();
      let interruptedAt = Infinity;
      onRequest = () =>
        setTimeout(() => {
          interruptedAt = performance.now();
          interrupt.abort();
        }, 300);
      const { code, stderr } = await runUntil(interrupt.signal, ['run', '-c', config, '--target', target.href], env);
      const elapsed = performance.now() - interruptedAt;
      expect(requests - before, 'the setup request reached the server, on one connection').toBe(1);
      expect(code, stderr).toBe(EXIT.interrupted);
      expect(elapsed).toBeLessThan(PROMPT_MS);
      expect(stderr).toMatch(
        /perf-gate: interrupted during setup step 'login' \(line 5\) against http:\/\/127\.0\.0\.1:\d+; nothing was measured/,
      );
      // The connection is closed, not left to the server: nothing holds the process's exit.
      const closing = performance.now();
      while (open.size > 0 && performance.now() - closing < PROMPT_MS) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(open.size).toBe(0);
    },
    (TIMEOUT_S + 10) * 1000,
  );
});

describe('perf-gate run, interrupted while its service.command starts', () => {
  it(
    'stops the command at once, with its whole process group, and exits 130',
    async () => {
      const pidFile = join(dir, 'service.pid');
      const service = join(dir, 'service.yml');
      // A service that never listens: ready_timeout (20 s) would end the wait, with exit 3, had it not been interrupted.
      await writeFile(
        service,
        `version: 1\ntarget: http://127.0.0.1:${await closedPort()}\nservice:\n  command: echo $$ > ${pidFile}; exec sleep 60\n  ready_timeout: ${TIMEOUT_S}s\n` +
          'defaults: { warmup: 0s, rounds: 1 }\nscenarios:\n  - name: api\n    request: { path: / }\n    load: { connections: 1, duration: 100ms }\n',
      );
      const interrupt = new AbortController();
      let interruptedAt = Infinity;
      // Interrupted 300 ms after the command has started (it writes its process group's id first).
      void (async () => {
        while ((await readFile(pidFile, 'utf8').catch(() => '')).trim() === '') await new Promise((resolve) => setTimeout(resolve, 20));
        await new Promise((resolve) => setTimeout(resolve, 300));
        interruptedAt = performance.now();
        interrupt.abort();
      })();
      const { code, stderr } = await runUntil(interrupt.signal, ['run', '-c', service], process.env);
      expect(code, stderr).toBe(EXIT.interrupted);
      expect(performance.now() - interruptedAt).toBeLessThan(PROMPT_MS);
      expect(stderr).toContain(
        `perf-gate: interrupted while waiting for service.command "echo $$ > ${pidFile}; exec sleep 60" to answer on /; it was stopped and nothing was measured`,
      );
      const group = Number(await readFile(pidFile, 'utf8'));
      expect(() => process.kill(-group, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    },
    (TIMEOUT_S + 10) * 1000,
  );
});

describe("perf-gate run, interrupted while it reads the service's metrics", () => {
  it('ends the reading in flight and takes none for the rounds it will not run', async () => {
    // An endpoint that never answers: each reading would wait out its 5 s timeout, before every
    // one of the 4 rounds (the rounds do not run once interrupted, but were read for), 20 s in all.
    let interruptedAt = Infinity;
    const interrupt = new AbortController();
    let readings = 0;
    const metrics = await startServer(() => {
      readings += 1;
      if (readings === 1) {
        setTimeout(() => {
          interruptedAt = performance.now();
          interrupt.abort();
        }, 300);
      }
    });
    const api = await startServer((_req, res) => ok(res));
    try {
      const suite = join(dir, 'metrics.yml');
      await writeFile(
        suite,
        `version: 1\nservice:\n  metrics: ${metrics.url.href}metrics\ndefaults: { warmup: 0s, rounds: 4 }\n` +
          'scenarios:\n  - name: api\n    request: { path: / }\n    load: { connections: 1, duration: 100ms }\n',
      );
      const { code, stderr } = await runUntil(interrupt.signal, ['run', '-c', suite, '--target', api.url.href], {});
      expect(code, stderr).toBe(EXIT.interrupted);
      // Under the one reading's 5 s timeout, with room for a busy machine.
      expect(performance.now() - interruptedAt).toBeLessThan(3_000);
      expect(readings).toBe(1);
    } finally {
      await Promise.all([metrics.close(), api.close()]);
    }
  }, 60_000);
});
