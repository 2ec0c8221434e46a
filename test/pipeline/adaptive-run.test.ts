import { describe, expect, it } from 'vitest';
import { parseSuite } from '../../src/config/load-suite.js';
import type { Engine } from '../../src/load/engine.js';
import type { RoundSlot } from '../../src/load/round-order.js';
import { adaptiveRun } from '../../src/pipeline/adaptive-run.js';
import type { ScenarioResult } from '../../src/result/result.js';
import type { GateResult } from '../../src/result/verdict.js';
import { manualClock } from '../helpers/manual-clock.js';
import { runResult } from '../helpers/results.js';

// A plain scenario named as the flow's step would be were names cut at the last slash.
const suite = parseSuite(
  [
    'version: 1',
    'scenarios:',
    '  - name: shop',
    '    request: { path: / }',
    '    load: { connections: 1 }',
    '  - name: shop/checkout',
    '    flow:',
    '      - { name: list, request: { path: /list } }',
    '      - { name: pay, request: { path: /pay } }',
    '    load: { connections: 1 }',
    '',
  ].join('\n'),
  'suite.yml',
  {},
);

const entries: ScenarioResult[] = runResult({ scenarios: ['shop', 'shop/checkout', 'shop/checkout/pay'] }).scenarios.map((entry) =>
  entry.name === 'shop/checkout/pay' ? { ...entry, step: { of: 'shop/checkout', name: 'pay' } } : entry,
);

/** A verdict that leaves only the flow's step undecided, worth twice the rounds. */
const undecidedStep = {
  scenarios: [
    {
      name: 'shop/checkout/pay',
      metrics: [{ metric: 'p95', blocking: true, decided: false, verdict: 'inconclusive', roundsFactor: 2, change: 0.05, threshold: 0.1 }],
    },
  ],
} as unknown as GateResult;

describe('an adaptive run', () => {
  it('measures an undecided flow step by running the flow it carries, and nothing else, to the rounds it asks for', async () => {
    const measured: RoundSlot[][] = [];
    const engine: Engine = {
      warmup: async () => undefined,
      measure: async (slots) => void measured.push(slots),
      results: () => entries,
      interrupted: false,
      close: async () => undefined,
    };
    await adaptiveRun({
      suite,
      candidate: new URL('http://127.0.0.1:1/'),
      judging: { canLookAgain: true, look: () => undecidedStep },
      clock: manualClock().clock,
      connect: () => {
        throw new Error('the engine is a double');
      },
      maxDurationMs: 3_600_000,
      engine: () => engine,
    });
    expect(measured).toHaveLength(2);
    const rounds = suite.scenarios[1]!.rounds;
    expect(measured[1]!.map((slot) => [slot.scenario, slot.round])).toEqual(Array.from({ length: rounds }, (_, i) => [1, rounds + i + 1]));
  });
});
