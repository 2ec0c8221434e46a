import type { OpenLoad } from '../config/suite.js';
import type { OpenModelStats, TimelineBucket } from '../result/result.js';
import type { ArrivalSchedule } from './schedule.js';
import { shareConnections } from '../config/share.js';
import { Timeline } from '../result/timeline.js';
import { elapsedUs, type Job, type JobSink, type PhaseContext, type PhaseTiming } from './phase.js';

/** A start sent later than this after its intended time counts as late. */
export const LATE_THRESHOLD_MS = 10;

/**
 * Open model (arrival rate): request i is due at its time in the schedule (start + i/rate, or
 * along the stages of a ramping rate, or this share's turns of either) whatever the responses,
 * and its latency is measured from that intended time, not from when it could be sent. A target
 * that stalls therefore shows the stall in every request that should have started meanwhile,
 * as wrk2 and HdrHistogram do it; a closed loop would hide all but a few of them.
 *
 * At most `connections` requests (this share's deal of them) are in flight. A due start that
 * finds none free waits for one (its latency keeps growing from the intended time); starts still
 * waiting when the window closes are dropped and counted, never silently skipped. Starts a flow cannot make because its
 * unique data rows ran out are counted apart (noRow): the target did not cause them.
 */
export function runOpenPhase(
  context: PhaseContext,
  load: OpenLoad,
  schedule: ArrivalSchedule,
): Promise<PhaseTiming & { open: OpenModelStats; timeline?: TimelineBucket[] }> {
  const { clock, recorder, signal, share } = context;
  return new Promise((resolve) => {
    const scheduled = schedule.count;
    const connections = shareConnections(load, share);
    const timeline = load.stages === undefined ? undefined : new Timeline(schedule.rateAt);
    const start = clock.now();
    const windowEnd = start + load.durationMs;
    // One exchange per connection, made when first needed: a slow target opens more of them.
    const idle: Job[] = [];
    let opened = 0;
    let next = 0;
    let inFlight = 0;
    let late = 0;
    let dropped = 0;
    /** Starts that found no data row left (unique rows run out), and every start after them: never made, for want of data. */
    let noRow = 0;
    let exhausted = false;
    let cancelTimer: (() => void) | undefined;
    let timerAt = Infinity;
    let done = false;

    const sink: JobSink = {
      onResponse(exchange, status, body, now) {
        const latencyUs = elapsedUs(exchange.startedAt, now);
        const passed = recorder.recordResponse(latencyUs, status, body, now);
        timeline?.record(exchange.startedAt - start, latencyUs, !passed);
        release(exchange);
      },
      onTransportError(exchange, code, now) {
        recorder.recordTransportError(code, now);
        timeline?.record(exchange.startedAt - start, undefined, true);
        release(exchange);
      },
      onExhausted(exchange) {
        // Never sent: the data's unique rows have run out.
        noRow += 1;
        exhausted = true;
        recorder.dataRanOut = true;
        // Told synchronously from the send, inside pump(): release after it, not within it.
        queueMicrotask(() => release(exchange));
      },
      onFailure(exchange, failure, now) {
        const latencyUs = elapsedUs(exchange.startedAt, now);
        recorder.recordFailure(latencyUs, failure, now);
        timeline?.record(exchange.startedAt - start, failure.kind === 'transport' ? undefined : latencyUs, true);
        release(exchange);
      },
    };

    function release(exchange: Job): void {
      inFlight -= 1;
      idle.push(exchange);
      pump();
    }

    function wakeAt(at: number, now: number): void {
      if (at >= timerAt) return;
      cancelTimer?.();
      timerAt = at;
      cancelTimer = clock.setTimer(() => {
        timerAt = Infinity;
        cancelTimer = undefined;
        pump();
      }, at - now);
    }

    function pump(): void {
      if (done) return;
      const now = clock.now();
      while (next < scheduled) {
        const intended = start + schedule.offsetMs(next);
        if (exhausted) {
          noRow += scheduled - next;
          next = scheduled;
          break;
        }
        if (signal?.aborted === true || (intended <= now && now >= windowEnd)) {
          dropped += scheduled - next;
          next = scheduled;
          break;
        }
        if (intended > now) {
          wakeAt(Math.min(intended, windowEnd), now);
          break;
        }
        if (inFlight >= connections) {
          // Every connection is busy: a completion pumps again; the timer closes the window.
          wakeAt(windowEnd, now);
          break;
        }
        if (now - intended > LATE_THRESHOLD_MS) late += 1;
        const exchange = idle.pop() ?? context.job(opened++, sink);
        next += 1;
        inFlight += 1;
        exchange.send(intended);
      }
      if (next === scheduled && inFlight === 0) {
        // The phase lasts its window, over which the generator's health is measured: a share whose
        // turns ended early (or that had none, at a rate below the number of shares) idles to its
        // end, rather than reading as a loop kept busy for the instant it ran.
        if (now < windowEnd && !exhausted && signal?.aborted !== true) wakeAt(windowEnd, now);
        else finish();
      }
    }

    function finish(): void {
      done = true;
      cancelTimer?.();
      signal?.removeEventListener('abort', pump);
      const end = Math.max(recorder.lastCompletion, start);
      resolve({
        start,
        end,
        // The achieved arrival rate: requests sent in the window (and completed) per second of
        // the window. Responses that trail past its end are the latency's business, not the rate's.
        elapsedMs: load.durationMs,
        open: {
          targetRps: load.rate / share.count,
          scheduled,
          sent: scheduled - dropped - noRow,
          late,
          lateThresholdMs: LATE_THRESHOLD_MS,
          dropped,
          ...(noRow > 0 && { noRow }),
        },
        ...(timeline === undefined ? {} : { timeline: timeline.toJSON() }),
      });
    }

    signal?.addEventListener('abort', pump, { once: true });
    pump();
  });
}
