import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach } from 'vitest';
import { startServer, type TestServer } from './servers.js';

/**
 * Servers for the tests of the describe block that calls it: each started by the function it
 * returns, and closed after the test that started it.
 */
export function serverPerTest(): (handler: (req: IncomingMessage, res: ServerResponse) => void) => Promise<TestServer> {
  const open: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startServer(handler);
    open.push(server);
    return server;
  };
}
