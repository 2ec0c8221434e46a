/**
 * Bench target (a): the smallest useful node:http server. A generator that outruns it is held
 * to its pace, so against it the tools are compared on a realistic, server-bound workload.
 */
import http from 'node:http';

import { serveOverIpc } from './ipc.mjs';

const BODY = 'hello world\n';

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length });
  res.end(BODY);
});

serveOverIpc(server);
