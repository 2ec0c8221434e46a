import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type TestServer } from './servers.js';

/** Starts a loopback server with `handler`, runs `use` against it, and closes it however `use` ends. */
export async function withServer<T>(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  use: (server: TestServer) => Promise<T>,
): Promise<T> {
  const server = await startServer(handler);
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}
