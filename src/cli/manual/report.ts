import { exitCodes, type CommandManual } from './command-manual.js';
import { commandFlags } from './flags.js';
import { GATE_FILE_FLAG } from './judging.js';

export const REPORT_FLAGS = commandFlags({
  html: { type: 'string', value: 'FILE', description: "where to write the run's page" },
  dashboard: { type: 'string', value: 'FILE', description: 'where to write the trend dashboard of the baseline files given' },
  repo: {
    type: 'string',
    value: 'OWNER/NAME',
    description:
      'for `--dashboard`: the repository whose commits the runs link to (OWNER/NAME on github.com, or its URL https://HOST/OWNER/NAME)',
    otherwise: 'the git remote `origin` of the current directory',
  },
  config: { ...GATE_FILE_FLAG, description: 'for a run never judged: the suite file whose gate and budgets apply' },
});

export const REPORT = {
  name: 'report',
  synopsis: [
    'report --html FILE <results.json> [<baseline.json>] [--config FILE]',
    'report --dashboard FILE <baseline.json...> [--repo OWNER/NAME]',
  ],
  summary: 'Write a run as a self-contained HTML page with charts, or with --dashboard the trend of baseline files.',
  about: [
    "Writes a run as one self-contained HTML page (styles, data and charts inline: it opens from a CI artifact or a file, with no network): the verdict and a row per scenario, each blocking metric's change against its threshold with its interval, and per scenario its latency distribution (percentiles on a log axis, this run against the baseline), its rounds and, for stages, its timeline with the breaking point. A run that was judged (`perf-gate run` with a baseline or `--baseline-url`) carries its verdict, and the page renders that verdict as it is: the file given beside it (the baseline file, or `results.base.json` of an A/B run) only draws the runs it was judged against. A run never judged is judged against the file given, as `perf-gate compare` would judge it.",
    "`--dashboard` writes the trend of every run recorded in the baseline files (their history, up to 200 runs each): per scenario p50, p95 and req/s over the date of each run, with the band the previous runs make and the runs that left it marked; what `mode: record` of the action keeps as `index.html` on the baseline branch. Each run is linked to its commit in the repository `--repo` names, or else the one the current directory's git remote `origin` points at (a baseline file records each run's commit, not its repository).",
  ],
  flags: REPORT_FLAGS,
  exitCodes: exitCodes({
    ok: 'written (whatever the verdict: `perf-gate compare` gates)',
    usage: 'a file that does not validate, another suite',
  }),
} as const satisfies CommandManual;
