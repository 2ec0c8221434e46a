import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Client, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/load/dispatcher.js';
import { LeanConnection } from '../../src/load/http1/lean-connection.js';
import { classifyTransportError, errorCode } from '../../src/load/error-class.js';
import { dispatchOutcome } from '../helpers/dispatch-outcome.js';
import { closedPort } from '../helpers/servers.js';
import { allBytes, FRAMING_CASES, requestCount, type FramingCase } from './http1-framing-corpus.js';

type Outcome = { status: number; body: string } | { error: string };

const servers: { server: Server; sockets: Set<Socket> }[] = [];
const connections: Connection[] = [];
afterEach(async () => {
  // A case that leaves a request unanswered would hold a graceful close open: sockets go first.
  for (const { sockets } of servers) for (const socket of sockets) socket.destroy();
  await Promise.all(connections.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(servers.splice(0).map(({ server }) => new Promise((resolve) => server.close(resolve))));
});

/** A raw TCP server: `onSocket` scripts every byte it answers. */
async function rawServer(onSocket: (socket: Socket) => void): Promise<{ origin: string; sockets: () => number }> {
  const sockets = new Set<Socket>();
  let opened = 0;
  const server = createServer((socket) => {
    opened += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  servers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets: () => opened };
}

/** Writes bytes in small pieces, one per event-loop turn, so the client reads them across many packets. */
async function trickle(socket: Socket, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += 7) {
    socket.write(bytes.subarray(at, at + 7));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The server's side of a case: whether it hangs up after answering the i-th request. */
function hangsUpAfter(framing: FramingCase, i: number): boolean {
  const last = i === framing.answers.length - 1;
  return (last && (framing.endsWithClose === true || framing.error !== undefined)) || framing.responses[i]?.keepAlive === false;
}

/** Answers each request head, as it arrives, with the case's next answer. */
function answering(framing: FramingCase) {
  let next = 0;
  return (socket: Socket) => {
    let received = '';
    socket.on('data', async (data) => {
      received += data.toString('latin1');
      while (received.includes('\r\n\r\n')) {
        received = received.slice(received.indexOf('\r\n\r\n') + 4);
        const i = next++;
        await trickle(socket, framing.answers[i] ?? '');
        if (hangsUpAfter(framing, i)) socket.end();
      }
    });
  };
}

/** Waits for every request head, then answers them all at once: the client must have pipelined. */
function answeringPipelined(framing: FramingCase) {
  return (socket: Socket) => {
    let received = '';
    socket.on('data', async (data) => {
      received += data.toString('latin1');
      if (received.split('\r\n\r\n').length - 1 < requestCount(framing)) return;
      await trickle(socket, allBytes(framing));
      if (framing.answers.some((_, i) => hangsUpAfter(framing, i))) socket.end();
    });
  };
}

function lean(origin: string, headers = false): LeanConnection {
  const connection = new LeanConnection(origin, { connectTimeoutMs: 2_000, headers });
  connections.push(connection);
  return connection;
}

function undici(origin: string, pipelining = 10): Client {
  const client = new Client(origin, { pipelining, connect: { timeout: 2_000 } });
  connections.push(client);
  return client;
}

/** A request's outcome as the corpus states it: the status and the body as text, or the error's code. */
async function send(connection: Connection, options: Partial<Dispatcher.DispatchOptions> = {}): Promise<Outcome> {
  const outcome = await dispatchOutcome(connection, { method: 'GET', path: '/', ...options });
  return 'error' in outcome ? { error: errorCode(outcome.error) } : { status: outcome.status, body: outcome.body.toString('utf8') };
}

function expectedOutcomes(framing: FramingCase): Outcome[] {
  const outcomes: Outcome[] = framing.responses.map(({ status, body }) => ({ status, body }));
  while (outcomes.length < requestCount(framing)) outcomes.push({ error: framing.error! });
  return outcomes;
}

const methodsOf = (framing: FramingCase) => Array.from({ length: requestCount(framing) }, (_, i) => framing.methods?.[i] ?? 'GET');

/** One request after the other, each sent once the last has ended: how the engine uses a connection. */
async function sendInTurn(connection: Connection, framing: FramingCase): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const method of methodsOf(framing)) outcomes.push(await send(connection, { method }));
  return outcomes;
}

/** An outcome as the results count it: the status and body, or the class of the failure. */
const counted = (outcome: Outcome) => ('error' in outcome ? { error: classifyTransportError(outcome.error) } : outcome);

/**
 * Responses RFC 9112 lets a client read, which undici 7 fails: the lean client reads them. A
 * test fails when undici starts reading one of them, so the list stays true.
 */
const UNDICI_FAILS: Record<string, string> = {
  '1xx heads before the final response':
    'a 100 Continue the request did not ask for ends it with UND_ERR_SOCKET "bad response" (RFC 9112 §15.2: a client must parse and ignore 1xx)',
  '204 and 304 carry no body, whatever their headers say':
    'a content-length on a 204 or 304 is taken as a body to wait for (UND_ERR_RES_CONTENT_LENGTH_MISMATCH); RFC 9110 §8.6: a 304 may send the length the 200 would have',
  'pipelined responses of every framing, back to back': 'the 100 Continue before a 204, as above',
  'LF-only line endings': 'llhttp wants CR before LF; RFC 9112 §2.2 lets a recipient take a bare LF as the line end',
};

describe('the lean HTTP/1.1 connection, on real sockets', () => {
  for (const framing of FRAMING_CASES) {
    const undiciFails = UNDICI_FAILS[framing.name];
    it(`frames "${framing.name}" as the corpus says, ${undiciFails === undefined ? 'and as undici does' : 'where undici fails'}`, async () => {
      const server = await rawServer(answering(framing));
      const outcomes = await sendInTurn(lean(server.origin), framing);
      expect(outcomes).toEqual(expectedOutcomes(framing));
      const second = await rawServer(answering(framing));
      const undiciOutcomes = await sendInTurn(undici(second.origin), framing);
      if (undiciFails === undefined) expect(undiciOutcomes.map(counted)).toEqual(outcomes.map(counted));
      else
        expect(
          undiciOutcomes.some((outcome) => 'error' in outcome),
          undiciFails,
        ).toBe(true);
    });
  }

  it("frames responses to pipelined requests, every case's answers at once across many packets", async () => {
    for (const framing of FRAMING_CASES) {
      const server = await rawServer(answeringPipelined(framing));
      const connection = lean(server.origin);
      const outcomes = await Promise.all(methodsOf(framing).map((method) => send(connection, { method })));
      expect(outcomes, framing.name).toEqual(expectedOutcomes(framing));
    }
  });

  it('sends the request undici sends: same request line, headers and body', async () => {
    const requests: Dispatcher.DispatchOptions[] = [
      { method: 'GET', path: '/a?b=c', headers: { accept: 'application/json', 'x-trace': 'abc' } },
      { method: 'POST', path: '/submit', headers: ['content-type', 'application/json', 'x-n', '1'], body: '{"name":"ünï"}' },
      { method: 'POST', path: '/empty' },
      { method: 'PUT', path: '/bytes', body: Buffer.from([0, 1, 2, 255]) },
      { method: 'GET', path: '/', headers: { host: 'preview.example.com' } },
    ];
    const heard = async (connect: (origin: string) => Connection) => {
      const seen: string[] = [];
      const server = await rawServer((socket) => {
        socket.on('data', (data) => {
          seen.push(data.toString('latin1'));
          socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
        });
      });
      const connection = connect(server.origin);
      for (const request of requests) expect(await send(connection, request)).toEqual({ status: 200, body: '' });
      // Header order aside, the same bytes: request line, the set of header lines, the body.
      return seen.map((text) => {
        const [head, body] = text.split('\r\n\r\n');
        const [line, ...headers] = head!.split('\r\n');
        const normal = (header: string) =>
          header.replace(/^([^:]+):/, (name) => name.toLowerCase()).replace(server.origin.slice('http://'.length), '<target>');
        return { line, headers: headers.map(normal).sort(), body };
      });
    };
    const leanHeard = await heard((origin) => lean(origin));
    expect(leanHeard).toEqual(await heard((origin) => undici(origin, 2)));
    expect(leanHeard[1]!.headers).toContain(`content-length: ${Buffer.byteLength('{"name":"ünï"}')}`);
    expect(leanHeard[4]!.headers).toContain('host: preview.example.com');
  });

  it('sends an options object as it reads at each dispatch; a frozen one, which cannot change, again and again', async () => {
    const lines: string[] = [];
    const server = await rawServer((socket) => {
      socket.on('data', (data) => {
        lines.push(data.toString('latin1').split('\r\n')[0]!);
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
      });
    });
    const connection = lean(server.origin);
    const changing: Dispatcher.DispatchOptions = { method: 'GET', path: '/first' };
    const fixed: Dispatcher.DispatchOptions = Object.freeze({ method: 'GET', path: '/fixed' });
    await dispatchOutcome(connection, changing);
    changing.path = '/second';
    await dispatchOutcome(connection, changing);
    await dispatchOutcome(connection, fixed);
    await dispatchOutcome(connection, fixed);
    expect(lines).toEqual(['GET /first HTTP/1.1', 'GET /second HTTP/1.1', 'GET /fixed HTTP/1.1', 'GET /fixed HTTP/1.1']);
  });

  it('refuses a header value that would split the request, as undici does, without sending it', async () => {
    let bytes = 0;
    const server = await rawServer((socket) => socket.on('data', (data) => (bytes += data.length)));
    const evil = { headers: { 'x-token': 'a\r\nx-injected: yes' } };
    const outcome = await send(lean(server.origin), evil);
    expect(outcome).toEqual({ error: 'UND_ERR_INVALID_ARG' });
    expect(await send(undici(server.origin), evil)).toEqual(outcome);
    expect(bytes).toBe(0);
  });

  it('opens a new socket for the next request after connection: close, and after the server closed an idle one', async () => {
    let answered = 0;
    let idleClosed: () => void;
    const closedIdle = new Promise<void>((resolve) => (idleClosed = resolve));
    const server = await rawServer((socket) => {
      socket.on('data', () => {
        answered += 1;
        if (answered === 1) socket.end('HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 1\r\n\r\n1');
        else {
          socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\n${answered}`);
          // The server's keep-alive timeout, in short.
          setTimeout(() => socket.end(), 20);
          // Closed both ways: the client has read the server's end and answered it.
          socket.once('close', () => idleClosed());
        }
      });
    });
    const connection = lean(server.origin);
    expect(await send(connection)).toEqual({ status: 200, body: '1' });
    expect(await send(connection)).toEqual({ status: 200, body: '2' });
    await closedIdle;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await send(connection)).toEqual({ status: 200, body: '3' });
    expect(server.sockets()).toBe(3);
  });

  it('reports a refused connection with the code undici reports', async () => {
    const origin = `http://127.0.0.1:${await closedPort()}`;
    const outcome = await send(lean(origin));
    expect(outcome).toEqual({ error: 'ECONNREFUSED' });
    expect(await send(undici(origin))).toEqual(outcome);
  });

  it("ends a request when aborted (the engine's deadline), with the reason, and carries on on a new socket", async () => {
    const server = await rawServer((socket) => {
      socket.once('data', () => {
        // The first request on every socket gets no answer; the next ones do.
        socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'));
      });
    });
    const connection = lean(server.origin);
    const outcome = new Promise<Outcome>((resolve) =>
      connection.dispatch(
        { method: 'GET', path: '/' },
        {
          onConnect: (abort) => setTimeout(() => abort(Object.assign(new Error('too slow'), { code: 'PG_RESPONSE_TIMEOUT' })), 50),
          onError: (error) => resolve({ error: errorCode(error) }),
          onComplete: () => resolve({ status: 0, body: 'unexpected' }),
        },
      ),
    );
    expect(await outcome).toEqual({ error: 'PG_RESPONSE_TIMEOUT' });
    // A new socket: its first request goes unanswered too, so the second is what gets the answer.
    const [first] = await Promise.race([
      Promise.all([send(connection)]),
      new Promise<Outcome[]>((resolve) => setTimeout(() => resolve([{ error: 'unanswered' }]), 200)),
    ]);
    expect(first).toEqual({ error: 'unanswered' });
    expect(server.sockets()).toBe(2);
  });

  it('waits for the response in flight before closing', async () => {
    const server = await rawServer((socket) => {
      socket.on('data', () => setTimeout(() => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nlate'), 50));
    });
    const connection = lean(server.origin);
    const outcome = send(connection);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = connection.close();
    expect(await outcome).toEqual({ status: 200, body: 'late' });
    await closed;
    expect(await send(connection)).toEqual({ error: 'UND_ERR_CLOSED' });
  });
});
