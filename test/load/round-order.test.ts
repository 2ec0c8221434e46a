import { describe, expect, it } from 'vitest';
import { roundSlots } from '../../src/load/round-order.js';

const order = (slots: ReturnType<typeof roundSlots>) =>
  slots.map(({ scenario, arm, round }) => `${'AB'[scenario]}${round}${arm === 0 ? 'c' : 'b'}`).join(' ');

describe('the round order', () => {
  it('interleaves scenarios round by round, one arm', () => {
    expect(
      order(
        roundSlots(
          [
            { scenario: 0, from: 1, to: 2 },
            { scenario: 1, from: 1, to: 2 },
          ],
          1,
        ),
      ),
    ).toBe('A1c B1c A2c B2c');
  });

  it('runs each round of two arms as a pair in alternating order (ABBA)', () => {
    expect(order(roundSlots([{ scenario: 0, from: 1, to: 4 }], 2))).toBe('A1b A1c A2c A2b A3b A3c A4c A4b');
  });

  it('keeps each scenario within its own span, the extra rounds of some scenarios as the first look of all', () => {
    const slots = roundSlots(
      [
        { scenario: 0, from: 6, to: 7 },
        { scenario: 1, from: 4, to: 6 },
      ],
      2,
    );
    expect(order(slots)).toBe('B4c B4b B5b B5c A6c A6b B6c B6b A7b A7c');
    expect(slots.filter((s) => s.scenario === 0).every((s) => s.of === 7)).toBe(true);
    expect(slots.filter((s) => s.scenario === 1).every((s) => s.of === 6)).toBe(true);
  });
});
