import type { Clock } from '../../src/load/clock.js';

/** A clock that moves only when told: timers run exactly when their time comes, in time order. */
export function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  const next = (until: number) => timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
  const clock: Clock = {
    now: () => now,
    date: () => new Date(now),
    setTimer(fn, delayMs) {
      const timer = { at: now + Math.max(0, delayMs), fn };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
  };
  return {
    clock,
    /** Moves time on by `ms`, running every timer that falls due on the way. */
    advance(ms: number): void {
      const until = now + ms;
      for (let due = next(until); due !== undefined; due = next(until)) {
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = until;
    },
    /** Timers set and not yet run. */
    pending: () => timers.length,
  };
}
