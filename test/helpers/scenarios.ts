import type { LoadSpec, Scenario, Suite } from '../../src/config/suite.js';
import { DEFAULT_ALPHA, DEFAULT_MAX_DURATION_MS, defaultGate } from '../../src/config/defaults.js';

/** A scenario built directly, so engine tests do not depend on the suite-file parser. */
export function scenario(name: string, load: LoadSpec, overrides: Partial<Scenario> = {}): Scenario {
  return {
    name,
    request: { method: 'GET', path: '/', headers: {} },
    load,
    warmupMs: 0,
    rounds: 1,
    timeoutMs: 5_000,
    expect: { status: [[200, 399]] },
    line: 1,
    gate: defaultGate(),
    ...overrides,
  };
}

export function suite(scenarios: Scenario[]): Suite {
  return {
    name: 'test',
    file: 'perf-gate.yml',
    setup: [],
    data: [],
    scenarios,
    budgets: {},
    secrets: [],
    gate: { alpha: DEFAULT_ALPHA, maxDurationMs: DEFAULT_MAX_DURATION_MS, failOn: 'regression' },
  };
}

export const closed = (connections: number, durationMs: number): LoadSpec => ({ model: 'closed', connections, durationMs });
export const open = (rate: number, durationMs: number, connections = 100): LoadSpec => ({
  model: 'open',
  rate,
  durationMs,
  connections,
});
