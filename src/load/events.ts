import type { RoundResult } from '../baseline/result.js';

/** What the engine tells its observers (the progress display, the action's log). */
export type EngineEvent =
  | { type: 'start'; scenarios: { name: string; rounds: number }[]; plannedMs: number }
  | { type: 'warmup'; scenario: string; durationMs: number }
  | { type: 'round-start'; scenario: string; round: number; rounds: number; durationMs: number }
  | {
      type: 'progress';
      scenario: string;
      round: number;
      rounds: number;
      elapsedMs: number;
      durationMs: number;
      requests: number;
      errors: number;
    }
  | { type: 'round-end'; scenario: string; round: number; rounds: number; result: RoundResult }
  | { type: 'end'; interrupted: boolean };

export type EngineListener = (event: EngineEvent) => void;
