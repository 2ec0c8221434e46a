/**
 * Bench target for gate-trust.mjs: one "deployment" of a service. The bench starts a fresh
 * process for every run, as CI meets a fresh deployment, and passes it a speed factor: the
 * deployment's luck (drawn log-normally by the bench) times the slowdown planted in the code.
 *
 *   node deployment.mjs --factor 1.0312 [--wait-ms 10] [--cpu-ms 0.2]
 *
 * Every request costs a fixed service time that the factor scales precisely:
 * a CPU part (cpu-ms × factor of busy work, which holds the event loop as real handlers do)
 * and a wait (wait-ms × factor, standing in for a database or a downstream call).
 * Node's timers fire on whole milliseconds and often late (setTimeout(10.5) waits as long as
 * setTimeout(10)), so a plain timer would swallow a 5 % factor. The wait therefore sleeps on a
 * timer until shortly before its deadline, then joins a poll loop (setImmediate) that answers
 * every waiting request when the high-resolution clock reaches its deadline: the response leaves
 * at arrival + service × factor, give or take the scheduler. The poll loop, unlike a busy-wait,
 * lets the event loop take new requests and other deadlines meanwhile, so concurrent requests
 * do not delay each other (a busy-wait made them collide whenever the service time was close to
 * the spacing of the arrivals).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import { serveOverIpc } from './ipc.mjs';

const { values } = parseArgs({
  options: {
    factor: { type: 'string', default: '1' },
    'wait-ms': { type: 'string', default: '10' },
    'cpu-ms': { type: 'string', default: '0.2' },
  },
});
const factor = positive('factor', values.factor);
const cpuMs = positive('cpu-ms', values['cpu-ms'], true) * factor;
const waitMs = positive('wait-ms', values['wait-ms'], true) * factor;
// How early the timer hands over to the poll loop. Timers fire up to ~2 ms late on a busy
// machine; a wider margin costs CPU (the poll loop) and a narrower one lets that lateness through.
const POLL_MARGIN_MS = 2;
const BODY = 'ok\n';

function positive(name, text, zeroAllowed = false) {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) {
    throw new Error(`deployment.mjs: --${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} number, got ${text}`);
  }
  return value;
}

/** The CPU part: holds the event loop, as a real handler's computation does. */
function busyUntil(deadline) {
  while (performance.now() < deadline) {
    // busy: this is the point
  }
}

/** Requests in the last stretch of their wait: { deadline, respond }. */
const due = [];
let polling = false;

function poll() {
  const now = performance.now();
  for (let i = due.length - 1; i >= 0; i--) {
    if (due[i].deadline <= now) due.splice(i, 1)[0].respond();
  }
  polling = due.length > 0;
  if (polling) setImmediate(poll);
}

function respondAt(deadline, respond) {
  due.push({ deadline, respond });
  if (!polling) {
    polling = true;
    setImmediate(poll);
  }
}

const server = http.createServer((req, res) => {
  const arrived = performance.now();
  busyUntil(arrived + cpuMs);
  const deadline = arrived + cpuMs + waitMs;
  const respond = () => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length });
    res.end(BODY);
  };
  const sleepMs = Math.floor(deadline - performance.now() - POLL_MARGIN_MS);
  if (sleepMs >= 1) setTimeout(() => respondAt(deadline, respond), sleepMs);
  else respondAt(deadline, respond);
  req.resume();
});
// A generator resets its connections when a run ends; that is not worth a crash.
server.on('clientError', (_error, socket) => socket.destroy());

serveOverIpc(server);
