import type { OpenLoad } from '../config/suite.js';
import { rampSegments, rampValue } from '../config/ramp.js';
import { shareOf, shareStart, type Share } from '../config/share.js';

/** When each request of an open-model phase is due, as an offset from the phase's start. */
export interface ArrivalSchedule {
  count: number;
  /** Offset in ms of request `i` (0-based), non-decreasing in i. */
  offsetMs(i: number): number;
  /** The rate (req/s) the schedule asks for at this offset. */
  rateAt(offsetMs: number): number;
}

/**
 * A constant rate puts request i at i/rate. A staged rate ramps linearly within each stage, so
 * the number of requests due by time t is the integral of the rate, N(t) = ∫ r; request i is
 * due when N(t) = i, a quadratic within its stage (fractions of a request carry over stages).
 */
export function arrivalSchedule(load: Pick<OpenLoad, 'rate' | 'durationMs' | 'stages' | 'startRate'>): ArrivalSchedule {
  if (load.stages === undefined || load.stages.length === 0) {
    const interval = 1000 / load.rate;
    return { count: Math.max(1, Math.floor((load.rate * load.durationMs) / 1000)), offsetMs: (i) => i * interval, rateAt: () => load.rate };
  }
  const ramp = load.stages.map((stage) => ({ durationMs: stage.durationMs, to: stage.rate }));
  const { segments, total } = rampSegments(load.startRate ?? 0, ramp);
  let segment = 0;
  return {
    count: Math.floor(total + 1e-9),
    offsetMs(i) {
      // Requests are asked for in order, so the stage search only moves forward.
      while (segment < segments.length - 1 && i >= segments[segment + 1]!.before) segment += 1;
      while (segment > 0 && i < segments[segment]!.before) segment -= 1;
      const s = segments[segment]!;
      const due = i - s.before;
      // N(t) = from·t + (to − from)·t² / (2D), t in seconds within the stage.
      const seconds = s.durationMs / 1000;
      const a = (s.to - s.from) / (2 * seconds);
      const b = s.from;
      const t = Math.abs(a) < 1e-12 ? due / b : (-b + Math.sqrt(Math.max(0, b * b + 4 * a * due))) / (2 * a);
      return s.startMs + Math.min(s.durationMs, t * 1000);
    },
    rateAt: (offsetMs) => rampValue(load.startRate ?? 0, ramp, offsetMs),
  };
}

/**
 * A share's part of the whole schedule: the whole's arrivals dealt round-robin (see src/config/share.ts),
 * numbered from `dealt` (the arrivals of the phases dealt before this one). Each share keeps the
 * whole's arrival times, so the shares together send the evenly spaced stream (or the ramp) the
 * suite asks for, not n streams that each start at the phase's start.
 */
export function shareSchedule(whole: ArrivalSchedule, share: Share, dealt: number): ArrivalSchedule {
  const start = shareStart(share, dealt);
  return {
    count: shareOf(whole.count, share, dealt),
    offsetMs: (i) => whole.offsetMs(start + i * share.count),
    rateAt: (offsetMs) => whole.rateAt(offsetMs) / share.count,
  };
}
