import type { GateReportInput } from '../report/gate-markdown.js';
import type { RunResult } from '../result/result.js';
import { VERDICT_SCHEMA, type GateResult, type Judgment } from '../result/verdict.js';
import type { JudgeReference } from '../stats/judge-run.js';
import type { Reference } from './reference.js';

/** A judged run and what its reports draw beside the verdict: the run, the runs it was judged against, where they came from. */
export interface Judged {
  gate: GateResult;
  /** The verdict as a results file carries it and `--json` prints it. */
  judgment: Judgment;
  report: GateReportInput;
}

/** The stored baseline a reference holds (none yet: every scenario is new), as the judge takes it. */
export function storedReference({ baseline }: Reference): JudgeReference {
  return { mode: 'stored-baseline', runs: baseline?.runs ?? [], records: baseline };
}

/** The runs of a judge reference, as the reports draw them. */
export function referenceRuns(reference: JudgeReference): RunResult[] {
  return reference.mode === 'interleaved' ? [reference.base] : reference.runs;
}

/** The judgment a results file carries: the verdict and the runs it was judged against, by identity. */
export function judgmentOf(gate: GateResult, reference: JudgeReference, label: string): Judgment {
  return {
    schema: VERDICT_SCHEMA,
    reference: label,
    runs: referenceRuns(reference).map((run) => ({ startedAt: run.startedAt, sha: run.git.sha })),
    gate,
  };
}

/** Pairs a verdict with what its reports need; renders nothing and judges nothing. */
export function judged(gate: GateResult, current: RunResult, reference: JudgeReference, label: string, context?: string): Judged {
  return {
    gate,
    judgment: judgmentOf(gate, reference, label),
    report: {
      suite: current.suite,
      gate,
      current,
      baseline: referenceRuns(reference),
      baselineFile: label,
      ...(context === undefined ? {} : { context }),
    },
  };
}
