import { connect, type Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { ResponseParseError, ResponseParser, type ResponseEvents } from './response-parser.js';
import { serialiseRequest } from './request-head.js';

/** What the engine needs of a connection: undici's Client offers it, and so does LeanConnection. */
export interface Connection {
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
  /** Ends the connection once what is in flight has been answered. */
  close(): Promise<void>;
  /** Ends the connection now, failing what is in flight: an interrupted run waits for no response. */
  destroy(): Promise<void>;
}

/** An error with the code undici gives the same failure, so both clients count it in the same class. */
function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

// Reads land in one buffer shared by every connection of the thread: a read is parsed to the
// end before the next one starts, and the parser copies what it keeps.
let readBuffer: Buffer | undefined;
const sharedReadBuffer = () => (readBuffer ??= Buffer.allocUnsafe(64 * 1024));
const NO_TRAILERS: string[] = [];
const resume = () => undefined;

/**
 * One keep-alive HTTP/1.1 connection over a plain `net` socket: the load generator's fast path
 * for http: targets. A frozen request (a scenario's fixed request, see prepareRequest) is
 * serialised once and its bytes reused while the same object comes back; any other is
 * serialised for each dispatch. Each is written with one `write`, and its response framed by
 * ResponseParser straight from the socket's read buffer, with no request or response objects,
 * no timers and no streams' buffering per request.
 *
 * It speaks undici's dispatch-handler protocol (onConnect, onHeaders, onData, onComplete,
 * onError), so Exchange and FlowIteration run on it unchanged, and reports failures with the
 * codes undici uses. Requests are written as they are dispatched (pipelined, if the caller
 * dispatches before the last response ended); responses are matched to them in order. A
 * connection the server closes, or one whose response says `connection: close`, is replaced on
 * the next dispatch. Timeouts are the engine's (ResponseDeadlines), as with undici.
 */
export class LeanConnection implements Connection, ResponseEvents {
  private socket: Socket | undefined;
  /** The requests sent and not yet answered, oldest first (two arrays: no object per request). */
  private readonly outstanding: Dispatcher.DispatchHandler[] = [];
  private readonly outstandingHead: boolean[] = [];
  private readonly parser: ResponseParser;
  private readonly host: string;
  private readonly hostname: string;
  private readonly port: number;
  private cachedFor: Dispatcher.DispatchOptions | undefined;
  private cached: Buffer | undefined;
  private readonly aborts = new Map<Dispatcher.DispatchHandler, (reason?: Error) => void>();
  private closing: Promise<void> | undefined;

  constructor(
    origin: string,
    private readonly options: {
      connectTimeoutMs: number;
      /** Hand every response header to the handler (flows read them); else only the status. */
      headers: boolean;
    },
  ) {
    const url = new URL(origin);
    if (url.protocol !== 'http:') throw new Error(`LeanConnection speaks plain HTTP only, not ${url.protocol}`);
    this.host = url.host;
    this.hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(url.port || 80);
    this.parser = new ResponseParser(this, options.headers);
  }

  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    let request: Buffer;
    try {
      if (this.closing !== undefined) throw codedError('UND_ERR_CLOSED', 'the connection is closed');
      request = this.serialised(options);
    } catch (error) {
      // Later, not now: a caller that re-sends on failure would otherwise recurse without end.
      setImmediate(() => handler.onError?.(error as Error));
      return false;
    }
    const socket = this.socket ?? this.open();
    this.outstanding.push(handler);
    this.outstandingHead.push(options.method === 'HEAD');
    handler.onConnect?.(this.abortFor(handler));
    socket.write(request);
    return true;
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      const socket = this.socket;
      if (socket === undefined || socket.destroyed) return resolve();
      socket.once('close', () => resolve());
      if (this.outstanding.length === 0) this.retire(undefined);
    });
    return this.closing;
  }

  destroy(): Promise<void> {
    this.closing ??= Promise.resolve();
    this.retire(codedError('UND_ERR_DESTROYED', 'the connection was destroyed'));
    return this.closing;
  }

  onMessageBegin(): boolean {
    if (this.outstanding.length === 0) throw new ResponseParseError('UND_ERR_SOCKET', 'the server sent data no request asked for');
    return this.outstandingHead[0]!;
  }

  onHead(status: number, rawHeaders: Buffer[]): void {
    this.outstanding[0]!.onHeaders?.(status, rawHeaders, resume, '');
  }

  onBody(chunk: Buffer): void {
    this.outstanding[0]!.onData?.(chunk);
  }

  onEnd(keepAlive: boolean): void {
    const handler = this.outstanding.shift()!;
    this.outstandingHead.shift();
    // Retired before the handler hears of it: the request it sends next goes on a fresh socket.
    if (!keepAlive || (this.closing !== undefined && this.outstanding.length === 0))
      this.retire(codedError('UND_ERR_SOCKET', 'the server closed the connection'));
    handler.onComplete?.(NO_TRAILERS);
  }

  /**
   * The request's bytes. Only a frozen options object is kept, with its bytes, for the next
   * dispatch: it cannot change under the cache, and a flow's requests (a new object every step)
   * would otherwise be held until the connection's next request, through a think time, long
   * enough to be promoted to the old generation by the thousand a second.
   */
  private serialised(options: Dispatcher.DispatchOptions): Buffer {
    if (options === this.cachedFor) return this.cached!;
    const bytes = serialiseRequest(options, this.host);
    if (Object.isFrozen(options)) {
      this.cached = bytes;
      this.cachedFor = options;
    }
    return bytes;
  }

  private open(): Socket {
    const socket = connect({
      host: this.hostname,
      port: this.port,
      noDelay: true,
      onread: {
        buffer: sharedReadBuffer,
        callback: (bytes: number, buffer: Uint8Array) => {
          if (socket === this.socket) this.read(buffer as Buffer, bytes);
          return true;
        },
      },
    });
    let error: Error | undefined;
    const timer = setTimeout(
      () =>
        socket.destroy(codedError('UND_ERR_CONNECT_TIMEOUT', `no connection to ${this.host} within ${this.options.connectTimeoutMs} ms`)),
      this.options.connectTimeoutMs,
    );
    socket.once('connect', () => clearTimeout(timer));
    socket.on('error', (cause) => (error = cause));
    socket.once('close', () => {
      clearTimeout(timer);
      if (socket === this.socket) this.closed(error);
    });
    this.socket = socket;
    return socket;
  }

  private read(buffer: Buffer, bytes: number): void {
    try {
      this.parser.execute(buffer.subarray(0, bytes));
    } catch (error) {
      this.retire(error as Error);
    }
  }

  /** The socket closed under us: a body that runs to the close is complete, anything else in flight failed. */
  private closed(error: Error | undefined): void {
    this.socket = undefined;
    let failure = error;
    if (failure === undefined) {
      try {
        // A completed response has retired the socket and failed what else was sent on it.
        if (this.parser.end()) return;
      } catch (cut) {
        failure = cut as Error;
      }
    }
    this.parser.halt();
    this.failAll(failure ?? codedError('UND_ERR_SOCKET', 'the server closed the connection'));
  }

  /** Stops using the socket (no further read is parsed) and fails whatever was still sent on it. */
  private retire(error: Error | undefined): void {
    const socket = this.socket;
    this.socket = undefined;
    this.parser.halt();
    socket?.destroy();
    if (error !== undefined) this.failAll(error);
  }

  private failAll(error: Error): void {
    this.outstandingHead.length = 0;
    for (const handler of this.outstanding.splice(0)) handler.onError?.(error);
  }

  /** Aborting one request ends its socket (HTTP/1.1 cannot cancel a request in flight); the others on it fail too. */
  private abortFor(handler: Dispatcher.DispatchHandler): (reason?: Error) => void {
    let abort = this.aborts.get(handler);
    if (abort === undefined) {
      abort = (reason) => {
        const index = this.outstanding.indexOf(handler);
        if (index === -1) return;
        this.outstanding.splice(index, 1);
        this.outstandingHead.splice(index, 1);
        this.retire(codedError('UND_ERR_SOCKET', 'the connection was closed to abort a request'));
        handler.onError?.(reason ?? codedError('UND_ERR_ABORTED', 'request aborted'));
      };
      this.aborts.set(handler, abort);
    }
    return abort;
  }
}
