/** A value ramping linearly stage by stage: the rate of an open model, the workers of a closed one. */
export interface RampStage {
  durationMs: number;
  to: number;
}

/** The value at `offsetMs` into the stages, starting from `start`; the last stage's value after the end. */
export function rampValue(start: number, stages: RampStage[], offsetMs: number): number {
  let from = start;
  let stageStart = 0;
  for (const stage of stages) {
    if (offsetMs < stageStart + stage.durationMs) {
      return from + (stage.to - from) * Math.max(0, (offsetMs - stageStart) / stage.durationMs);
    }
    from = stage.to;
    stageStart += stage.durationMs;
  }
  return from;
}

/** A stage placed in time, with the integral of the value over the stages before it. */
export interface RampSegment {
  startMs: number;
  durationMs: number;
  from: number;
  to: number;
  /** ∫ value dt over the earlier stages, t in seconds: for a rate, the requests due before this stage. */
  before: number;
}

/**
 * The stages placed one after another, and the integral of the value over all of them (for a
 * rate in req/s: the requests a round of these stages sends). Linear within a stage, so each
 * stage adds the mean of its ends times its length.
 */
export function rampSegments(start: number, stages: RampStage[]): { segments: RampSegment[]; total: number } {
  const segments: RampSegment[] = [];
  let startMs = 0;
  let before = 0;
  let from = start;
  for (const stage of stages) {
    segments.push({ startMs, durationMs: stage.durationMs, from, to: stage.to, before });
    before += ((from + stage.to) / 2) * (stage.durationMs / 1000);
    startMs += stage.durationMs;
    from = stage.to;
  }
  return { segments, total: before };
}
