import type { Suite } from '../config/suite.js';
import type { GateReportInput } from '../report/gate-markdown.js';
import type { RunResult } from '../result/result.js';
import type { BudgetCheck } from '../stats/budgets.js';
import type { NoiseRecords } from '../stats/evidence.js';
import { budgetChecks, finalVerdict } from '../stats/final-verdict.js';
import type { Looks } from '../stats/plan.js';
import type { GateResult } from '../stats/verdict.js';
import type { Reference } from './reference.js';

/**
 * The pipeline's judge and report steps, without the engine: what `perf-gate compare` and the
 * action's report mode run on numbers measured already, and what the pipeline runs after it
 * measured.
 */
export interface Judged {
  gate: GateResult;
  /** What the renderers (Markdown, JSON, check run) are given. */
  report: GateReportInput;
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
