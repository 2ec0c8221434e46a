import type { Dispatcher } from 'undici';
import type { Connection } from './dispatcher.js';
import type { Scenario } from '../config/suite.js';
import type { ResponseDeadlines } from './deadline.js';
import { errorCode } from './error-class.js';
import type { Job, JobSink } from './phase.js';

/** A target's path as the prefix of every request path: "/app/" and "/app" give "/app", "/" gives "". */
export const pathPrefix = (basePath: string): string => basePath.replace(/\/+$/, '');

/**
 * The fixed part of a scenario's request, built once: the hot loop only dispatches it.
 * `basePath` is the target URL's path ("" or "/app"), so previews served under a path work.
 * Frozen, which tells the lean client it may keep the request's bytes for every send.
 */
export function prepareRequest(scenario: Scenario, basePath: string): Dispatcher.DispatchOptions {
  const { method, path, headers, body } = scenario.request;
  return Object.freeze({
    method,
    path: pathPrefix(basePath) + path,
    headers,
    body: body === undefined ? null : Buffer.from(body),
    headersTimeout: scenario.timeoutMs,
    bodyTimeout: scenario.timeoutMs,
  });
}

/**
 * One request/response on the wire, reused for the next request once it ends (a worker or an
 * in-flight slot owns one), so the hot loop allocates nothing per request.
 *
 * It implements undici 7's original handler protocol (onConnect/onHeaders/onData/onComplete):
 * that is what undici's HTTP/1.1 core calls, and what the lean client (http1/) speaks; a handler
 * in the newer onRequestStart/onResponse* style gets wrapped by undici, and the wrapper parses
 * every response's headers into an object, work a load generator does not need on every request.
 */
export class Exchange implements Dispatcher.DispatchHandler, Job {
  /** Monotonic ms the latency is measured from: the send time, or the intended start in the open model. */
  startedAt = 0;
  /** Monotonic ms the request was handed to its connection: what the timeout counts from. */
  sentAt = 0;
  private status = 0;
  private chunks: Buffer[] | undefined;
  private abort: ((reason?: Error) => void) | undefined;

  constructor(
    /** The one connection this exchange's requests go over. */
    readonly connection: Connection,
    private readonly request: Dispatcher.DispatchOptions,
    private readonly sink: JobSink,
    private readonly now: () => number,
    private readonly collectBody: boolean,
    private readonly deadlines?: ResponseDeadlines,
  ) {}

  /** Sends the request again, its latency counted from `startedAt`. */
  send(startedAt: number): void {
    this.startedAt = startedAt;
    this.sentAt = this.now();
    this.status = 0;
    this.chunks = this.collectBody ? [] : undefined;
    this.deadlines?.track(this);
    this.connection.dispatch(this.request, this);
  }

  /** Ends the request in flight with `error` (its deadline passed); it is reported through onError. */
  expire(error: Error): void {
    this.abort?.(error);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(statusCode: number): boolean {
    // 1xx informational heads precede the real one.
    if (statusCode >= 200 || this.status === 0) this.status = statusCode;
    return true;
  }

  onData(chunk: Buffer): boolean {
    // A copy: the lean connection's chunks are views of a read buffer it reuses.
    this.chunks?.push(Buffer.from(chunk));
    return true;
  }

  onComplete(): void {
    this.settle();
    const body = this.chunks === undefined ? undefined : Buffer.concat(this.chunks).toString('utf8');
    this.chunks = undefined;
    this.sink.onResponse(this, this.status, body, this.now());
  }

  onError(error: Error): void {
    this.settle();
    this.chunks = undefined;
    this.sink.onTransportError(this, errorCode(error), this.now());
  }

  private settle(): void {
    this.deadlines?.untrack(this);
    this.abort = undefined;
  }
}
