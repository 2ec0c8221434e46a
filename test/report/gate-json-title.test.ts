import { describe, expect, it } from 'vitest';
import { budgetsTitle, checkRunTitle } from '../../src/report/check-run-title.js';
import { gateJson, jsonNumber } from '../../src/report/gate-json.js';
import { renderGateMarkdown } from '../../src/report/gate-markdown.js';
import { finalVerdict } from '../../src/stats/final-verdict.js';
import type { GateResult } from '../../src/stats/verdict.js';
import { runResult } from '../helpers/results.js';
import { HOSTILE, failInput, inconclusiveInput, largeInput, metric, neutralInput, passInput } from './fixtures.js';

describe('gateJson', () => {
  it('is plain data: JSON round-trips it unchanged', () => {
    for (const input of [failInput(), passInput(), inconclusiveInput(), neutralInput()]) {
      const json = gateJson(input.gate);
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    }
  });

  it('keeps a fixed key order and the GateResult units', () => {
    const json = gateJson(failInput().gate);
    expect(Object.keys(json)).toEqual(['verdict', 'counts', 'method', 'scenarios', 'budgets', 'warnings']);
    const search = json.scenarios.find((s) => s.name === 'search')!;
    expect(Object.keys(search)).toEqual(['name', 'status', 'rounds', 'metrics']);
    expect(Object.keys(search.metrics[2]!)).toEqual([
      'metric',
      'baseline',
      'current',
      'change',
      'interval',
      'pValue',
      'adjustedPValue',
      'significant',
      'threshold',
      'higherIsWorse',
      'verdict',
      'blocking',
      'decided',
      'detectable',
      'advisory',
    ]);
    expect(search.metrics[1]).toEqual({
      metric: 'p95',
      baseline: 264,
      current: 312,
      change: 0.182,
      interval: [0.11, 0.259],
      pValue: 0.00002,
      adjustedPValue: 0.00016,
      significant: true,
      threshold: 0.1,
      higherIsWorse: true,
      verdict: 'regression',
      blocking: true,
      decided: true,
      detectable: 0.14,
    });
    expect('advisory' in search.metrics[1]!).toBe(false);
    expect(json.budgets[2]).toEqual({ scenario: 'search', metric: 'p95', limit: 300, actual: 312, passed: false });
    expect(json.scenarios.map((s) => s.name)).toContain(HOSTILE);
  });

  it('rounds to 6 significant digits and writes null for NaN and Infinity', () => {
    expect([1 / 3, 123_456_789, -0, 0.000012345678, NaN, Infinity, -Infinity, null].map(jsonNumber)).toEqual([
      0.333333,
      123_457_000,
      0,
      0.0000123457,
      null,
      null,
      null,
      null,
    ]);
    const gate: GateResult = {
      ...passInput().gate,
      scenarios: [
        {
          name: 'zero',
          status: 'compared',
          rounds: { baseline: 5, current: 5 },
          metrics: [metric('p95', 0, 1.2, Infinity, [NaN, Infinity], { pValue: NaN })],
        },
      ],
    };
    const json = gateJson(gate);
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(json.scenarios[0]!.metrics[0]).toMatchObject({ baseline: 0, current: 1.2, change: null, interval: [null, null], pValue: null });
    expect(JSON.parse(text)).toEqual(json);
  });
});

describe('checkRunTitle', () => {
  it('headlines each verdict', () => {
    expect(checkRunTitle(failInput().gate)).toBe('p95 +18 % on search · 1 budget exceeded');
    expect(checkRunTitle(passInput().gate)).toBe('no regression (3 scenarios, 2 improvements)');
    expect(checkRunTitle(inconclusiveInput().gate)).toBe('inconclusive: search p95 +12 %');
    expect(checkRunTitle(neutralInput().gate)).toBe('no baseline yet');
  });

  it('says what was missing when a baseline exists but the results hold none of its scenarios, never "no baseline yet"', () => {
    const earlier = runResult({ sha: 'aaa1111', startedAt: '2026-11-23T00:00:00.000Z' });
    const empty = { ...runResult({ rounds: 0 }), interrupted: true };
    const gate = finalVerdict({ suite: undefined, current: empty, reference: [earlier], budgets: [], mode: 'stored-baseline' });
    expect(checkRunTitle(gate)).toBe('nothing compared: 2 scenarios of the baseline missing from the results');
    const markdown = renderGateMarkdown({ suite: 'shop', gate, current: empty, baseline: [earlier] });
    expect(markdown).toContain('⚪ **Neutral**: nothing compared: 2 scenarios of the baseline missing from the results, so nothing could regress.');
    expect(markdown).not.toContain('no baseline yet');
  });

  it('names the worst regression first, and budgets when nothing regressed', () => {
    const gate = failInput().gate;
    const home = gate.scenarios[0]!;
    const worse: GateResult = {
      ...gate,
      budgets: [],
      counts: { ...gate.counts, regressions: 2, budgetsExceeded: 0 },
      scenarios: [
        {
          ...home,
          metrics: [metric('errorRate', 0, 0.031, 0.031, [0.02, 0.042], { significant: true, verdict: 'regression' })],
        },
        ...gate.scenarios.slice(1),
      ],
    };
    expect(checkRunTitle(worse)).toBe('2 regressions: error rate +3.1 pp on home, p95 +18 % on search');

    const budgetsOnly: GateResult = {
      ...passInput().gate,
      verdict: 'fail',
      budgets: [{ scenario: 'search', metric: 'p95', limit: 300, actual: 312, passed: false }],
      counts: { regressions: 0, improvements: 0, inconclusive: 0, budgetsExceeded: 1 },
    };
    expect(checkRunTitle(budgetsOnly)).toBe('budget exceeded: search p95 312 ms > 300 ms');
  });

  it('stays within 100 characters whatever the names', () => {
    const long = largeInput(50, [1, 2, 3, 4, 5, 6], [7]);
    const title = checkRunTitle(long.gate);
    expect(title.length).toBeLessThanOrEqual(100);
    expect(title.startsWith('6 regressions: p95 +25 % on endpoint-001-with-a-fairly-long-descriptive-name')).toBe(true);
    expect(title.endsWith('…')).toBe(true);

    const gate = failInput().gate;
    const named: GateResult = {
      ...gate,
      scenarios: gate.scenarios.map((s) => (s.name === 'search' ? { ...s, name: `${'x'.repeat(95)}\n🔥🔥🔥 ${HOSTILE}` } : s)),
    };
    const one = checkRunTitle(named);
    expect(one.length).toBeLessThanOrEqual(100);
    expect(one).toMatch(/^p95 \+18 % on x+… · 1 budget exceeded$/);
    expect(one).not.toContain('\n');
  });
});

describe('budgetsTitle', () => {
  it('headlines a run judged by its budgets alone', () => {
    const met = { scenario: 'home', metric: 'p95' as const, limit: 10, actual: 0.4, passed: true };
    const over = { scenario: 'search', metric: 'p99' as const, limit: 50, actual: 62, passed: false };
    const slow = { scenario: 'home', metric: 'rps' as const, limit: 5000, actual: 3100, passed: false };
    expect(budgetsTitle([met])).toBe('no budget exceeded (1 checked)');
    expect(budgetsTitle([met, over])).toBe('budget exceeded: search p99 62.0 ms > 50.0 ms');
    expect(budgetsTitle([over, met, slow])).toBe('2 budgets exceeded: search p99 62.0 ms > 50.0 ms, home req/s 3,100 < 5,000');
  });
});
