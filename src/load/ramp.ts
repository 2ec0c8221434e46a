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
