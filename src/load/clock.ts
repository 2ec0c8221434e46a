import { performance } from 'node:perf_hooks';

/** Time as the engine sees it; passed in so tests and replays can substitute their own. */
export interface Clock {
  /** Monotonic milliseconds, fractional. */
  now(): number;
  /** Wall-clock time, for timestamps in results. */
  date(): Date;
  /** Calls `fn` after `delayMs`; returns a function that cancels it. */
  setTimer(fn: () => void, delayMs: number): () => void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  date: () => new Date(),
  setTimer(fn, delayMs) {
    const timer = setTimeout(fn, Math.max(0, delayMs));
    return () => clearTimeout(timer);
  },
};
