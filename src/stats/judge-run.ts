import type { RunResult, ScenarioResult } from '../result/result.js';
import type { BudgetCheck } from './budgets.js';
import { interleavedEvidence, storedEvidence, type NoiseRecords, type PolicyFor } from './evidence.js';
import { judge } from './judge.js';
import type { Looks } from './plan.js';
import type { GateMethod, GateResult } from './verdict.js';

export interface JudgeRunInput {
  mode: GateMethod['mode'];
  candidate: ScenarioResult[];
  /** Interleaved mode: the base deployment's rounds, measured alongside. */
  base: ScenarioResult[];
  /** Stored-baseline mode: the baseline's runs (none: the scenarios are new). */
  baselineRuns: RunResult[];
  /** The baseline file's history and A/A records: the noise priors (either mode). */
  records?: NoiseRecords;
  policyFor: PolicyFor;
  alpha: number;
  /** `gate.deployment_noise`, when the suite sets it. */
  deploymentNoise?: number;
  looks: Looks;
  extraRounds: string[];
  budgets: BudgetCheck[];
  warnings: string[];
}

/** Measured scenarios in, a verdict out: the evidence of either mode handed to the judge. */
export function judgeRun(input: JudgeRunInput): GateResult {
  const scenarios =
    input.mode === 'interleaved'
      ? interleavedEvidence(input.candidate, input.base, input.policyFor, input.records)
      : storedEvidence(input.candidate, input.baselineRuns, input.policyFor, input.records);
  return judge({
    mode: input.mode,
    scenarios,
    budgets: input.budgets,
    alpha: input.alpha,
    looks: input.looks,
    ...(input.deploymentNoise === undefined ? {} : { deploymentNoise: input.deploymentNoise }),
    extraRounds: input.extraRounds,
    warnings: input.warnings,
  });
}
