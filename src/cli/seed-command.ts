import { writeBaselineFile } from '../files/baseline-file.js';
import { ensureWritable } from '../files/json-file.js';
import { loadSuiteFile } from '../config/load-suite.js';
import type { Suite } from '../config/suite.js';
import { runPipeline } from '../pipeline/pipeline.js';
import { progressDisplay, type ProgressMode } from '../pipeline/progress.js';
import { resolveReference } from '../pipeline/reference.js';
import { budgetsTitle } from '../report/check-run-title.js';
import type { Baseline } from '../result/baseline.js';
import { DEFAULT_KEEP, KEEP_HINT, MAX_KEEP } from '../result/keep.js';
import { InputError } from '../errors.js';
import { parseFlags, requiredFile } from './args.js';
import { EXIT } from './exit-codes.js';
import { withRedaction, writtenPath, type CliIo } from './io.js';
import { SEED_FLAGS } from './manual/commands.js';
import { measureSetup, progressMode, workersFlag, type MeasureSetup } from './measure-flags.js';
import { appendNaming, keepFlag, recordedLine } from './recording.js';

type SeedFlags = ReturnType<typeof parseFlags<typeof SEED_FLAGS>>['values'];

/** How the seeding was asked for: the flags checked before the suite is read. */
interface Seeding {
  file: string;
  runs: number;
  keep: number | undefined;
  workers: ReturnType<typeof workersFlag>;
  progress: ProgressMode;
}

/** `perf-gate seed`: measure the suite N times, recording each complete run in the baseline as it ends. */
export async function seedCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('seed', argv, SEED_FLAGS);
  const file = requiredFile(values.baseline, '--baseline', 'seed');
  const runs = runsFlag(values.runs);
  const keep = keepFlag(values.keep);
  if (keep !== undefined && keep < runs) {
    throw new InputError(
      `--keep ${keep} is fewer than --runs ${runs}: the baseline would drop runs the seeding has just measured; give --keep ${runs} or more`,
    );
  }
  const seeding = { file, runs, keep, workers: workersFlag(values.workers, io), progress: progressMode(values.progress, io) };
  const suite = await loadSuiteFile(values.config, io.env);
  return withRedaction(suite.secrets, io, (out) => seed(values, suite, seeding, out));
}

/** --runs N: by default as many as a baseline keeps by default, so a seeded baseline is a full one. */
function runsFlag(text: string | undefined): number {
  if (text === undefined) return DEFAULT_KEEP;
  const runs = Number(text);
  if (!/^\d+$/.test(text) || runs < 1 || runs > MAX_KEEP)
    throw new InputError(`--runs: expected ${KEEP_HINT}, found "${text.slice(0, 40)}"`);
  return runs;
}

/** Everything after the suite is read: its secrets are known, so every line printed (and every error) names them instead. */
async function seed(values: SeedFlags, suite: Suite, seeding: Seeding, io: CliIo): Promise<number> {
  const { file, runs } = seeding;
  const setup = await measureSetup(values, suite, io.env);
  await ensureWritable(file, '--baseline');
  // Read and checked before anything is measured: a baseline of another suite, or one that cannot
  // be read, stops the seeding before minutes of load, and stays as it is.
  let { baseline } = await resolveReference({ kind: 'file', path: file }, suite);
  const keep = seeding.keep ?? Math.max(baseline?.keep ?? DEFAULT_KEEP, runs);
  const shown = writtenPath(file, '--baseline', io);
  let recorded = 0;
  let overBudget = 0;
  // How the seeding ended, when it did not measure every run.
  let stopped: string | undefined;
  for (let run = 1; run <= runs; run++) {
    if (io.interrupt.aborted) {
      stopped = `seeding interrupted before run ${run} of ${runs}`;
      break;
    }
    if (seeding.progress !== 'silent') io.stderr(`perf-gate: seeding run ${run} of ${runs}\n`);
    let measured;
    try {
      measured = await measure(suite, setup, seeding, io);
    } catch (error) {
      // The error (an unreachable target, an interrupted setup) is told by main; the runs already recorded are told here.
      io.stderr(`perf-gate: seeding stopped at run ${run} of ${runs}: ${kept(recorded, baseline, shown)}\n`);
      throw error;
    }
    if (measured.interrupted) {
      stopped = `seeding interrupted during run ${run} of ${runs}, which is not recorded`;
      break;
    }
    const outcome = appendNaming(baseline, measured.current, keep, measured.baseRun, `run ${run} in ${file}`);
    await writeBaselineFile(file, outcome.baseline);
    baseline = outcome.baseline;
    recorded += 1;
    const exceeded = measured.budgets.some((b) => !b.passed);
    if (exceeded) overBudget += 1;
    const budgets = exceeded ? `; ${budgetsTitle(measured.budgets)}` : '';
    io.stderr(
      `perf-gate: run ${run} of ${runs}: ${recordedLine(outcome, measured.current, shown, measured.baseRun !== undefined)}${budgets}\n`,
    );
  }
  if (recorded >= 2) io.stderr(oneMachineNote(recorded));
  if (stopped !== undefined) {
    io.stderr(`perf-gate: ${stopped}: ${kept(recorded, baseline, shown)}\n`);
    return EXIT.interrupted;
  }
  io.stdout(`seeded ${shown} with ${runs} run${runs === 1 ? '' : 's'}: K = ${baseline!.runs.length} now (it keeps the newest ${keep})\n`);
  if (overBudget === 0) return EXIT.ok;
  // As mode: record does: a run of main over its budgets is recorded all the same (the baseline holds what main measures), and fails.
  io.stderr(`perf-gate: fail: ${overBudget} of ${runs} runs exceeded a budget (see each run's line); they are recorded all the same\n`);
  return EXIT.budgetFailed;
}

/** One run of the suite, measured afresh, not judged. */
function measure(suite: Suite, setup: MeasureSetup, seeding: Seeding, io: CliIo) {
  return runPipeline({
    suite,
    ...setup,
    reference: { kind: 'none' },
    judge: false,
    maxDurationMs: suite.gate.maxDurationMs,
    ...seeding.workers,
    env: io.env,
    onEvent: progressDisplay(seeding.progress, io.stderr, 'this run is not recorded'),
    signal: io.interrupt,
  });
}

/** What the baseline holds after the runs recorded so far. */
function kept(recorded: number, baseline: Baseline | undefined, file: string): string {
  if (recorded === 0)
    return `nothing was recorded${baseline === undefined ? '' : `; ${file} holds K = ${baseline.runs.length}, as before`}`;
  return `the ${recorded === 1 ? 'run' : `${recorded} runs`} recorded before it ${recorded === 1 ? 'is' : 'are'} kept; ${file} holds K = ${baseline!.runs.length} now`;
}

/** The honest limit of runs measured one after another on one machine, and the way past it. */
function oneMachineNote(recorded: number): string {
  return (
    `perf-gate: note: these ${recorded} runs were measured on this one machine, one after another: they share its speed, so they vary less ` +
    'from run to run than runs on different CI runners do; a gate that judges pull requests measured on other runners learns less noise ' +
    "from them than it will meet. The honest way is one run per runner: the GitHub Action's mode: record in a workflow_dispatch matrix " +
    '(docs/action.md, "Start at K = 10").\n'
  );
}
