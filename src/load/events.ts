import type { RoundResult } from '../result/result.js';

/** What the engine tells its observers (the progress display, the action's log). */
/** Which round of which scenario; `arm` names the deployment in the interleaved A/B mode. */
interface RoundLabel {
  scenario: string;
  round: number;
  rounds: number;
  arm?: string;
}

export type EngineEvent =
  /** `mostMs`: when the run may measure more at a second look, the longest that can take in all. */
  | { type: 'start'; scenarios: { name: string; rounds: number }[]; plannedMs: number; mostMs?: number }
  | { type: 'warmup'; scenario: string; durationMs: number; arm?: string }
  | ({ type: 'round-start'; durationMs: number } & RoundLabel)
  | ({ type: 'progress'; elapsedMs: number; durationMs: number; requests: number; errors: number } & RoundLabel)
  /** `steps`: a flow's steps' figures for the round, in order (a flow of more than one request). */
  | ({ type: 'round-end'; result: RoundResult; steps?: RoundResult[] } & RoundLabel)
  /** Not run: the flow's unique data rows ran out in an earlier round. */
  | ({ type: 'round-skipped' } & RoundLabel)
  | { type: 'more-rounds'; reasons: string[]; plannedMs: number }
  | { type: 'end'; interrupted: boolean };

export type EngineListener = (event: EngineEvent) => void;
