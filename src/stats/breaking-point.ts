import type { RunResult } from '../result/result.js';
import type { Budget } from '../config/suite.js';

/** A second with fewer requests says too little about its p95 or error rate to call it a break. */
export const MIN_BUCKET_REQUESTS = 20;

/** What a ramping (stress) scenario showed: the rate at which it first broke a budget, or the peak it held. */
export interface StressFinding {
  scenario: string;
  /** The highest rate the stages asked for. */
  peakRps: number;
  broke?: {
    round: number;
    atMs: number;
    targetRps: number;
    metric: 'p95' | 'errorRate';
    value: number;
    limit: number;
  };
}

/**
 * For each scenario that ramped (its rounds have a timeline) and has a p95 or error-rate budget:
 * the first second, in any round, whose figures crossed a budget, at the lowest rate at which
 * that happened. Pure: results and budgets in, findings out.
 */
export function stressFindings(result: RunResult, budgets: Record<string, Budget>): StressFinding[] {
  const findings: StressFinding[] = [];
  for (const scenario of result.scenarios) {
    const budget = { ...budgets['*'], ...budgets[scenario.name] };
    const timed = scenario.rounds.filter((round) => round.timeline !== undefined);
    if (timed.length === 0 || (budget.p95 === undefined && budget.errorRate === undefined)) continue;
    let broke: StressFinding['broke'];
    const peakRps = Math.max(...timed.flatMap((round) => round.timeline!.map((bucket) => bucket.targetRps)));
    for (const round of timed) {
      for (const bucket of round.timeline!) {
        if (bucket.requests < MIN_BUCKET_REQUESTS) continue;
        const errorRate = bucket.errors / bucket.requests;
        const crossed =
          budget.p95 !== undefined && bucket.p95Ms > budget.p95
            ? { metric: 'p95' as const, value: bucket.p95Ms, limit: budget.p95 }
            : budget.errorRate !== undefined && errorRate > budget.errorRate
              ? { metric: 'errorRate' as const, value: errorRate, limit: budget.errorRate }
              : undefined;
        if (crossed === undefined) continue;
        if (broke === undefined || bucket.targetRps < broke.targetRps) {
          broke = { round: round.round, atMs: bucket.atMs, targetRps: bucket.targetRps, ...crossed };
        }
        break;
      }
    }
    findings.push({ scenario: scenario.name, peakRps, ...(broke === undefined ? {} : { broke }) });
  }
  return findings;
}
