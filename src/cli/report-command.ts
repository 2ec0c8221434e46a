import { writeFile } from 'node:fs/promises';
import { ensureWritable } from '../baseline/json-file.js';
import { readResultFile } from '../baseline/result-file.js';
import { loadSuiteFile } from '../config/load-suite.js';
import { InputError } from '../errors.js';
import { judgeRun } from '../gate/judge.js';
import { renderHtmlReport } from '../report/html.js';
import { renderDashboard } from '../report/dashboard.js';
import { readBaselineFile } from '../baseline/baseline-file.js';
import { stressFindings } from '../stats/breaking-point.js';
import { budgetChecks } from '../stats/final-verdict.js';
import { parseFlags } from './args.js';
import { readReference, refuseBaselineAsResults } from './compare-command.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

export const REPORT_HELP = `Usage: perf-gate report --html FILE <results.json> [<baseline.json>] [options]
       perf-gate report --dashboard FILE <baseline.json...>

Writes a run as one self-contained HTML page (styles, data and charts inline: it opens from a
CI artifact or a file, with no network): the verdict and a row per scenario, each blocking
metric's change against its threshold with its interval, and per scenario its latency
distribution (percentiles on a log axis, this run against the baseline), its rounds and, for
stages, its timeline with the breaking point. With a baseline (perf-gate/baseline@1, or an
earlier results file) the run is judged as "perf-gate compare" judges it.

--dashboard writes the trend of every run recorded in the baseline files (their history, up to
200 runs each): per scenario p50, p95 and req/s over the runs, with the band the previous runs
make and the runs that left it marked; what "mode: record" of the action keeps as index.html on
the baseline branch.

Options:
      --html FILE      where to write the run's page
      --dashboard FILE where to write the trend dashboard
  -c, --config FILE    the suite file whose gate and budgets apply; default: the built-in gate, no budgets
  -h, --help           show this help

Exit codes:
  0    written (whatever the verdict: "perf-gate compare" gates)
  2    bad input: a file that does not validate, another suite`;

const FLAGS = {
  html: { type: 'string' },
  dashboard: { type: 'string' },
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `perf-gate report`: a run (judged, when given a baseline) as an HTML page. */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('report', argv, FLAGS, -1);
  if (values.dashboard !== undefined) return dashboard(values.dashboard, positionals, io);
  if (values.html === undefined) throw new InputError('--html or --dashboard: required (where to write the page)');
  if (positionals.length < 1 || positionals.length > 2) throw new InputError('perf-gate report takes a results file and, optionally, a baseline file');
  const [resultsFile, baselineFile] = positionals as [string, string | undefined];
  await ensureWritable(values.html, '--html');
  const suite = values.config === undefined ? undefined : await loadSuiteFile(values.config, io.env);
  await refuseBaselineAsResults(resultsFile, baselineFile, (results, baseline) => `perf-gate report --html FILE ${results} ${baseline}`);
  const current = await readResultFile(resultsFile);
  if (suite !== undefined && suite.name !== current.suite) throw new InputError(`${values.config} is suite "${suite.name}", but ${resultsFile} is suite "${current.suite}"`);
  const budgets = budgetChecks(suite, current);
  const stress = stressFindings(current, suite?.budgets ?? {});
  if (baselineFile === undefined) {
    await writeFile(values.html, renderHtmlReport({ suite: current.suite, current, baseline: [], budgets, stress }));
  } else {
    const reference = await readReference(baselineFile);
    const other = reference.runs.find((run) => run.suite !== current.suite);
    if (other !== undefined) throw new InputError(`${baselineFile} holds suite "${other.suite}", but ${resultsFile} is suite "${current.suite}"`);
    const { gate } = judgeRun({ suite, current, reference, budgets });
    await writeFile(values.html, renderHtmlReport({ suite: current.suite, current, baseline: reference.runs, gate, budgets, stress }));
  }
  io.stderr(`perf-gate: wrote ${values.html}\n`);
  return EXIT.ok;
}

async function dashboard(file: string, baselineFiles: string[], io: CliIo): Promise<number> {
  if (baselineFiles.length === 0) throw new InputError('perf-gate report --dashboard takes one or more baseline files');
  await ensureWritable(file, '--dashboard');
  const baselines = await Promise.all(baselineFiles.map((path) => readBaselineFile(path)));
  await writeFile(file, renderDashboard(baselines));
  io.stderr(`perf-gate: wrote ${file}\n`);
  return EXIT.ok;
}
