import { describe, expect, it } from 'vitest';
import { parseSuite } from '../../src/config/load-suite.js';
import { realClock } from '../../src/load/clock.js';
import { openConnection } from '../../src/load/dispatcher.js';
import { createWorkerEngine } from '../../src/load/worker-engine.js';
import type { Arm } from '../../src/load/dispatcher.js';
import { serverPerTest } from '../helpers/server-per-test.js';
import { ok } from '../helpers/servers.js';

// Worker threads that answer every call without measuring: what is tested here is the main thread's part.
const entry = new URL('../fixtures/load/engine-worker-double.mjs', import.meta.url);

describe('createWorkerEngine', () => {
  const startServer = serverPerTest();

  it('runs the setup on the main thread through the connector it is given (a forced HTTP client included)', async () => {
    const logins: string[] = [];
    const server = await startServer((req, res) => {
      logins.push(req.url!);
      ok(res, '{"token":"t1"}');
    });
    const suite = parseSuite(
      `version: 1
setup: [{ request: { method: POST, path: /login }, capture: { token: { json: token } } }]
scenarios:
  - name: home
    request: { path: /, headers: { authorization: "Bearer {{ token }}" } }
    load: { connections: 2, duration: 100ms }
`,
      'perf-gate.yml',
      {},
    );
    const connected: string[] = [];
    const engine = createWorkerEngine(
      {
        suite,
        arms: [{ name: 'candidate', target: server.url }],
        clock: realClock,
        // The connector the front door chose: undici, as PERF_GATE_HTTP_CLIENT=undici asks.
        connect: (scenario, arm: Arm) => {
          connected.push(scenario.flow === suite.setup ? 'setup' : scenario.name);
          return openConnection(scenario, arm, 'undici');
        },
      },
      2,
      entry,
    );
    try {
      await engine.warmup();
    } finally {
      await engine.close();
    }
    expect(logins).toEqual(['/login']);
    expect(connected).toEqual(['setup']);
  });
});
