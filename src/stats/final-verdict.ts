import { DEFAULT_ALPHA, defaultGate } from '../config/defaults.js';
import type { Suite } from '../config/suite.js';
import { scenarioOfEntry } from '../config/flow.js';
import type { RunResult } from '../result/result.js';
import { summarizeScenarios } from './aggregate.js';
import { judgeBudgets, type BudgetCheck } from './budgets.js';
import type { NoiseRecords, PolicyFor } from './evidence.js';
import { judgeRun } from './judge-run.js';
import type { Looks } from './plan.js';
import type { GateResult } from './verdict.js';
import { comparisonWarnings } from './warnings.js';

/** Each scenario's gate from the suite; defaults for a scenario the suite does not (or no longer) define. */
export function policyFor(suite: Suite | undefined): PolicyFor {
  // A flow's steps are judged by their flow's gate.
  return (name) => (suite === undefined ? undefined : scenarioOfEntry(suite.scenarios, name))?.gate ?? defaultGate();
}

export function budgetChecks(suite: Suite | undefined, result: RunResult): BudgetCheck[] {
  return judgeBudgets(suite?.budgets ?? {}, summarizeScenarios(result.scenarios));
}

export interface FinalVerdictInput {
  /** The suite whose policy applies; without one, the built-in gate. */
  suite: Suite | undefined;
  current: RunResult;
  /** The stored baseline's runs, or in the interleaved mode the base deployment's run. */
  reference: RunResult[];
  /** The baseline file's history and A/A records. */
  records?: NoiseRecords | undefined;
  budgets: BudgetCheck[];
  mode: GateResult['method']['mode'];
  /** The looks an adaptive run took and why it measured more; absent for finished runs judged once. */
  looks?: Looks;
  extraRounds?: string[];
}

/** The verdict of a measured run against its reference, with budgets and warnings: the same for every front door. */
export function finalVerdict({ suite, current, reference, records, budgets, mode, looks, extraRounds }: FinalVerdictInput): GateResult {
  const deploymentNoise = suite?.gate.deploymentNoise;
  return judgeRun({
    mode,
    candidate: current.scenarios,
    base: mode === 'interleaved' ? (reference[0]?.scenarios ?? []) : [],
    baselineRuns: mode === 'interleaved' ? [] : reference,
    ...(records === undefined ? {} : { records }),
    policyFor: policyFor(suite),
    alpha: suite?.gate.alpha ?? DEFAULT_ALPHA,
    ...(deploymentNoise === undefined ? {} : { deploymentNoise }),
    looks: looks ?? { taken: 1, planned: 1 },
    extraRounds: extraRounds ?? [],
    budgets,
    warnings: comparisonWarnings(current, reference, mode),
  });
}
