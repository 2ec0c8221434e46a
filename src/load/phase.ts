import type { Dispatcher } from 'undici';
import type { Clock } from './clock.js';
import type { ResponseDeadlines } from './deadline.js';
import type { RoundRecorder } from './round-recorder.js';

/** What a load model needs to run one phase (a warm-up or a round) of one scenario. */
export interface PhaseContext {
  /** The scenario's i-th connection (0-based), opened on first use and kept across phases. */
  connection: (index: number) => Dispatcher;
  request: Dispatcher.DispatchOptions;
  clock: Clock;
  recorder: RoundRecorder;
  collectBody: boolean;
  /** The scenario's timeout over each whole exchange (see deadline.ts). */
  deadlines?: ResponseDeadlines;
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
