import { describe, expect, it } from 'vitest';
import { parseSuite } from '../../src/config/load-suite.js';
import { scenarioOfEntry } from '../../src/config/flow.js';
import type { RunResult, ScenarioResult } from '../../src/result/result.js';
import { judgeRun } from '../../src/stats/judge-run.js';
import { runResult } from '../helpers/results.js';

// A flow whose name holds a slash, beside a plain scenario named as one of its steps would be
// if names were cut at the last slash: only carried parentage tells them apart.
const suite = parseSuite(
  [
    'version: 1',
    'scenarios:',
    '  - name: shop/checkout',
    '    flow:',
    '      - { name: list, request: { path: /list } }',
    '      - { name: pay, request: { path: /pay } }',
    '    load: { connections: 1 }',
    '    gate: { threshold: 37% }',
    '  - name: shop',
    '    request: { path: / }',
    '    load: { connections: 1 }',
    '    gate: { threshold: 21% }',
    '',
  ].join('\n'),
  'suite.yml',
  {},
);

const ENTRIES: Pick<ScenarioResult, 'name' | 'step'>[] = [
  { name: 'shop/checkout' },
  { name: 'shop/checkout/list', step: { of: 'shop/checkout', name: 'list' } },
  { name: 'shop/checkout/pay', step: { of: 'shop/checkout', name: 'pay' } },
  { name: 'shop' },
];

/** A run of the suite's entries, as the engine writes them now (`step` carried) or as an older file holds them (`step` absent). */
function run(startedAt: string, carried: boolean): RunResult {
  const result = runResult({ startedAt, scenarios: ENTRIES.map((entry) => entry.name) });
  return carried ? { ...result, scenarios: result.scenarios.map((entry, i) => ({ ...entry, ...ENTRIES[i] })) } : result;
}

/** Each entry's p95 threshold as judged. */
function thresholds(current: RunResult, baseline: RunResult): Record<string, number | undefined> {
  const gate = judgeRun({ suite, current, reference: { mode: 'stored-baseline', runs: [baseline] } });
  return Object.fromEntries(gate.scenarios.map((s) => [s.name, s.metrics.find((m) => m.metric === 'p95')?.threshold]));
}

describe('a flow step is judged by its flow', () => {
  const expected = { 'shop/checkout': 0.37, 'shop/checkout/list': 0.37, 'shop/checkout/pay': 0.37, shop: 0.21 };

  it("under its flow's gate, found by the flow it carries", () => {
    expect(thresholds(run('2026-11-24T01:00:00.000Z', true), run('2026-11-23T01:00:00.000Z', true))).toEqual(expected);
  });

  it('in an older file, which does not carry it, by the suite entry of its name', () => {
    expect(thresholds(run('2026-11-24T01:00:00.000Z', false), run('2026-11-23T01:00:00.000Z', false))).toEqual(expected);
  });

  it('found from the entry, never from its name', () => {
    const named = (name: string) => scenarioOfEntry(suite.scenarios, { name, step: { of: 'shop', name: 'x' } })?.name;
    expect(named('shop/checkout/list')).toBe('shop');
    expect(scenarioOfEntry(suite.scenarios, { name: 'shop/checkout/list' })).toBeUndefined();
  });
});
