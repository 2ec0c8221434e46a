/** One round of one scenario against one arm. */
export interface RoundSlot {
  scenario: number;
  arm: number;
  round: number;
  /** Rounds planned for the scenario so far, for progress ("round 3/10"). */
  of: number;
}

/** The rounds `from`..`to` of one scenario (by its index in the suite). */
export interface RoundSpan {
  scenario: number;
  from: number;
  to: number;
}

/**
 * The order rounds run in, the first look's and any extra rounds' alike: interleaved so slow
 * drift of the machine or the targets spreads over everything, round 1 of every scenario, then
 * round 2 … (A1 B1 A2 B2), each scenario within its own span. With two arms, each round is a
 * pair run in alternating order (ABBA: base, candidate, then candidate, base), so neither arm
 * always goes first.
 */
export function roundSlots(spans: RoundSpan[], arms: number): RoundSlot[] {
  const slots: RoundSlot[] = [];
  const last = Math.max(...spans.map((span) => span.to));
  for (let round = Math.min(...spans.map((span) => span.from)); round <= last; round++) {
    for (const { scenario, from, to } of spans) {
      if (round < from || round > to) continue;
      const order = arms === 1 ? [0] : round % 2 === 1 ? [1, 0] : [0, 1];
      for (const arm of order) slots.push({ scenario, arm, round, of: to });
    }
  }
  return slots;
}
