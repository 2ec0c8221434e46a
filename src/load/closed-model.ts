import type { ClosedLoad } from '../config/suite.js';
import { Exchange, type ExchangeSink } from './exchange.js';
import { elapsedUs, type PhaseContext, type PhaseTiming } from './phase.js';

/**
 * Closed model: `connections` workers, each with its own connection, each sending its next
 * request as soon as the last one ends, until the duration is up. Latency is measured from the actual send, so a stalled
 * target slows the generator down with it (coordinated omission): the figures are reported
 * as they are, and the open model is the one to use for tail latency under a given load.
 */
export function runClosedPhase(context: PhaseContext, load: ClosedLoad): Promise<PhaseTiming> {
  const { clock, recorder, request, signal } = context;
  return new Promise((resolve) => {
    const start = clock.now();
    const deadline = start + load.durationMs;
    let running = load.connections;

    const sendNext = (exchange: Exchange, now: number): void => {
      if (now < deadline && signal?.aborted !== true) {
        exchange.send(request, now);
        return;
      }
      running -= 1;
      if (running === 0) {
        const end = Math.max(recorder.lastCompletion, start);
        resolve({ start, end, elapsedMs: end - start });
      }
    };

    const sink: ExchangeSink = {
      onResponse(exchange, status, body, now) {
        recorder.recordResponse(elapsedUs(exchange.startedAt, now), status, body, now);
        sendNext(exchange, now);
      },
      onTransportError(exchange, code, now) {
        recorder.recordTransportError(code, now);
        // A refused or reset request fails at once, sometimes synchronously: yield to the
        // event loop before the next one instead of spinning (or recursing) on a dead socket.
        clock.setTimer(() => sendNext(exchange, clock.now()), 0);
      },
    };

    for (let i = 0; i < load.connections; i++) {
      sendNext(new Exchange(context.connection(i), sink, clock.now, context.collectBody), start);
    }
  });
}
