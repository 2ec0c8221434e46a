import { readFile } from 'node:fs/promises';
import { readBaselineFile } from '../baseline/baseline-file.js';
import { BASELINE_SCHEMA } from '../result/baseline.js';
import { readResultFile } from '../baseline/result-file.js';
import { RESULT_SCHEMA } from '../result/result.js';
import { ensureWritable } from '../baseline/json-file.js';
import { loadSuiteFile } from '../config/load-suite.js';
import { InputError } from '../errors.js';
import { parseFlags } from './args.js';
import { EXIT_CODES } from './help.js';
import { failOnFlag, gateOutcome, markdownFile, printReport, writeMarkdown } from './gate-output.js';
import { judged } from '../gate/judged.js';
import { judgeRun, type JudgeReference } from '../stats/judge-run.js';
import type { CliIo } from './io.js';

export const COMPARE_HELP = `Usage: perf-gate compare <baseline.json> <results.json> [options]

Judges a run (results written by "perf-gate run --out") against a baseline: a baseline
file (perf-gate/baseline@1, the last runs of the main branch) or a single earlier run
(perf-gate/result@1). Prints the verdict, the rows that need attention and the warnings
(or the verdict as JSON, or the Markdown report with --markdown -).

For each scenario and metric (p50, p95, p99, throughput, error rate) it estimates the
change with a confidence interval from the rounds of each side, and calls it a regression
when the estimated degradation exceeds the threshold (10 % by default) and is significant
after Holm's correction over the blocking metrics (p95 and error rate by default).

Options:
  -c, --config FILE          the suite file whose "gate:" thresholds, blocking metrics and
                             budgets apply; default: the built-in gate, no budgets
      --json                 print the verdict as JSON
      --markdown FILE        also write the Markdown report (as a PR comment shows it) to
                             FILE; "-" prints it on stdout instead of the terminal's report
      --fail-on-inconclusive exit 4 when a scenario could not be judged (default: the suite's gate.fail_on, else 0 with a warning)
  -h, --help                 show this help

${EXIT_CODES}`;

const FLAGS = {
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
  markdown: { type: 'string' },
  'fail-on-inconclusive': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `perf-gate compare`: judge a results file against a baseline, one look, no measuring. */
export async function compareCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('compare', argv, FLAGS, 2);
  const [baselineFile, resultsFile] = positionals as [string, string];
  const markdown = markdownFile(values);
  if (markdown !== undefined) await ensureWritable(markdown, '--markdown');
  const suite = values.config === undefined ? undefined : await loadSuiteFile(values.config, io.env);
  await refuseBaselineAsResults(resultsFile, baselineFile, (results, baseline) => `perf-gate compare ${baseline} ${results}`);
  const { reference, label } = await readReference(baselineFile);
  const current = await readResultFile(resultsFile);
  for (const run of reference.runs) {
    if (run.suite !== current.suite) {
      throw new InputError(`${baselineFile} holds suite "${run.suite}", but ${resultsFile} is suite "${current.suite}"`);
    }
  }
  if (suite !== undefined && suite.name !== current.suite) {
    throw new InputError(`${values.config} is suite "${suite.name}", but ${resultsFile} is suite "${current.suite}"`);
  }
  const gate = judgeRun({ suite, current, reference, failOn: failOnFlag(values) });
  const verdict = judged(gate, current, reference, label);
  const report = await writeMarkdown(verdict, values, io);
  printReport({ budgets: gate.budgets, judged: verdict, written: report === undefined ? [] : [report] }, values, io);
  return gateOutcome(gate, gate.budgets, false, io);
}

/** A baseline file (its runs, history and A/A records), or one earlier run's results as a baseline of one run. */
export async function readReference(file: string): Promise<{ reference: JudgeReference & { mode: 'stored-baseline' }; label: string }> {
  const schema = await peekSchema(file);
  if (schema === BASELINE_SCHEMA) {
    const baseline = await readBaselineFile(file);
    return { reference: { mode: 'stored-baseline', runs: baseline.runs, records: baseline }, label: file };
  }
  return { reference: { mode: 'stored-baseline', runs: [await readResultFile(file)] }, label: file };
}

/**
 * A baseline file given where the run to judge goes. The formats prove it (a run is never
 * written as a baseline file), and with a run given where the baseline goes, that the two were
 * swapped: the message shows the command in the right order. Which run is older proves nothing
 * (judging an earlier run against a later one is a fair question), so it is not checked.
 */
export async function refuseBaselineAsResults(
  resultsFile: string,
  baselineFile: string | undefined,
  command: (results: string, baseline: string) => string,
): Promise<void> {
  if ((await peekSchema(resultsFile)) !== BASELINE_SCHEMA) return;
  const what = `${resultsFile} is a baseline file (${BASELINE_SCHEMA}), but the results of the run to judge (${RESULT_SCHEMA}, written by "perf-gate run --out") go there`;
  if (baselineFile !== undefined && (await peekSchema(baselineFile)) === RESULT_SCHEMA) {
    throw new InputError(`${what}; the two files look swapped: ${command(shellWord(baselineFile), shellWord(resultsFile))}`);
  }
  throw new InputError(what);
}

/** A file name as typed in a shell. */
const shellWord = (name: string): string => (/^[\w./@%+=:,-]+$/.test(name) ? name : `'${name.replaceAll("'", "'\\''")}'`);

async function peekSchema(file: string): Promise<unknown> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { schema?: unknown }).schema;
  } catch {
    // Unreadable or not JSON: the strict reader says what is wrong, naming the file.
    return undefined;
  }
}
