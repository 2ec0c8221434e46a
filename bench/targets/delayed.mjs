/**
 * Bench target (d): answers every request after a fixed delay (`--delay-ms`, default 1000), like
 * raw.mjs without parsing HTTP, so that a modest rate keeps thousands of requests in flight and
 * thousands of connections open. Every latency a generator measures against it is the delay plus
 * what the generator, the kernel and this process's lateness add: the delay is the known answer.
 *
 * The delay is the same for every request, so requests fall due in the order they arrived: one
 * queue and one timer for its head serve them all, with no timer per request, and the target
 * stays cheap next to the generator it is measuring. How late it answered each request (arrival
 * to write, less the delay: its own timer's lateness and its queue) goes to an HDR histogram per
 * second of arrival, which the parent reads over IPC for a window of wall-clock time
 * ({ held: { from, to } }, epoch ms), so the bench can tell the target's lateness from the
 * generator's over exactly the measured round.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';

import * as hdr from 'hdr-histogram-js';

import { serveOverIpc } from './ipc.mjs';

const { values } = parseArgs({ options: { 'delay-ms': { type: 'string', default: '1000' } } });
const DELAY_MS = Number(values['delay-ms']);
const TERMINATOR = Buffer.from('\r\n\r\n');
const BODY = 'hello world\n';
const RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\n' +
    'content-type: text/plain\r\n' +
    `content-length: ${BODY.length}\r\n` +
    'connection: keep-alive\r\n' +
    `\r\n${BODY}`,
);

// Lateness in µs, 1 µs to 100 s at 2 significant digits (1 %: 10 µs at 1 ms), per second of arrival (epoch s).
const lateness = new Map();
const latenessHistogram = () =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 100_000_000, numberOfSignificantValueDigits: 2 });

// Due requests as parallel arrays used as a ring: no object per request. Arrival in both clocks:
// monotonic to time the delay, wall-clock to match the bench's window.
let sockets = new Array(1024);
let arrived = new Float64Array(1024);
let arrivedEpoch = new Float64Array(1024);
let head = 0;
let size = 0;
let timer;

function enqueue(socket, at, epochMs) {
  if (size === sockets.length) {
    const grown = new Array(sockets.length * 2);
    const grownAt = new Float64Array(sockets.length * 2);
    const grownEpoch = new Float64Array(sockets.length * 2);
    for (let i = 0; i < size; i++) {
      grown[i] = sockets[(head + i) % sockets.length];
      grownAt[i] = arrived[(head + i) % sockets.length];
      grownEpoch[i] = arrivedEpoch[(head + i) % sockets.length];
    }
    sockets = grown;
    arrived = grownAt;
    arrivedEpoch = grownEpoch;
    head = 0;
  }
  const slot = (head + size) % sockets.length;
  sockets[slot] = socket;
  arrived[slot] = at;
  arrivedEpoch[slot] = epochMs;
  size++;
  timer ??= setTimeout(answerDue, DELAY_MS);
}

function answerDue() {
  timer = undefined;
  const now = performance.now();
  while (size > 0 && arrived[head] + DELAY_MS <= now) {
    const socket = sockets[head];
    sockets[head] = undefined;
    if (!socket.destroyed) socket.write(RESPONSE);
    const second = Math.floor(arrivedEpoch[head] / 1000);
    let histogram = lateness.get(second);
    if (histogram === undefined) lateness.set(second, (histogram = latenessHistogram()));
    histogram.recordValue(Math.max(1, Math.round((now - arrived[head] - DELAY_MS) * 1000)));
    head = (head + 1) % sockets.length;
    size--;
  }
  // Timers fire on whole milliseconds: round up, so the head is never answered early.
  if (size > 0) timer = setTimeout(answerDue, Math.max(1, Math.ceil(arrived[head] + DELAY_MS - now)));
}

const EMPTY = Buffer.alloc(0);

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  // Up to 3 bytes after the last terminator of the previous chunk: a terminator may straddle chunks.
  let carry = EMPTY;
  socket.on('data', (chunk) => {
    const at = performance.now();
    const epochMs = Date.now();
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let end = 0;
    for (let i = data.indexOf(TERMINATOR); i !== -1; i = data.indexOf(TERMINATOR, end)) {
      end = i + TERMINATOR.length;
      enqueue(socket, at, epochMs);
    }
    const keepFrom = Math.max(end, data.length - (TERMINATOR.length - 1));
    carry = keepFrom === data.length ? EMPTY : Buffer.from(data.subarray(keepFrom));
  });
  socket.on('error', () => {});
});

// The requests that arrived in the window, whole seconds (the bench's window is a round's).
process.on('message', (message) => {
  if (message?.held === undefined) return;
  const { from, to } = message.held;
  const merged = latenessHistogram();
  for (const [second, histogram] of lateness) if (second * 1000 >= from && (second + 1) * 1000 <= to) merged.add(histogram);
  const p = (q) => DELAY_MS + merged.getValueAtPercentile(q) / 1000;
  process.send({
    held: { count: merged.totalCount, p50Ms: p(50), p99Ms: p(99), p999Ms: p(99.9), maxMs: DELAY_MS + merged.maxValue / 1000 },
  });
});

// Thousands of connections arrive within a second: a deep accept queue (the kernel caps it at net.core.somaxconn).
serveOverIpc(server, { backlog: 65_535 });
