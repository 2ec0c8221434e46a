import { describe, expect, it } from 'vitest';
import type { GeneratorHealth, RoundResult, RunResult } from '../../src/result/result.js';
import { mergeGeneratorHealth, mergeRound } from '../../src/result/merge.js';
import * as health from '../../src/stats/generator-health.js';
import { comparisonWarnings } from '../../src/stats/warnings.js';
import { runResult } from '../helpers/results.js';

describe('generatorSaturated', () => {
  it('flags a full event loop doing its own work (closed model against an in-process hello server)', () => {
    expect(health.generatorSaturated(1, 2.7, 1.05)).toBe(true);
    expect(health.generatorSaturated(0.96, 1.2, 0.93)).toBe(true);
    expect(health.generatorSaturated(health.SATURATED_ELU, 0, health.SATURATED_CPU)).toBe(true);
  });

  it('does not flag a lightly loaded generator, alone or beside a busy process (open model, 200 req/s)', () => {
    expect(health.generatorSaturated(0.12, 4.4, 0.13)).toBe(false);
    expect(health.generatorSaturated(0.17, 10.2, 0.16)).toBe(false);
    // The busiest unsaturated rounds measured: the loop 75-80 % busy.
    expect(health.generatorSaturated(0.79, 4.5, 0.86)).toBe(false);
    expect(health.generatorSaturated(0.8, 7.9, 0.73)).toBe(false);
  });

  it('needs the CPU with the full loop: a starved thread is judged by its delay', () => {
    expect(health.generatorSaturated(1, 5, 0.3)).toBe(false);
    expect(health.generatorSaturated(1, 29.5, 0.25)).toBe(true);
    expect(health.generatorSaturated(0.99, 0, health.SATURATED_CPU - 0.001)).toBe(false);
  });

  it('flags a late event loop whatever the cause', () => {
    expect(health.generatorSaturated(0.3, health.SATURATED_DELAY_P99_MS, 0.2)).toBe(true);
    expect(health.generatorSaturated(0.3, health.SATURATED_DELAY_P99_MS - 0.001, 0.2)).toBe(false);
    expect(health.generatorSaturated(0, 73, 0)).toBe(true);
  });

  it('keeps the thresholds where they were measured to separate the cases', () => {
    expect(health.SATURATED_ELU).toBeGreaterThan(0.8);
    expect(health.SATURATED_ELU).toBeLessThan(1);
    expect(health.SATURATED_DELAY_P99_MS).toBeGreaterThan(10.2);
    expect(health.generatorHealth({ elu: 1, cpu: 1, delayP99Ms: 1 })).toEqual({ elu: 1, cpu: 1, delayP99Ms: 1, saturated: true });
  });
});

describe('merging the parts of a round (worker threads, shards)', () => {
  const calm: GeneratorHealth = { elu: 0.4, cpu: 0.5, delayP99Ms: 3, saturated: false };
  const busy: GeneratorHealth = { elu: 0.99, cpu: 0.97, delayP99Ms: 2, saturated: true };

  it('takes the worst of the parts: the highest figures, saturated if any part was', () => {
    expect(mergeGeneratorHealth([calm, busy])).toEqual({ elu: 0.99, cpu: 0.97, delayP99Ms: 3, saturated: true });
    expect(mergeGeneratorHealth([calm, { ...calm, cpu: 0.6 }])).toEqual({ ...calm, cpu: 0.6 });
  });

  it('leaves it out when a part did not record it', () => {
    expect(mergeGeneratorHealth([calm, undefined])).toBeUndefined();
    expect(mergeGeneratorHealth([])).toBeUndefined();
  });

  it('is part of a merged round', () => {
    const [a, b] = runResult({ rounds: 1 }).scenarios.map((s) => s.rounds[0]!) as [RoundResult, RoundResult];
    expect(
      mergeRound([
        { ...a, generator: calm },
        { ...b, generator: busy },
      ]).generator,
    ).toEqual({ elu: 0.99, cpu: 0.97, delayP99Ms: 3, saturated: true });
    expect(mergeRound([a, b])).not.toHaveProperty('generator');
  });
});

describe('the comparison warning', () => {
  function saturate(run: RunResult, scenario: string, rounds: number): RunResult {
    for (const s of run.scenarios) {
      if (s.name !== scenario) continue;
      s.rounds.forEach((round, i) => (round.generator = { elu: 1, cpu: 1, delayP99Ms: 2, saturated: i < rounds }));
    }
    return run;
  }
  /** The saturation sentence among a comparison's warnings (the helper's runs also have small rounds). */
  const saturation = (warnings: string[]) => warnings.filter((w) => w.startsWith('The load generator'));

  it('names the scenarios and counts, and says those latencies cannot block', () => {
    const current = saturate(runResult(), 'home', 2);
    const warnings = saturation(comparisonWarnings(current, [runResult(), runResult(), runResult()], 'stored-baseline'));
    expect(warnings).toEqual([
      "The load generator was saturated in home (2 of 3 rounds): those rounds' latencies measure perf-gate's own queueing, " +
        'not the target, and cannot block. Use fewer connections, --workers, or shards.',
    ]);
  });

  it('names the shard whose generator saturated in a merged run: that runner is the one to fix', () => {
    const shardRounds = (saturated: boolean) =>
      [1, 2, 3].map((round) => ({
        round,
        requests: 500,
        rps: 100,
        latencyMs: { p50: 5, p95: 9, p99: 12 },
        ...(saturated && round < 3 && { saturated: true as const }),
      }));
    const current = saturate(runResult(), 'home', 2);
    current.scenarios[0]!.shards = [1, 2, 3].map((index) => ({ index, share: 1 / 3, rounds: shardRounds(index === 2) }));
    const [warning] = saturation(comparisonWarnings(current, [runResult()], 'stored-baseline'));
    expect(warning).toContain('saturated in home (2 of 3 rounds, on shard 2 of 3):');
  });

  it('covers both arms in the interleaved mode', () => {
    const current = saturate(runResult(), 'search', 1);
    const base = saturate(runResult(), 'home', 3);
    const [warning] = saturation(comparisonWarnings(current, [base], 'interleaved'));
    expect(warning).toContain('saturated in search (1 of 3 rounds), home on the base (3 of 3 rounds):');
  });

  it('says nothing when no round was saturated, or none was measured', () => {
    expect(saturation(comparisonWarnings(saturate(runResult(), 'home', 0), [runResult()], 'interleaved'))).toEqual([]);
    expect(saturation(comparisonWarnings(runResult(), [runResult()], 'interleaved'))).toEqual([]);
  });
});
