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
 * the exchanges in flight (a few dozen at most) rather than arming a timer per request, which
 * the hot loop cannot afford; an exchange is ended at most one scan interval late.
 */
export class ResponseDeadlines {
  private readonly inFlight = new Set<Expirable>();
  private cancel: (() => void) | undefined;
  private readonly intervalMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {
    this.intervalMs = Math.min(100, Math.max(5, timeoutMs / 20));
  }

  start(): void {
    const scan = () => {
      const now = this.clock.now();
      for (const exchange of this.inFlight) {
        if (now - exchange.sentAt >= this.timeoutMs) {
          this.inFlight.delete(exchange);
          exchange.expire(Object.assign(new Error(`no complete response within ${this.timeoutMs} ms`), { code: RESPONSE_TIMEOUT_CODE }));
        }
      }
      this.cancel = this.clock.setTimer(scan, this.intervalMs);
    };
    this.cancel = this.clock.setTimer(scan, this.intervalMs);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.inFlight.clear();
  }

  track(exchange: Expirable): void {
    this.inFlight.add(exchange);
  }

  untrack(exchange: Expirable): void {
    this.inFlight.delete(exchange);
  }
}
