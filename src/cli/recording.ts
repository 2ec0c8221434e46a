import { appendRun, type AppendOutcome, type Baseline } from '../result/baseline.js';
import { KEEP_HINT, MAX_KEEP } from '../result/keep.js';
import type { RunResult } from '../result/result.js';
import { InputError } from '../errors.js';

// Adding a run to a baseline file, as the commands that record (record, seed) take and tell it.

/** --keep N: the runs a baseline keeps. */
export function keepFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const keep = Number(text);
  if (!/^\d+$/.test(text) || keep < 1 || keep > MAX_KEEP) {
    throw new InputError(`--keep: expected ${KEEP_HINT}, found "${text.slice(0, 40)}"`);
  }
  return keep;
}

/** appendRun, its refusals naming the run and the file (appendRun knows neither): `what` is e.g. "results.json in baselines/shop.json". */
export function appendNaming(
  baseline: Baseline | undefined,
  result: RunResult,
  keep: number | undefined,
  base: RunResult | undefined,
  what: string,
): AppendOutcome {
  try {
    return appendRun(baseline, result, keep, base);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`cannot record ${what}: ${error.message}`);
    throw error;
  }
}

/**
 * `recorded run abc1234 (2026-11-23T01:02:03.000Z) in baselines/shop.json: 7 runs kept, 0 dropped`,
 * and with `aa` (the run came with its base deployment's) `; A/A record 3 of the deployment noise`.
 */
export function recordedLine({ baseline, dropped, replaced }: AppendOutcome, result: RunResult, file: string, aa: boolean): string {
  const sha = result.git.sha;
  const run = `run ${sha === null ? 'without a commit' : sha.slice(0, 7)} (${result.startedAt})`;
  const kept = `${baseline.runs.length} run${baseline.runs.length === 1 ? '' : 's'} kept, ${dropped} dropped`;
  const line = replaced ? `replaced the ${run} already recorded in ${file}: ${kept}` : `recorded ${run} in ${file}: ${kept}`;
  return aa ? `${line}; A/A record ${baseline.aa?.length ?? 0} of the deployment noise` : line;
}
