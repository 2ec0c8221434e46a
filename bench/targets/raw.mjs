/**
 * Bench target (b): answers HTTP/1.1 without parsing it. Every request terminator (CRLF CRLF)
 * gets the same fixed keep-alive response. That is only correct for requests whose bodies hold
 * no CRLF CRLF (the benches send GETs, and small JSON bodies), and it spends well under half of
 * node:http's JavaScript time per request (the kernel's loopback TCP work is the same for both),
 * so against this target a Node-based load generator, not the server, sets the pace: it
 * measures the generators themselves.
 *
 * The response is "hello world", or with `--json-items N` a JSON document of N items
 * ({"items":[{"id":1,"tag":"t1",…},…]}), for flows that capture from it: parsing it costs the
 * generator CPU per request, writing it costs this target next to nothing more.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';

import { serveOverIpc } from './ipc.mjs';

const { values } = parseArgs({ options: { 'json-items': { type: 'string' } } });
const TERMINATOR = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const items = Number(values['json-items'] ?? 0);
const BODY =
  items > 0
    ? JSON.stringify({
        items: Array.from({ length: items }, (_, i) => ({ id: i + 1, tag: `t${i + 1}`, name: `item number ${i + 1}`, price: 9.99 + i })),
      })
    : 'hello world\n';
const RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\n' +
    `content-type: ${items > 0 ? 'application/json' : 'text/plain'}\r\n` +
    `content-length: ${BODY.length}\r\n` +
    'connection: keep-alive\r\n' +
    `\r\n${BODY}`,
);

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  // Up to 3 bytes after the last terminator of the previous chunk: a terminator may straddle chunks.
  let carry = EMPTY;
  socket.on('data', (chunk) => {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let requests = 0;
    let end = 0;
    for (let at = data.indexOf(TERMINATOR); at !== -1; at = data.indexOf(TERMINATOR, end)) {
      requests++;
      end = at + TERMINATOR.length;
    }
    const keepFrom = Math.max(end, data.length - (TERMINATOR.length - 1));
    carry = keepFrom === data.length ? EMPTY : Buffer.from(data.subarray(keepFrom));
    // One write per chunk: pipelined requests get their responses in a single syscall.
    if (requests === 1) socket.write(RESPONSE);
    else if (requests > 1) socket.write(Buffer.concat(Array(requests).fill(RESPONSE)));
  });
  // Generators reset their connections when a run ends; that is not worth a crash.
  socket.on('error', () => {});
});

serveOverIpc(server);
