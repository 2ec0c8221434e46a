import type { Clock } from './clock.js';

/** What a deadline needs of an exchange: when it was sent, and a way to end it. */
export interface Expirable {
  readonly sentAt: number;
  expire(error: Error): void;
}

/** The code of a request that got no complete response in time (a body trickling in counts as no response). */
export const RESPONSE_TIMEOUT_CODE = 'PG_RESPONSE_TIMEOUT';

/**
 * The scenario's `timeout` bounds the whole exchange, from the send to the last byte of the
 * response. undici's own timeouts cannot: its body timeout restarts with every chunk, so a
 * server that trickles a byte every 100 ms never trips it. One coarse watchdog per phase scans
 * the exchanges rather than arming a timer per request, which the hot loop cannot afford; an
 * exchange is ended at most one scan interval late.
 *
 * An exchange is registered once, on its first send, and only marked in or out of flight after
 * that: the watched set grows to one entry per connection and then never changes size. Adding
 * and deleting each request instead made the set rehash into a new table every few thousand
 * requests, tables of hundreds of kilobytes at ten thousand in flight, old-generation garbage
 * at megabytes a second. A scan visits every connection's exchange (ten thousand, ten times a
 * second, at the most connections a scenario may have): a fraction of a millisecond.
 */
export class ResponseDeadlines {
  /** Every exchange of the phase, and whether it is in flight. */
  private readonly watched = new Map<Expirable, boolean>();
  private cancel: (() => void) | undefined;
  private readonly intervalMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {
    this.intervalMs = Math.min(100, Math.max(5, timeoutMs / 20));
  }

  start(): void {
    let now = 0;
    const expire = (inFlight: boolean, exchange: Expirable) => {
      if (!inFlight || now - exchange.sentAt < this.timeoutMs) return;
      this.watched.set(exchange, false);
      exchange.expire(Object.assign(new Error(`no complete response within ${this.timeoutMs} ms`), { code: RESPONSE_TIMEOUT_CODE }));
    };
    const scan = () => {
      now = this.clock.now();
      this.watched.forEach(expire);
      this.cancel = this.clock.setTimer(scan, this.intervalMs);
    };
    this.cancel = this.clock.setTimer(scan, this.intervalMs);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.watched.clear();
  }

  track(exchange: Expirable): void {
    this.watched.set(exchange, true);
  }

  untrack(exchange: Expirable): void {
    if (this.watched.has(exchange)) this.watched.set(exchange, false);
  }
}
