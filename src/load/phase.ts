import type { Clock } from './clock.js';
import type { Share } from '../config/share.js';
import type { RoundRecorder, StepFailure } from './round-recorder.js';

/**
 * What a load model starts and waits for: one request (an Exchange), or one iteration of a flow
 * (a FlowIteration). A job is reused for the next start once it ends, so the hot loop allocates
 * nothing per request.
 */
export interface Job {
  /** Monotonic ms the latency is measured from: the send time, or the intended start in the open model. */
  readonly startedAt: number;
  send(startedAt: number): void;
}

/** Told when a job ends; `now` is the monotonic time of the end. */
export interface JobSink {
  onResponse(job: Job, status: number, body: string | undefined, now: number): void;
  onTransportError(job: Job, code: string, now: number): void;
  /** A flow's iteration that ended at a failed step (never called for a single request). */
  onFailure(job: Job, failure: StepFailure, now: number): void;
  /** A flow's iteration that could not start: its unique data rows have run out. No more will start. */
  onExhausted(job: Job, now: number): void;
}

/** What a load model needs to run one phase (a warm-up or a round) of one scenario. */
export interface PhaseContext {
  /** A job on the scenario's i-th connection (0-based; opened on first use and kept across phases). */
  job: (connection: number, sink: JobSink) => Job;
  clock: Clock;
  /** What the phase's jobs end in: the requests, or the flow's whole iterations. */
  recorder: RoundRecorder;
  /** The part of the scenario's load this phase runs (the whole unless split over shards or worker threads). */
  share: Share;
  /** Aborting ends the phase early: no new request starts, the ones in flight finish. */
  signal?: AbortSignal;
}

/** Monotonic start and end of a phase; `end` is when the last exchange finished. */
export interface PhaseTiming {
  start: number;
  end: number;
  /** The span the achieved rate is computed over. */
  elapsedMs: number;
}

/** Microseconds between two monotonic millisecond readings, as the histogram records them. */
export function elapsedUs(from: number, to: number): number {
  return Math.round((to - from) * 1000);
}
