import type { RunResult, ScenarioResult } from '../baseline/result.js';
import type { GateMetric, MetricPolicy } from '../config/suite.js';
import { roundFigures } from './figures.js';
import type { ScenarioEvidence } from './judge.js';

export type PolicyFor = (scenario: string) => Record<GateMetric, MetricPolicy>;

/**
 * Stored-baseline evidence: each scenario of the current run, with the rounds each baseline
 * run measured for the scenario of the same name. Scenarios only the baseline has are listed
 * as missing.
 */
export function storedEvidence(current: ScenarioResult[], baselineRuns: RunResult[], policyFor: PolicyFor): ScenarioEvidence[] {
  const baselineFor = (name: string) =>
    baselineRuns
      .map((run) => run.scenarios.find((s) => s.name === name)?.rounds.map(roundFigures) ?? [])
      .filter((rounds) => rounds.length > 0);
  const measured = current.map((scenario) => ({
    name: scenario.name,
    policy: policyFor(scenario.name),
    openModel: scenario.model === 'open',
    baseline: baselineFor(scenario.name),
    current: scenario.rounds.map(roundFigures),
  }));
  const names = new Set(current.map((s) => s.name));
  const missing = [...new Set(baselineRuns.flatMap((run) => run.scenarios.map((s) => s.name)))]
    .filter((name) => !names.has(name))
    .map((name) => ({ name, policy: policyFor(name), openModel: false, baseline: baselineFor(name), current: [] }));
  return [...measured, ...missing];
}

/** Interleaved evidence: candidate and base rounds of each scenario, paired by round number. */
export function interleavedEvidence(candidate: ScenarioResult[], base: ScenarioResult[], policyFor: PolicyFor): ScenarioEvidence[] {
  return candidate.map((scenario) => {
    const baseRounds = new Map((base.find((s) => s.name === scenario.name)?.rounds ?? []).map((r) => [r.round, r]));
    const paired = scenario.rounds.filter((r) => baseRounds.has(r.round));
    return {
      name: scenario.name,
      policy: policyFor(scenario.name),
      openModel: scenario.model === 'open',
      baseline: [paired.map((r) => roundFigures(baseRounds.get(r.round)!))],
      current: paired.map(roundFigures),
    };
  });
}
