import { writeFile } from 'node:fs/promises';
import { ensureWritable } from '../baseline/json-file.js';
import { readResultFile } from '../baseline/result-file.js';
import { loadSuiteFile } from '../config/load-suite.js';
import { InputError } from '../errors.js';
import { renderHtmlReport, type HtmlReportInput } from '../report/html.js';
import { renderDashboard } from '../report/dashboard.js';
import { readBaselineFile } from '../baseline/baseline-file.js';
import { stressFindings } from '../stats/breaking-point.js';
import type { RunResult } from '../result/result.js';
import type { Judgment } from '../result/verdict.js';
import { budgetChecks } from '../stats/budgets.js';
import { judgeRun } from '../stats/judge-run.js';
import { parseFlags } from './args.js';
import { readReference, refuseBaselineAsResults } from './compare-command.js';
import { EXIT } from './exit-codes.js';
import { originRepository, parseRepoFlag } from './repository.js';
import type { CliIo } from './io.js';

export const REPORT_HELP = `Usage: perf-gate report --html FILE <results.json> [<baseline.json>] [options]
       perf-gate report --dashboard FILE <baseline.json...> [--repo OWNER/NAME]

Writes a run as one self-contained HTML page (styles, data and charts inline: it opens from a
CI artifact or a file, with no network): the verdict and a row per scenario, each blocking
metric's change against its threshold with its interval, and per scenario its latency
distribution (percentiles on a log axis, this run against the baseline), its rounds and, for
stages, its timeline with the breaking point. A run that was judged (perf-gate run with a
baseline or --baseline-url) carries its verdict, and the page renders that verdict as it is: the
file given beside it (the baseline file, or results.base.json of an A/B run) only draws the runs
it was judged against. A run never judged is judged against the file given, as "perf-gate
compare" would judge it.

--dashboard writes the trend of every run recorded in the baseline files (their history, up to
200 runs each): per scenario p50, p95 and req/s over the date of each run, with the band the
previous runs make and the runs that left it marked; what "mode: record" of the action keeps as
index.html on the baseline branch. Each run is linked to its commit in the repository --repo
names, or else the one the current directory's git remote "origin" points at (a baseline file
records each run's commit, not its repository).

Options:
      --html FILE      where to write the run's page
      --dashboard FILE where to write the trend dashboard
      --repo OWNER/NAME
                       for --dashboard: the repository whose commits the runs link to
                       (OWNER/NAME on github.com, or its URL https://HOST/OWNER/NAME);
                       default: the git remote "origin" of the current directory
  -c, --config FILE    for a run never judged: the suite file whose gate and budgets apply;
                       default: the built-in gate, no budgets
  -h, --help           show this help

Exit codes:
  0    written (whatever the verdict: "perf-gate compare" gates)
  2    bad input: a file that does not validate, another suite`;

const FLAGS = {
  html: { type: 'string' },
  dashboard: { type: 'string' },
  repo: { type: 'string' },
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `perf-gate report`: a run as an HTML page, with the verdict it got when it was judged (or, never judged, against the baseline given). */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('report', argv, FLAGS, -1);
  if (values.dashboard !== undefined) return dashboard(values.dashboard, positionals, values.repo, io);
  if (values.repo !== undefined) throw new InputError('--repo: only with --dashboard (the runs of a dashboard link to their commits)');
  if (values.html === undefined) throw new InputError('--html or --dashboard: required (where to write the page)');
  if (positionals.length < 1 || positionals.length > 2) throw new InputError('perf-gate report takes a results file and, optionally, a baseline file');
  const [resultsFile, baselineFile] = positionals as [string, string | undefined];
  await ensureWritable(values.html, '--html');
  await refuseBaselineAsResults(resultsFile, baselineFile, (results, baseline) => `perf-gate report --html FILE ${results} ${baseline}`);
  const current = await readResultFile(resultsFile);
  const { judgment } = current;
  if (judgment !== undefined && values.config !== undefined) {
    throw new InputError(`--config: ${resultsFile} carries the verdict its run got, which the page renders as it is; to judge it by another suite, use perf-gate compare`);
  }
  const suite = values.config === undefined ? undefined : await loadSuiteFile(values.config, io.env);
  if (suite !== undefined && suite.name !== current.suite) throw new InputError(`${values.config} is suite "${suite.name}", but ${resultsFile} is suite "${current.suite}"`);
  const stress = stressFindings(current, suite?.budgets ?? {});
  const reference = baselineFile === undefined ? undefined : await readReference(baselineFile);
  const other = reference?.reference.runs.find((run) => run.suite !== current.suite);
  if (other !== undefined) throw new InputError(`${baselineFile} holds suite "${other.suite}", but ${resultsFile} is suite "${current.suite}"`);
  let page: HtmlReportInput;
  if (judgment !== undefined) {
    // Judged when it ran: the page says what the run said; a file given beside it only draws the runs it was judged against.
    const drawn = reference === undefined ? [] : runsJudgedAgainst(judgment, reference.reference.runs, baselineFile!, resultsFile);
    page = { suite: current.suite, current, baseline: drawn, gate: judgment.gate, budgets: judgment.gate.budgets, stress };
  } else if (reference !== undefined) {
    // Never judged (a plain run, or a file from before results carried their verdict): judged here, once, as perf-gate compare would.
    const gate = judgeRun({ suite, current, reference: reference.reference });
    page = { suite: current.suite, current, baseline: reference.reference.runs, gate, budgets: gate.budgets, stress };
  } else {
    page = { suite: current.suite, current, baseline: [], budgets: budgetChecks(suite, current), stress };
  }
  await writeFile(values.html, renderHtmlReport(page));
  io.stderr(`perf-gate: wrote ${values.html}\n`);
  return EXIT.ok;
}

/** The runs of a file that a judgment names; a file holding none of them was not what the run was judged against. */
function runsJudgedAgainst(judgment: Judgment, runs: RunResult[], file: string, resultsFile: string): RunResult[] {
  const named = new Set(judgment.runs.map((run) => `${run.startedAt} ${run.sha}`));
  const drawn = runs.filter((run) => named.has(`${run.startedAt} ${run.git.sha}`));
  if (drawn.length === 0) {
    throw new InputError(`${file} holds none of the runs ${resultsFile} was judged against (${judgment.reference}): give that file to draw them, or none`);
  }
  return drawn;
}

/**
 * The dashboard, its runs linked to their commits: a baseline file records each run's commit but
 * not the repository (the action's is the one it runs in), so the repository comes from --repo or
 * from the checkout the command runs in, as a user looking at their own project's trends expects.
 */
async function dashboard(file: string, baselineFiles: string[], repo: string | undefined, io: CliIo): Promise<number> {
  if (baselineFiles.length === 0) throw new InputError('perf-gate report --dashboard takes one or more baseline files');
  const named = repo === undefined ? undefined : parseRepoFlag(repo);
  await ensureWritable(file, '--dashboard');
  const baselines = await Promise.all(baselineFiles.map((path) => readBaselineFile(path)));
  const repository = named ?? (await originRepository(process.cwd()));
  await writeFile(file, renderDashboard(baselines, repository === undefined ? {} : { repository }));
  const links = repository === undefined ? 'its runs not linked to their commits: --repo OWNER/NAME names the repository' : `its runs linked to their commits in ${repository}`;
  io.stderr(`perf-gate: wrote ${file} (${links})\n`);
  return EXIT.ok;
}
