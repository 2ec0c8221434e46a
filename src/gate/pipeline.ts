import type { Suite } from '../config/suite.js';
import type { GateReportInput } from '../report/gate-markdown.js';
import type { RunResult } from '../result/result.js';
import type { BudgetCheck } from '../stats/budgets.js';
import type { NoiseRecords } from '../stats/evidence.js';
import { budgetChecks, finalVerdict } from '../stats/final-verdict.js';
import type { Looks } from '../stats/plan.js';
import type { GateResult } from '../stats/verdict.js';
import { measure, type MeasureOptions } from './measure.js';
import { resolveReference, type Reference, type ReferenceSource } from './reference.js';

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
  reference: Reference;
  budgets: BudgetCheck[];
  interrupted: boolean;
  /** Absent for a plain measurement: nothing to compare with was asked for. */
  judged?: Judged;
}

export interface Judged {
  gate: GateResult;
  /** What the renderers (Markdown, JSON, check run) are given. */
  report: GateReportInput;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineOutcome> {
  const { suite } = options;
  const reference = await resolveReference(options.reference, suite);
  const measured = await measure({ ...options, ...(reference.baseline === undefined ? {} : { baseline: reference.baseline }) });
  const budgets = budgetChecks(suite, measured.current);
  const outcome: PipelineOutcome = {
    current: measured.current,
    ...(measured.baseRun === undefined ? {} : { baseRun: measured.baseRun }),
    reference,
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

/** What a run is judged against: the stored runs (or none), the noise records, and where they came from. */
export interface JudgeReference {
  runs: RunResult[];
  records?: NoiseRecords | undefined;
  label: string;
}

export function comparedWith({ baseline, label }: Reference): JudgeReference {
  return { runs: baseline?.runs ?? [], records: baseline, label };
}

export interface JudgeInput {
  /** The suite whose policy applies; without one, the built-in gate. */
  suite: Suite | undefined;
  current: RunResult;
  /** Interleaved mode: the base deployment's run; otherwise the reference's runs are compared with. */
  baseRun?: RunResult;
  reference: JudgeReference;
  budgets?: BudgetCheck[];
  looks?: Looks;
  extraRounds?: string[];
  context?: string;
}

/** The judge and report steps alone, for runs measured already (`perf-gate compare`, the action's report mode). */
export function judgeRun(input: JudgeInput): Judged {
  const { suite, current, baseRun, reference } = input;
  const runs = baseRun !== undefined ? [baseRun] : reference.runs;
  const gate = finalVerdict({
    suite,
    current,
    reference: runs,
    records: reference.records,
    budgets: input.budgets ?? budgetChecks(suite, current),
    mode: baseRun === undefined ? 'stored-baseline' : 'interleaved',
    ...(input.looks === undefined ? {} : { looks: input.looks }),
    ...(input.extraRounds === undefined ? {} : { extraRounds: input.extraRounds }),
  });
  return {
    gate,
    report: {
      suite: current.suite,
      gate,
      current,
      baseline: runs,
      baselineFile: reference.label,
      ...(input.context === undefined ? {} : { context: input.context }),
    },
  };
}
