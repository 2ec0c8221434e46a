import type { GeneratorHealth, OpenModelStats, RoundErrors, RoundResult, TimelineBucket } from '../result/result.js';
import { encodeHistogram, summarizeLatency } from '../result/histogram.js';
import type { PhaseTiming } from './phase.js';
import type { RoundRecorder } from './round-recorder.js';

/** A finished round in the result file's shape. */
export function toRoundResult(
  round: number,
  startedAt: Date,
  recorder: RoundRecorder,
  timing: PhaseTiming,
  open: OpenModelStats | undefined,
  timeline?: TimelineBucket[],
  generator?: GeneratorHealth,
): RoundResult {
  const elapsedSeconds = timing.elapsedMs / 1000;
  return {
    round,
    startedAt: startedAt.toISOString(),
    durationMs: round3(timing.end - timing.start),
    requests: recorder.requests,
    ok: recorder.ok,
    errors: roundErrors(recorder),
    rps: elapsedSeconds > 0 ? round3(recorder.requests / elapsedSeconds) : 0,
    latencyMs: summarizeLatency(recorder.histogram),
    ...(open === undefined ? {} : { open }),
    ...(timeline === undefined ? {} : { timeline }),
    ...(generator === undefined ? {} : { generator }),
    ...(recorder.dataRanOut && { dataRanOut: true as const }),
    histogram: encodeHistogram(recorder.histogram),
  };
}

function roundErrors(recorder: RoundRecorder): RoundErrors {
  return {
    total: recorder.errors,
    status: Object.fromEntries([...recorder.statusErrors].sort(([a], [b]) => a - b).map(([code, n]) => [String(code), n])),
    check: recorder.checkErrors,
    capture: recorder.captureErrors,
    ...(recorder.captureMisses.size > 0 && { captureMisses: Object.fromEntries(recorder.captureMisses) }),
    ...recorder.transportErrors,
    otherCodes: Object.fromEntries(recorder.otherCodes),
  };
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;
