import type { Dispatcher } from 'undici';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSuite } from '../../src/config/load-suite.js';
import type { Connection } from '../../src/load/dispatcher.js';
import { FlowIteration } from '../../src/load/flow-iteration.js';
import { LeanConnection } from '../../src/load/http1/lean-connection.js';
import { Pauses } from '../../src/load/pauses.js';
import { RoundRecorder } from '../../src/load/round-recorder.js';
import { manualClock } from '../helpers/manual-clock.js';
import { ok, startServer, type TestServer } from '../helpers/servers.js';

// A full, precise collection on demand: what is unreachable after it is gone, whatever the timing.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.setHeader('set-cookie', 'session=abc; Path=/');
    ok(res);
  });
});
afterAll(() => server.close());

/** The real connection, noting (weakly) every response head it hands the iteration. */
function watchedConnection(heads: WeakRef<Buffer[]>[]): Connection {
  const connection = new LeanConnection(server.url.origin, { connectTimeoutMs: 5_000, headers: true });
  return {
    dispatch: (options, handler) =>
      connection.dispatch(options, {
        onConnect: (abort) => handler.onConnect?.(abort),
        onHeaders: (status, rawHeaders, resume, text) => {
          heads.push(new WeakRef(rawHeaders as Buffer[]));
          return handler.onHeaders!(status, rawHeaders, resume, text);
        },
        onData: (chunk) => handler.onData!(chunk),
        onComplete: (trailers) => handler.onComplete!(trailers),
        onError: (error) => handler.onError!(error),
      } satisfies Dispatcher.DispatchHandler),
    close: () => connection.close(),
    destroy: () => connection.destroy(),
  };
}

describe("a flow's memory", () => {
  it('holds no response through the think time after it: read, then let go', async () => {
    const suite = parseSuite(
      'version: 1\nscenarios:\n  - name: visit\n    load: { connections: 1, duration: 1s }\n    flow:\n      - { name: page, request: { path: /page } }\n      - pause: 10m\n',
      'perf-gate.yml',
      {},
    );
    const steps = suite.scenarios[0]!.flow!;
    // The pause runs on a clock that never moves: the iteration stays in it, as a user thinking.
    const { clock } = manualClock();
    const heads: WeakRef<Buffer[]>[] = [];
    const connection = watchedConnection(heads);
    const step = new RoundRecorder({ status: [[200, 200]] });
    const paused = new Promise<void>((resolve) => {
      const iteration = new FlowIteration(
        connection,
        {
          steps,
          stepRecorders: [step],
          basePath: '',
          setup: new Map(),
          data: new Map(),
          unique: [],
          cookies: 'per-user',
          nextIteration: () => 1,
          clock,
          pauses: new Pauses(clock),
          timeoutMs: 5_000,
        },
        { onResponse: () => undefined, onTransportError: () => undefined, onFailure: () => undefined, onExhausted: () => undefined },
      );
      iteration.send(clock.now());
      const poll = setInterval(() => {
        if (step.requests === 0) return;
        clearInterval(poll);
        resolve();
      }, 5);
    });
    await paused;
    // A WeakRef keeps its object until the job that made it has ended: one more turn.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(step.ok).toBe(1);
    expect(heads).toHaveLength(1);
    expect(heads[0]!.deref()).toBeUndefined();
    await connection.destroy();
  });
});
