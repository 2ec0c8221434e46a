import { DEFAULT_KEEP, MAX_KEEP } from '../../result/keep.js';
import { BUG_AND_SIGTERM, exitCodes, type CommandManual } from './command-manual.js';
import { MEASURE_FLAGS, measuringCommandFlags } from './measure-flags.js';

/** The flags of `perf-gate seed`: its own, and every measuring flag. */
export const SEED_FLAGS = measuringCommandFlags({
  baseline: {
    type: 'string',
    short: 'b',
    value: 'FILE',
    description:
      'the baseline file to record into (`perf-gate/baseline@1`), created when missing; one of another suite, or one that cannot be read, is refused before anything is measured; required',
  },
  runs: { type: 'string', value: 'N', description: `runs to measure and record, 1 to ${MAX_KEEP}`, otherwise: `${DEFAULT_KEEP}` },
  keep: {
    type: 'string',
    value: 'N',
    description: 'runs the baseline keeps, at least `--runs`, so that no seeded run is dropped',
    otherwise: `the file's (else ${DEFAULT_KEEP}), raised to \`--runs\` if fewer`,
  },
  ...MEASURE_FLAGS,
  // Seeding judges nothing: the base deployment is measured for the deployment noise alone.
  'baseline-url': {
    ...MEASURE_FLAGS['baseline-url'],
    description:
      "also measure this deployment of the same code alongside, round for round, and record each run's A/A record of the deployment noise (as `perf-gate record --base-results` does)",
  },
});

export const SEED = {
  name: 'seed',
  synopsis: ['seed --baseline FILE [--runs N] [--keep N] [--config FILE] [--target URL] [options]'],
  summary: 'Measure the suite N times (default 10) and record each run: a baseline starts at K = N.',
  about: [
    "Starts a baseline at K = N runs rather than the one to three a new suite has. With 3 runs the gate's run-to-run noise rests on 2 degrees of freedom and a prior: at 2 % run-to-run noise it catches a +15 % change 55.2 % of the time, where 10 runs catch it 90.1 % of the time (5 rounds a run: the simulation in docs/statistics.md).",
    'Measures the suite N times against the target, one complete run after another, each with its own warm-up, connections and start time (and its own service process when the suite starts one), and records each run in the baseline file as soon as it ends, as `perf-gate record` would: atomically, with its history entry. Nothing is judged; budgets are checked on every run (a run over budget is recorded all the same, and exits 1).',
    'Ctrl-C stops the seeding: the runs recorded before it are kept (the last line says how many); the run it stopped is not recorded.',
    'Runs on one machine share its speed: they vary less from run to run than runs of main on different CI runners, so a gate that judges pull requests measured elsewhere learns less noise from them than it will meet. The honest way is one run per runner: the GitHub Action\'s `mode: record` in a `workflow_dispatch` matrix (docs/action.md, "Start at K = 10").',
  ],
  flags: SEED_FLAGS,
  exitCodes: exitCodes({
    ok: 'every run is recorded',
    budgetFailed: "every run is recorded, and at least one exceeded a budget (each run's line says which)",
    usage:
      'a flag, the suite file or the baseline file (the message names the file and field); or more connections than the open-file limit (`ulimit -n`) allows',
    unreachable:
      "the target is unreachable, or the suite's setup or `service.command` failed: the runs recorded before are kept, and the line before the error says how many",
    interrupted: 'interrupted (Ctrl-C): the runs recorded before are kept; the run it stopped is not',
    ...BUG_AND_SIGTERM,
  }),
} as const satisfies CommandManual;
