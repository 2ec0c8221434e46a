import { writeFile } from 'node:fs/promises';
import { ensureWritable } from '../files/json-file.js';
import { readResultFile } from '../files/result-file.js';
import { loadSuiteFile } from '../config/load-suite.js';
import { InputError } from '../errors.js';
import { renderHtmlReport, type HtmlReportInput } from '../report/html.js';
import { renderDashboard } from '../report/dashboard.js';
import { readBaselineFile } from '../files/baseline-file.js';
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
import { REPORT_FLAGS } from './manual/commands.js';

/** `perf-gate report`: a run as an HTML page, with the verdict it got when it was judged (or, never judged, against the baseline given). */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('report', argv, REPORT_FLAGS, -1);
  if (values.dashboard !== undefined) return dashboard(values.dashboard, positionals, values.repo, io);
  if (values.repo !== undefined) throw new InputError('--repo: only with --dashboard (the runs of a dashboard link to their commits)');
  if (values.html === undefined) throw new InputError('--html or --dashboard: required (where to write the page)');
  if (positionals.length < 1 || positionals.length > 2)
    throw new InputError('perf-gate report takes a results file and, optionally, a baseline file');
  const [resultsFile, baselineFile] = positionals as [string, string | undefined];
  await ensureWritable(values.html, '--html');
  await refuseBaselineAsResults(resultsFile, baselineFile, (results, baseline) => `perf-gate report --html FILE ${results} ${baseline}`);
  const current = await readResultFile(resultsFile);
  const { judgment } = current;
  if (judgment !== undefined && values.config !== undefined) {
    throw new InputError(
      `--config: ${resultsFile} carries the verdict its run got, which the page renders as it is; to judge it by another suite, use perf-gate compare`,
    );
  }
  const suite = values.config === undefined ? undefined : await loadSuiteFile(values.config, io.env);
  if (suite !== undefined && suite.name !== current.suite)
    throw new InputError(`${values.config} is suite "${suite.name}", but ${resultsFile} is suite "${current.suite}"`);
  const stress = stressFindings(current, suite?.budgets ?? {});
  const reference = baselineFile === undefined ? undefined : await readReference(baselineFile);
  const other = reference?.reference.runs.find((run) => run.suite !== current.suite);
  if (other !== undefined)
    throw new InputError(`${baselineFile} holds suite "${other.suite}", but ${resultsFile} is suite "${current.suite}"`);
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
    throw new InputError(
      `${file} holds none of the runs ${resultsFile} was judged against (${judgment.reference}): give that file to draw them, or none`,
    );
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
  const links =
    repository === undefined
      ? 'its runs not linked to their commits: --repo OWNER/NAME names the repository'
      : `its runs linked to their commits in ${repository}`;
  io.stderr(`perf-gate: wrote ${file} (${links})\n`);
  return EXIT.ok;
}
