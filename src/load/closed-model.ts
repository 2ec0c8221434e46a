import type { ClosedLoad } from '../config/suite.js';
import { rampValue } from '../config/ramp.js';
import { shareOf, type Share } from '../config/share.js';
import { elapsedUs, type Job, type JobSink, type PhaseContext, type PhaseTiming } from './phase.js';

/**
 * Closed model: `connections` workers, each with its own connection, each sending its next
 * request as soon as the last one ends, until the duration is up. With stages, the number of
 * workers follows the ramp: new workers start, surplus ones stop after their request in flight. Latency is measured from the actual send,
 * so a stalled
 * target slows the generator down with it (coordinated omission): the figures are reported
 * as they are, and the open model is the one to use for tail latency under a given load.
 */
export function runClosedPhase(context: PhaseContext, load: ClosedLoad): Promise<PhaseTiming> {
  const { clock, recorder, signal } = context;
  return new Promise((resolve) => {
    const start = clock.now();
    const deadline = start + load.durationMs;
    const target = workerTarget(load, context.share);
    const workers: Job[] = [];
    /** Workers told to stop once their request in flight ends (a ramp going down). */
    const retiring = new Set<Job>();
    /** Stopped workers, kept with their connection for the ramp's next climb. */
    const parked: Job[] = [];
    let running = 0;
    let done = false;
    let cancelRamp: (() => void) | undefined;

    const finish = (): void => {
      if (done) return;
      done = true;
      cancelRamp?.();
      const end = Math.max(recorder.lastCompletion, start);
      resolve({ start, end, elapsedMs: end - start });
    };
    /** A flow's unique data rows have run out: no iteration can start any more. */
    let exhausted = false;
    const over = (now: number) => now >= deadline || signal?.aborted === true || exhausted;
    const sendNext = (exchange: Job, now: number): void => {
      if (!over(now) && !retiring.has(exchange)) {
        exchange.send(now);
        return;
      }
      if (retiring.delete(exchange)) parked.push(exchange);
      running -= 1;
      if (running === 0 && over(now)) finish();
    };
    const sink: JobSink = {
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
      onExhausted(exchange, now) {
        // The data's unique rows have run out: this virtual user stops, and the others after their iteration.
        exhausted = true;
        recorder.dataRanOut = true;
        sendNext(exchange, now);
      },
      onFailure(exchange, failure, now) {
        recorder.recordFailure(elapsedUs(exchange.startedAt, now), failure, now);
        if (failure.kind === 'transport') clock.setTimer(() => sendNext(exchange, clock.now()), 0);
        else sendNext(exchange, now);
      },
    };

    /** Starts or retires workers until as many run as the ramp asks for now. */
    const steer = (now: number): void => {
      const wanted = over(now) ? 0 : target(now - start);
      while (running - retiring.size < wanted && !exhausted) {
        const stopping = retiring.values().next();
        if (!stopping.done) {
          retiring.delete(stopping.value);
          continue;
        }
        const exchange = parked.pop() ?? context.job(workers.length, sink);
        if (!workers.includes(exchange)) workers.push(exchange);
        running += 1;
        exchange.send(now);
      }
      for (let i = workers.length - 1; running - retiring.size > wanted && i >= 0; i--) {
        const worker = workers[i]!;
        if (!retiring.has(worker) && !parked.includes(worker)) retiring.add(worker);
      }
    };
    steer(start);
    if (load.stages !== undefined) {
      const tick = () => {
        const now = clock.now();
        steer(now);
        if (!over(now)) cancelRamp = clock.setTimer(tick, RAMP_STEP_MS);
        else if (running === 0) finish();
      };
      cancelRamp = clock.setTimer(tick, RAMP_STEP_MS);
    }
  });
}

/** How often a ramp adjusts its number of workers. */
const RAMP_STEP_MS = 50;

/**
 * This share's workers wanted at an offset into the phase: its deal of the whole's, constant or
 * rounded along the stages, so that at every moment the shares' workers add up to the whole's
 * (a share may have none for a while, early in a ramp).
 */
export function workerTarget(load: ClosedLoad, share: Share): (offsetMs: number) => number {
  const { stages } = load;
  if (stages === undefined) return () => shareOf(load.connections, share);
  const ramp = stages.map((stage) => ({ durationMs: stage.durationMs, to: stage.connections }));
  return (offsetMs) => shareOf(Math.round(rampValue(load.startConnections ?? 1, ramp, offsetMs)), share);
}
