import type { CommandManual } from './command-manual.js';
import { EXIT_CODES, VERDICT_FLAGS } from './judging.js';
import { MEASURE_FLAGS, measuringCommandFlags } from './measure-flags.js';

/** The flags of `perf-gate run`, in the order its help lists them: every measuring flag, and its own. */
export const RUN_FLAGS = measuringCommandFlags({
  config: MEASURE_FLAGS.config,
  target: MEASURE_FLAGS.target,
  baseline: {
    type: 'string',
    short: 'b',
    value: 'FILE',
    description:
      'judge against this stored baseline (`perf-gate/baseline@1`); a missing file gives a neutral verdict that says how to record one',
  },
  'baseline-url': MEASURE_FLAGS['baseline-url'],
  'max-duration': {
    type: 'string',
    value: 'TIME',
    description: 'time budget of the whole measurement; adaptive extra rounds never start past it',
    otherwise: "the suite's `gate.max_duration`, else `3m`",
  },
  out: {
    type: 'string',
    short: 'o',
    value: 'FILE',
    description:
      "write the results (`perf-gate/result@1`) to FILE, atomically, before anything is judged; in A/B mode the base's go to FILE with `.base.json`. Checked before anything is measured; missing folders are created",
  },
  ...VERDICT_FLAGS,
  html: {
    type: 'string',
    value: 'FILE',
    description:
      "also write the run's HTML page (its charts, and the verdict just given) to FILE: the page `perf-gate report --html` makes from a results file",
  },
  progress: MEASURE_FLAGS.progress,
  workers: MEASURE_FLAGS.workers,
  shard: {
    type: 'string',
    value: 'I/N',
    description:
      "run 1/N of every scenario's load, as shard I of N machines; merge the shards with `perf-gate merge`, then judge the merged run. Not with `--baseline`, `--baseline-url` or `--markdown`",
  },
  'service-pid': MEASURE_FLAGS['service-pid'],
  'baseline-service-pid': MEASURE_FLAGS['baseline-service-pid'],
  'baseline-metrics': MEASURE_FLAGS['baseline-metrics'],
  sha: MEASURE_FLAGS.sha,
});

export const RUN = {
  name: 'run',
  synopsis: ['run [--config FILE] [--target URL] [--baseline FILE] [--baseline-url URL] [options]'],
  summary: 'Run the suite against the target, report, judge budgets, and with a baseline the gate.',
  about: [
    'Runs every scenario of the suite against the target: a warm-up, then the rounds, interleaved scenario by scenario (A1 B1 A2 B2 ...). Progress goes to stderr, the report to stdout: a table of every scenario, the budgets, the verdict with the rows that need attention, the warnings (in colour on a terminal; `NO_COLOR` or a pipe: plain; `FORCE_COLOR`: always). Absolute budgets (`thresholds:` in the suite file) are always judged.',
    'With `--baseline FILE` the run is also judged against the stored baseline (the last runs of the main branch); with `--baseline-url URL`, against a base deployment measured in the same run, round for round in alternating order (interleaved A/B: the most precise mode); with both, the baseline file lends the A/B mode the deployment noise its A/A records measured. When a blocking metric is still undecided after the configured rounds, the undecided scenarios get as many more rounds as narrow its interval (up to 4x, 16x in A/B mode) within `--max-duration`, then a final look; none when more rounds cannot help.',
  ],
  flags: RUN_FLAGS,
  exitCodes: EXIT_CODES,
} as const satisfies CommandManual;
