import { commandFlags, type Flag, type Flags } from './flags.js';

/**
 * The flags of the commands that measure the suite (run, seed): what is measured, where, on how
 * many threads, as which commit, and where the service's CPU and memory are read. One
 * definition, so the two commands take them alike, and their help and messages name them alike.
 */
export const MEASURE_FLAGS = {
  config: { type: 'string', short: 'c', value: 'FILE', default: 'perf-gate.yml', description: 'the suite file, YAML or JSON' },
  target: {
    type: 'string',
    short: 't',
    value: 'URL',
    description:
      "base URL to measure (http or https, may carry a base path such as `https://x.dev/app`); overrides the suite file's `target:`",
  },
  'baseline-url': {
    type: 'string',
    value: 'URL',
    description:
      "judge against this base deployment, measured in the same run, round for round in alternating order (interleaved A/B); with `--baseline`, the file's A/A records give the deployment noise",
  },
  progress: {
    type: 'string',
    value: 'MODE',
    description: 'how progress shows on stderr: `live` (a line redrawn in place), `plain` (a line per round, for logs) or `none`',
    otherwise: '`live` on a terminal, else `plain`',
  },
  workers: {
    type: 'string',
    value: 'N',
    description:
      'spread the load over N worker threads (1 to 64), each with its own event loop and connections; rounds are merged exactly. For machines with spare cores',
    otherwise: '1',
  },
  'service-pid': {
    type: 'string',
    value: 'PID',
    description:
      "read the service's CPU time and memory from this local process and its children, before and after every round (Linux /proc), beside the suite's `service:`",
  },
  'baseline-service-pid': {
    type: 'string',
    value: 'PID',
    description: "with `--baseline-url`: the base deployment's process, read as `--service-pid`",
  },
  'baseline-metrics': {
    type: 'string',
    value: 'URL',
    description:
      "with `--baseline-url`: the base deployment's Prometheus endpoint, when the suite's `service.metrics` is a URL (the candidate's)",
  },
  sha: {
    type: 'string',
    value: 'SHA',
    description: 'the git commit recorded in the results',
    otherwise: '`$GITHUB_SHA`, else `git rev-parse HEAD`, else none',
  },
} as const satisfies Flags;

/** A measuring command's flags, in the order its help lists them: checked to hold every measuring flag, so that none is left out. */
export function measuringCommandFlags<const F extends Flags & Record<keyof typeof MEASURE_FLAGS, Flag>>(flags: F) {
  return commandFlags(flags);
}
