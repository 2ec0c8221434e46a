import { describe, expect, it } from 'vitest';
import { baselineEdits, withBasePolicy } from '../../src/action/base-policy.js';
import { defaultGate } from '../../src/config/defaults.js';
import type { Suite } from '../../src/config/suite.js';
import { closed, scenario, suite } from '../helpers/scenarios.js';
import { parseSuite } from '../../src/config/load-suite.js';

const load = closed(1, 100);

function gateWith(threshold: number, blocking = true) {
  const gate = defaultGate();
  return { ...gate, p95: { threshold, blocking } };
}

describe('withBasePolicy', () => {
  const base: Suite = {
    ...suite([scenario('search', load, { gate: gateWith(0.1), request: { method: 'POST', path: '/api/search', headers: {} }, rounds: 5 })]),
    budgets: { search: { p95: 200 } },
  };

  it("measures the base's definition and judges by the base's policy for every scenario the base has; a new scenario keeps its own", () => {
    const pr: Suite = {
      ...suite([
        scenario('search', closed(9, 999), {
          gate: gateWith(0.5, false),
          line: 12,
          request: { method: 'GET', path: '/health', headers: {} },
          rounds: 2,
        }),
        scenario('cart', load),
      ]),
      budgets: { search: { p95: 900 } },
      gate: { alpha: 0.2, maxDurationMs: 10_000, failOn: 'regression' },
    };
    const { suite: merged, warnings } = withBasePolicy(pr, base);
    expect(merged.scenarios.map((s) => s.name)).toEqual(['search', 'cart']);
    // search: the base's request, load, rounds and gate; the pull request's line (for annotations).
    expect(merged.scenarios[0]).toEqual({ ...base.scenarios[0]!, line: 12 });
    expect(merged.scenarios[1]).toEqual(pr.scenarios[1]);
    expect(merged.budgets).toEqual(base.budgets);
    expect(merged.gate).toEqual(base.gate);
    expect(warnings).toEqual([
      'search: the pull request changes its method POST → GET, its path /api/search → /health, its load closed 1 connections for 100 ms → closed 9 connections for 999 ms, its rounds 5 → 2: measured as on the base; the new definition applies after merge',
      "the pull request changes p95's threshold in search from 10 % to 50 %: judged under the base's policy; the new policy applies after merge",
      "the pull request makes p95 in search non-blocking (it is blocking on the base): judged under the base's policy; the new policy applies after merge",
      expect.stringMatching(/^the pull request changes the p95 budget of search from 200 ms to 900 ms: judged under the base's policy/),
      expect.stringMatching(/^the pull request changes the gate's alpha from 0\.01 to 0\.2/),
      expect.stringMatching(/^the pull request changes gate\.max_duration from 180\.0 s to 10\.0 s: measured as on the base/),
    ]);
  });

  it("keeps a mix's weights as on the base, and leaves out a new flow that needs the pull request's own setup", () => {
    const mix = (weights: number[]) => ({ ...scenario('reads', load), mix: weights });
    const { suite: merged, warnings } = withBasePolicy({ ...suite([mix([1, 9])]) }, { ...suite([mix([8, 2])]) });
    expect(merged.scenarios[0]!.mix).toEqual([8, 2]);
    expect(warnings).toEqual([
      'reads: the pull request changes its mix weights: measured as on the base; the new definition applies after merge',
    ]);

    const pr = parseSuite(
      `version: 1
setup:
  - request: { method: POST, path: /login }
    capture: { session: { cookie: sid } }
scenarios:
  - name: account
    request: { path: /me, headers: { x-session: "{{ session }}" } }
    load: { connections: 1 }
  - name: home
    request: { path: / }
    load: { connections: 1 }
`,
      'perf-gate.yml',
      {},
    );
    const before = parseSuite(
      'version: 1\nscenarios:\n  - name: home\n    request: { path: / }\n    load: { connections: 1 }\n',
      'perf-gate.yml',
      {},
    );
    const judged = withBasePolicy(pr, before);
    expect(judged.suite.scenarios.map((s) => s.name)).toEqual(['home']);
    expect(judged.suite.setup).toEqual([]);
    expect(judged.warnings).toEqual([
      "account: a new scenario reading {{ session }}, which only the pull request's setup or data provides: not measured until they are on the base",
      'the pull request changes the setup: measured as on the base; the new definition applies after merge',
    ]);
  });

  it('says nothing when the policy is unchanged', () => {
    expect(withBasePolicy(base, base).warnings).toEqual([]);
  });
});

describe('baselineEdits', () => {
  it('finds files under baselines/ and the configured baseline file', () => {
    expect(baselineEdits(['src/a.ts', 'baselines/shop.json', 'perf/base.json'], 'perf/base.json')).toEqual([
      'baselines/shop.json',
      'perf/base.json',
    ]);
    expect(baselineEdits(['src/a.ts'], undefined)).toEqual([]);
  });
});
