import * as z from 'zod';
import { InputError } from '../errors.js';
import { AaEntrySchema, HistoryEntrySchema, MAX_AA, MAX_HISTORY, aaEntry, appendEntry, historyEntry } from './history.js';
import { DEFAULT_KEEP, KEEP_HINT, MAX_KEEP } from './keep.js';
import { RunResultSchema, type RunResult } from './result.js';

/**
 * The baseline file (`baselines/<suite>.json`): the last `keep` runs of a suite on the main
 * branch, oldest first. One stored run cannot show how much a suite varies from run to run;
 * several can, so comparisons pool them. The runs are result files, validated as such.
 */
export const BASELINE_SCHEMA = 'perf-gate/baseline@1';

interface Unfit {
  path: PropertyKey[];
  message: string;
}

/**
 * Why a run cannot stand in a baseline of `suite`, if it cannot. The same rules hold for a run
 * being recorded and for the runs of a file being read, which may have been edited by hand.
 */
function unfitForBaseline(run: RunResult, suite: string): Unfit | undefined {
  if (run.suite !== suite) {
    return { path: ['suite'], message: `the run is of suite "${run.suite}", the baseline holds suite "${suite}"` };
  }
  if (run.interrupted) {
    return { path: ['interrupted'], message: 'an interrupted run is not a baseline; run the suite to the end' };
  }
  const empty = run.scenarios.findIndex((scenario) => scenario.rounds.length === 0);
  if (empty >= 0) {
    return {
      path: ['scenarios', empty, 'rounds'],
      message: `scenario "${run.scenarios[empty]?.name}" has no measured round; run the suite to the end`,
    };
  }
  return undefined;
}

const keepError = { error: `expected ${KEEP_HINT}` };

export const BaselineSchema = z
  .strictObject({
    schema: z.literal(BASELINE_SCHEMA),
    suite: RunResultSchema.shape.suite,
    keep: z.int(keepError).min(1, keepError).max(MAX_KEEP, keepError),
    runs: z.array(RunResultSchema).min(1, 'a baseline holds at least one run'),
    /** Every recorded run's mean figures (see history.ts): the run-to-run noise the gate learns. Absent in older files. */
    history: z.array(HistoryEntrySchema).max(MAX_HISTORY).optional(),
    /** A/A records (see history.ts): the deployment noise the A/B mode learns. */
    aa: z.array(AaEntrySchema).max(MAX_AA).optional(),
  })
  .superRefine((baseline, ctx) => {
    baseline.runs.forEach((run, index) => {
      const unfit = unfitForBaseline(run, baseline.suite);
      if (unfit) ctx.addIssue({ code: 'custom', path: ['runs', index, ...unfit.path], message: unfit.message });
    });
  });

export type Baseline = z.infer<typeof BaselineSchema>;

export interface AppendOutcome {
  baseline: Baseline;
  /** Oldest runs removed to keep `keep`. */
  dropped: number;
  /** The run was already recorded (same start and commit) and was replaced rather than added. */
  replaced: boolean;
}

/**
 * Adds a run to a baseline (a new one when there is none) and keeps the newest `keep` runs.
 * `keep` defaults to the baseline's own, else DEFAULT_KEEP. Recording the same run twice (a
 * re-run CI job) replaces it in place, so it never counts double. The run also goes into the
 * history (which outlives `keep`), and with `base` (the same run's base deployment, measured
 * alongside and serving the same code) into the A/A records. Pure: writes nothing.
 */
export function appendRun(
  baseline: Baseline | undefined,
  result: RunResult,
  keep = baseline?.keep ?? DEFAULT_KEEP,
  base?: RunResult,
): AppendOutcome {
  const suite = baseline?.suite ?? result.suite;
  const unfit = unfitForBaseline(result, suite) ?? (base === undefined ? undefined : unfitForBaseline(base, suite));
  if (unfit) throw new InputError(unfit.message);

  // A baseline keeps what was measured; the verdict a run got against its own reference is no part of it.
  const { judgment: _judged, ...measured } = result;
  const runs = [...(baseline?.runs ?? [])];
  const same = runs.findIndex((run) => run.startedAt === measured.startedAt && run.git.sha === measured.git.sha);
  if (same >= 0) runs[same] = measured;
  else runs.push(measured);
  const dropped = Math.max(0, runs.length - keep);
  // A file from before the history was kept starts its history with the runs it holds.
  const history = appendEntry(baseline?.history ?? (baseline?.runs ?? []).map(historyEntry), historyEntry(result), MAX_HISTORY);
  const aa = base === undefined ? baseline?.aa : appendEntry(baseline?.aa ?? [], aaEntry(result, base), MAX_AA);
  return {
    baseline: { schema: BASELINE_SCHEMA, suite, keep, runs: runs.slice(dropped), history, ...(aa === undefined ? {} : { aa }) },
    dropped,
    replaced: same >= 0,
  };
}
