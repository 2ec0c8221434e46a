import { BUG_AND_SIGTERM, exitCodes } from './command-manual.js';
import type { Flag, Flags } from './flags.js';

/**
 * What the commands that judge a run (run, compare) share in their manuals: the flags that say
 * how the verdict is given, the suite file whose gate judges, and the exit codes, which are also
 * those of perf-gate as a whole.
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

/** compare's --config; report's too, for a run that was never judged. */
export const GATE_FILE_FLAG = {
  type: 'string',
  short: 'c',
  value: 'FILE',
  description: 'the suite file whose `gate:` thresholds, blocking metrics and budgets apply',
  otherwise: 'the built-in gate, no budgets',
} as const satisfies Flag;

export const EXIT_CODES = exitCodes({
  ok: 'ok: no regression, every budget met (also: a scenario not judged, with a warning; no baseline yet)',
  budgetFailed: 'a regression beyond the threshold, or a budget (threshold) exceeded',
  usage:
    'the suite file, a flag, a results or baseline file (the message names the file and field); or more connections than the open-file limit (`ulimit -n`) lets the process hold',
  unreachable: 'a target is unreachable (refused, DNS, no connection)',
  inconclusive: 'a scenario could not be judged, with `--fail-on-inconclusive` or `gate.fail_on: inconclusive`',
  interrupted: 'interrupted (Ctrl-C): the rounds that completed are still written and reported; a second Ctrl-C quits at once',
  ...BUG_AND_SIGTERM,
});
