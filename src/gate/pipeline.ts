import type { RunResult } from '../result/result.js';
import type { BudgetCheck } from '../stats/budgets.js';
import { budgetChecks } from '../stats/final-verdict.js';
import { comparedWith, judgeRun, type Judged } from './judge.js';
import { measure, type MeasureOptions } from './measure.js';
import { resolveReference, type ReferenceSource } from './reference.js';

/**
 * The one path both front doors take: resolve the reference → measure → judge → report. The
 * front doors parse their inputs into these options and tell the outcome their own way (a
 * terminal, or a check run, a comment and the job summary); nothing here knows which.
 */
export interface PipelineOptions extends Omit<MeasureOptions, 'baseline'> {
  /** The stored baseline's source: the reference in the stored mode, the noise records in either. */
  reference: ReferenceSource;
  /** A line under the report's title, e.g. "PR #12". */
  context?: string;
}

export interface PipelineOutcome {
  current: RunResult;
  /** Interleaved mode: the base deployment's run, measured alongside. */
  baseRun?: RunResult;
  budgets: BudgetCheck[];
  interrupted: boolean;
  /** Absent for a plain measurement: nothing to compare with was asked for. */
  judged?: Judged;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineOutcome> {
  const { suite } = options;
  const reference = await resolveReference(options.reference, suite, options.signal);
  const measured = await measure({ ...options, ...(reference.baseline === undefined ? {} : { baseline: reference.baseline }) });
  const budgets = budgetChecks(suite, measured.current);
  const outcome: PipelineOutcome = {
    current: measured.current,
    ...(measured.baseRun === undefined ? {} : { baseRun: measured.baseRun }),
    budgets,
    interrupted: measured.interrupted,
  };
  if (!options.judge) return outcome;
  const judged = judgeRun({
    suite,
    current: measured.current,
    ...(measured.baseRun === undefined ? {} : { baseRun: measured.baseRun }),
    reference: comparedWith(reference),
    budgets,
    looks: measured.adaptive.looks,
    extraRounds: measured.adaptive.extraRounds,
    ...(options.context === undefined ? {} : { context: options.context }),
  });
  return { ...outcome, judged };
}
