import { describe, expect, it } from 'vitest';
import { budgetsTitle, checkRunTitle } from '../../src/report/check-run-title.js';
import { checkConclusion } from '../../src/report/check-run.js';
import { renderGateMarkdown } from '../../src/report/gate-markdown.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultFile } from '../../src/files/result-file.js';
import { JudgmentSchema, VERDICT_SCHEMA, type GateResult, type Judgment } from '../../src/result/verdict.js';
import { outcome } from '../../src/stats/judge.js';
import { judgeRun } from '../../src/stats/judge-run.js';
import { runResult } from '../helpers/results.js';
import { HOSTILE, failInput, inconclusiveInput, largeInput, metric, neutralInput, passInput } from './fixtures.js';

describe('the judgment a results file carries', () => {
  it('reads back as the verdict it was: every field, NaN budgets included, through the strict schema', () => {
    for (const input of [failInput(), passInput(), inconclusiveInput(), neutralInput()]) {
      const judgment: Judgment = {
        schema: VERDICT_SCHEMA,
        reference: 'baselines/shop.json',
        runs: input.baseline.map((r) => ({ startedAt: r.startedAt, sha: r.git.sha })),
        gate: input.gate,
      };
      const read = JudgmentSchema.parse(JSON.parse(JSON.stringify(judgment)));
      expect(read).toEqual(judgment);
    }
    const unmeasured = {
      ...passInput().gate,
      budgets: [{ scenario: 'search', metric: 'cpu' as const, limit: 1, actual: NaN, passed: false }],
    };
    const text = JSON.stringify({ schema: VERDICT_SCHEMA, reference: 'x', runs: [], gate: unmeasured });
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(JudgmentSchema.parse(JSON.parse(text)).gate.budgets[0]!.actual).toBeNaN();
  });

  it('refuses a crafted verdict naming the field, and a results file carrying one as any bad input', async () => {
    const gate = { ...passInput().gate, failed: 'no' };
    const result = JudgmentSchema.safeParse({ schema: VERDICT_SCHEMA, reference: 'x', runs: [], gate });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['gate', 'failed']);
    const dir = await mkdtemp(join(tmpdir(), 'perf-gate-judgment-'));
    try {
      const file = join(dir, 'results.json');
      await writeFile(
        file,
        JSON.stringify({
          ...runResult({}),
          judgment: { schema: VERDICT_SCHEMA, reference: 'x', runs: [], gate: { ...passInput().gate, counts: { regressions: -1 } } },
        }),
      );
      await expect(readResultFile(file)).rejects.toThrow(/judgment\.gate\.counts/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('checkRunTitle', () => {
  it('headlines each verdict', () => {
    expect(checkRunTitle(failInput().gate)).toBe('p95 +18 % on search · 1 budget exceeded · 1 not judged');
    expect(checkRunTitle(passInput().gate)).toBe('no regression (3 scenarios, 1 improvement)');
    expect(checkRunTitle(inconclusiveInput().gate)).toBe(
      'no regression found · 1 of 2 scenarios not judged (could catch ≥ +14.0 %): search',
    );
    expect(checkRunTitle({ ...inconclusiveInput().gate, failed: true, failOn: 'inconclusive' })).toBe(
      'not decided: 1 of 2 scenarios not judged (could catch ≥ +14.0 %): search',
    );
    // What the check run concludes follows the same judgment: neutral while an undecided run passes, failure where fail_on makes it fail.
    expect(checkConclusion(inconclusiveInput().gate)).toBe('neutral');
    expect(checkConclusion({ ...inconclusiveInput().gate, failed: true, failOn: 'inconclusive' })).toBe('failure');
    expect(checkRunTitle(neutralInput().gate)).toBe('no baseline yet');
  });

  it('says what was missing when a baseline exists but the results hold none of its scenarios, never "no baseline yet"', () => {
    const earlier = runResult({ sha: 'aaa1111', startedAt: '2026-11-23T00:00:00.000Z' });
    const empty = { ...runResult({ rounds: 0 }), interrupted: true };
    const gate = judgeRun({ suite: undefined, current: empty, reference: { mode: 'stored-baseline', runs: [earlier] } });
    expect(checkRunTitle(gate)).toBe('nothing compared: 2 scenarios of the baseline missing from the results');
    const markdown = renderGateMarkdown({ suite: 'shop', gate, current: empty, baseline: [earlier] });
    expect(markdown).toContain(
      '⚪ **Neutral**: nothing compared: 2 scenarios of the baseline missing from the results, so nothing could regress.',
    );
    expect(markdown).not.toContain('no baseline yet');
  });

  it('names the worst regression first, and budgets when nothing regressed', () => {
    const gate = failInput().gate;
    const home = gate.scenarios[0]!;
    const worse: GateResult = {
      ...gate,
      budgets: [],
      ...outcome(
        [
          { ...home, metrics: [metric('errorRate', 0, 0.031, 0.031, [0.02, 0.042], { significant: true, verdict: 'regression' })] },
          ...gate.scenarios.slice(1),
        ],
        [],
        'regression',
      ),
    };
    expect(worse.counts.regressions).toBe(2);
    expect(checkRunTitle(worse)).toBe('2 regressions: error rate +3.1 pp on home, p95 +18 % on search · 1 not judged');
    const exceeded = [{ scenario: 'search', metric: 'p95' as const, limit: 300, actual: 312, passed: false }];
    const budgetsOnly: GateResult = {
      ...passInput().gate,
      budgets: exceeded,
      ...outcome(passInput().gate.scenarios, exceeded, 'regression'),
    };
    expect(checkRunTitle(budgetsOnly)).toBe('budget exceeded: search p95 312 ms > 300 ms');
  });

  it('stays within 100 characters whatever the names', () => {
    const long = largeInput(50, [1, 2, 3, 4, 5, 6], [7]);
    const title = checkRunTitle(long.gate);
    expect(title.length).toBeLessThanOrEqual(100);
    expect(title.startsWith('6 regressions: p95 +25 % on endpoint-001-with-a-fairly-long-descriptive-name')).toBe(true);
    expect(title.endsWith(', … · 1 not judged')).toBe(true);

    const gate = failInput().gate;
    const named: GateResult = {
      ...gate,
      scenarios: gate.scenarios.map((s) => (s.name === 'search' ? { ...s, name: `${'x'.repeat(95)}\n🔥🔥🔥 ${HOSTILE}` } : s)),
    };
    const one = checkRunTitle(named);
    expect(one.length).toBeLessThanOrEqual(100);
    expect(one).toMatch(/^p95 \+18 % on x+… · 1 budget exceeded · 1 not judged$/);
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
