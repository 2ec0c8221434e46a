import { DEFAULT_ALPHA, defaultGate } from '../config/defaults.js';
import { scenarioOfEntry, withStepParentage } from '../config/flow.js';
import type { Suite } from '../config/suite.js';
import { runnerLabel, type RunResult } from '../result/result.js';
import { budgetChecks } from './budgets.js';
import { interleavedEvidence, storedEvidence, type NoiseRecords, type PolicyFor } from './evidence.js';
import { judge } from './judge.js';
import type { Looks } from './plan.js';
import type { FailOn, GateResult } from '../result/verdict.js';
import { comparisonWarnings } from './warnings.js';

/**
 * What a run is judged against: the stored baseline's runs (none: every scenario is new), or the base deployment's run measured alongside.
 */
export type JudgeReference =
  | { mode: 'stored-baseline'; runs: RunResult[]; records?: NoiseRecords | undefined }
  | { mode: 'interleaved'; base: RunResult; records?: NoiseRecords | undefined };

export interface JudgeRunInput {
  /** The suite whose gate and budgets apply; without one, the built-in gate and no budgets. */
  suite: Suite | undefined;
  current: RunResult;
  reference: JudgeReference;
  /** The looks a measurement took and why it measured more; absent for finished runs judged once. */
  looks?: Looks;
  extraRounds?: string[];
  /** The front door's choice (a flag, an input), over the suite's `gate.fail_on`. */
  failOn?: FailOn | undefined;
  /** What the front door must say beside the judge's warnings (e.g. a pull request that changes the suite's gate). */
  warnings?: string[];
}

/**
 * The one place a run is judged, in either mode and for every front door: evidence, budgets and
 * warnings from the run and its reference, and the verdict every output renders.
 */
export function judgeRun({ suite, looks, extraRounds, failOn, warnings = [], ...runs }: JudgeRunInput): GateResult {
  // An older file's flow steps are given their parentage once, here, where the runs meet the suite.
  const parented = (run: RunResult): RunResult =>
    suite === undefined ? run : { ...run, scenarios: withStepParentage(suite.scenarios, run.scenarios) };
  const current = parented(runs.current);
  const reference: JudgeReference =
    runs.reference.mode === 'interleaved'
      ? { ...runs.reference, base: parented(runs.reference.base) }
      : { ...runs.reference, runs: runs.reference.runs.map(parented) };
  const policy = policyFor(suite);
  const interleaved = reference.mode === 'interleaved';
  const deploymentNoise = suite?.gate.deploymentNoise;
  return judge({
    mode: reference.mode,
    scenarios: interleaved
      ? interleavedEvidence(current.scenarios, reference.base.scenarios, policy, reference.records)
      : storedEvidence(current.scenarios, reference.runs, policy, reference.records),
    budgets: budgetChecks(suite, current),
    alpha: suite?.gate.alpha ?? DEFAULT_ALPHA,
    ...(deploymentNoise === undefined ? {} : { deploymentNoise }),
    looks: looks ?? { taken: 1, planned: 1 },
    extraRounds: extraRounds ?? [],
    warnings: [...comparisonWarnings(current, interleaved ? [reference.base] : reference.runs, reference.mode), ...warnings],
    failOn: failOn ?? suite?.gate.failOn ?? 'regression',
    ...(!interleaved &&
      current.shards !== undefined && {
        shards: current.shards.map(({ index, environment }) => ({ index, runner: runnerLabel(environment) })),
      }),
  });
}

/** Each scenario's gate from the suite; defaults for a scenario the suite does not (or no longer) define. */
export function policyFor(suite: Suite | undefined): PolicyFor {
  // A flow's steps are judged by their flow's gate.
  return (entry) => (suite === undefined ? undefined : scenarioOfEntry(suite.scenarios, entry))?.gate ?? defaultGate();
}
