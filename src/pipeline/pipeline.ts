import type { RunResult } from '../result/result.js';
import type { BudgetCheck } from '../result/verdict.js';
import { budgetChecks } from '../stats/budgets.js';
import type { JudgeReference } from '../stats/judge-run.js';
import { judged, storedReference, type Judged } from './judged.js';
import { measure, type MeasureOptions } from './measure.js';
import { resolveReference, type ReferenceSource } from './reference.js';

/**
 * The one path both front doors take: resolve the reference → measure (judging at each look) →
 * report. The front doors parse their inputs into these options and tell the outcome their own
 * way (a terminal, or a check run, a comment and the job summary); nothing here knows which.
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
  const outcome: PipelineOutcome = {
    current: measured.current,
    ...(measured.baseRun === undefined ? {} : { baseRun: measured.baseRun }),
    budgets: measured.gate?.budgets ?? budgetChecks(suite, measured.current),
    interrupted: measured.interrupted,
  };
  if (measured.gate === undefined) return outcome;
  const against: JudgeReference =
    measured.baseRun === undefined ? storedReference(reference) : { mode: 'interleaved', base: measured.baseRun };
  const label = measured.baseRun === undefined ? reference.label : 'the base deployment, measured alongside';
  const verdict = judged(measured.gate, measured.current, against, label, options.context);
  // The results carry their verdict, so that whatever renders them later says what this run said.
  const current = { ...measured.current, judgment: verdict.judgment };
  return { ...outcome, current, judged: { ...verdict, report: { ...verdict.report, current } } };
}
