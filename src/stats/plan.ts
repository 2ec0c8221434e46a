import type { GateMethod, GateResult } from './verdict.js';

/**
 * Adaptive rounds: when a blocking metric is undecided after the configured rounds, measure
 * the undecided scenarios again, doubling their rounds (5 → 10 → 20), within the time budget.
 * The interleaved mode goes on to 40 pairs: there every round removes noise. In the stored-
 * baseline mode the current run's own run effect (the same in all its rounds) is a floor that
 * more rounds do not lower, and a fourth look bought 1 point of power for 80 % more rounds in
 * the simulation. The looks are planned in advance so alpha can be split across them.
 */
export function lookSchedule(initialRounds: number, mode: GateMethod['mode']): number[] {
  const doublings = mode === 'interleaved' ? 3 : 2;
  return Array.from({ length: doublings + 1 }, (_, i) => initialRounds * 2 ** i);
}

export interface Undecided {
  scenario: string;
  /** e.g. "p95 +12.3 %, not yet decided against the 10 % threshold" */
  reasons: string[];
}

/** Scenarios with a blocking metric whose verdict more rounds could still change. */
export function undecidedScenarios(result: GateResult): Undecided[] {
  return result.scenarios.flatMap((scenario) => {
    const open = scenario.metrics.filter((m) => m.blocking && !m.decided);
    if (open.length === 0) return [];
    return [
      {
        scenario: scenario.name,
        reasons: open.map((m) => {
          const change = m.metric === 'errorRate' ? `${signed(m.change * 100, 2)} pp` : `${signed(m.change * 100, 1)} %`;
          const limit = m.metric === 'errorRate' ? `${m.threshold * 100} pp` : `${Math.round(m.threshold * 1000) / 10} %`;
          return `${m.metric} ${change}, undecided against the ${limit} threshold`;
        }),
      },
    ];
  });
}

function signed(value: number, digits: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}
