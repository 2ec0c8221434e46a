import { DEFAULT_KEEP, MAX_KEEP } from '../../result/keep.js';
import { exitCodes, type CommandManual } from './command-manual.js';
import { commandFlags } from './flags.js';

export const RECORD_FLAGS = commandFlags({
  results: { type: 'string', value: 'FILE', description: 'the results of a complete run (`perf-gate/result@1`); required' },
  baseline: {
    type: 'string',
    value: 'FILE',
    description: 'the baseline file (`perf-gate/baseline@1`), such as `baselines/shop.json`, created when missing; required',
  },
  keep: { type: 'string', value: 'N', description: `runs to keep, 1 to ${MAX_KEEP}`, otherwise: `the file's, else ${DEFAULT_KEEP}` },
  'base-results': {
    type: 'string',
    value: 'FILE',
    description: "the base deployment's results of the same A/A run: the `FILE.base.json` that `perf-gate run --baseline-url` writes",
  },
});

export const RECORD = {
  name: 'record',
  synopsis: ['record --results FILE --baseline FILE [--keep N] [--base-results FILE]'],
  summary: 'Add a run to a baseline file (on the main branch).',
  about: [
    "Adds a run (the results written by `perf-gate run --out`) to the baseline of its suite: the last N runs on the main branch, which the gate compares pull requests with. The baseline is created when it does not exist. A run recorded already (same start time and commit) is replaced, not added twice; the oldest runs beyond N are dropped. The file is written atomically, and a baseline that cannot be read is reported and left as it is. Only complete runs are recorded. Every recorded run also goes into the baseline's history (which outlives `--keep`): how much one run of main differs from the next, which the gate learns its run-to-run noise from.",
    "With `--base-results` (the `FILE.base.json` that `perf-gate run --baseline-url` writes), the run was measured alongside another deployment of the same code (main's preview against production): an A/A measurement. It is recorded as deployment noise, which the A/B mode (`--baseline-url` with `--baseline`) then uses instead of a default.",
  ],
  flags: RECORD_FLAGS,
  exitCodes: exitCodes({
    ok: 'the run is recorded',
    usage: 'a flag, the results file or the baseline file (the message names the file and field); nothing is written',
  }),
} as const satisfies CommandManual;
