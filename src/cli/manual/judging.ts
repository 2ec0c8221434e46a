import { EXIT } from '../exit-codes.js';
import type { ExitCode } from './command-manual.js';
import type { Flags } from './flags.js';

/**
 * What the commands that judge a run (run, compare) share in their manuals: the flags that say
 * how the verdict is given, and the exit codes, which are also those of perf-gate as a whole.
 */
export const VERDICT_FLAGS = {
  json: { type: 'boolean', description: 'print the verdict as JSON (the judgment a results file carries) instead of the report' },
  markdown: {
    type: 'string',
    value: 'FILE',
    description:
      "also write the Markdown report to FILE (as a pull request comment or `$GITHUB_STEP_SUMMARY` shows it); `-` prints it on stdout instead of the terminal's report",
  },
  'fail-on-inconclusive': {
    type: 'boolean',
    description: 'exit 4 when a scenario could not be judged',
    otherwise: "the suite's `gate.fail_on`, else exit 0 with a warning",
  },
} as const satisfies Flags;

export const EXIT_CODES: readonly ExitCode[] = [
  { code: EXIT.ok, meaning: 'ok: no regression, every budget met (also: a scenario not judged, with a warning; no baseline yet)' },
  { code: EXIT.budgetFailed, meaning: 'a regression beyond the threshold, or a budget (threshold) exceeded' },
  {
    code: EXIT.usage,
    meaning:
      'bad input: the suite file, a flag, a results or baseline file (the message names the file and field); or more connections than the open-file limit (`ulimit -n`) lets the process hold',
  },
  { code: 3, meaning: 'a target is unreachable (refused, DNS, no connection)' },
  { code: EXIT.inconclusive, meaning: 'a scenario could not be judged, with `--fail-on-inconclusive` or `gate.fail_on: inconclusive`' },
  { code: EXIT.internal, meaning: 'perf-gate itself failed: a bug, please report it (`PERF_GATE_DEBUG=1` prints the stack)' },
  {
    code: EXIT.interrupted,
    meaning: 'interrupted (Ctrl-C): the rounds that completed are still written and reported; a second Ctrl-C quits at once',
  },
  { code: 143, meaning: 'terminated (SIGTERM, a cancelled CI job): the same as a first Ctrl-C' },
];
