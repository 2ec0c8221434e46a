import { readFile } from 'node:fs/promises';
import { readBaselineFile } from '../files/baseline-file.js';
import { BASELINE_SCHEMA } from '../result/baseline.js';
import { readResultFile } from '../files/result-file.js';
import { RESULT_SCHEMA } from '../result/result.js';
import { ensureWritable } from '../files/json-file.js';
import { loadSuiteFile } from '../config/load-suite.js';
import { InputError } from '../errors.js';
import { parseFlags } from './args.js';
import { failOnFlag, gateOutcome, markdownFile, printReport, writeMarkdown } from './gate-output.js';
import { judged } from '../pipeline/judged.js';
import { judgeRun, type JudgeReference } from '../stats/judge-run.js';
import type { CliIo } from './io.js';
import { COMPARE_FLAGS } from './manual/commands.js';

/** `perf-gate compare`: judge a results file against a baseline, one look, no measuring. */
export async function compareCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('compare', argv, COMPARE_FLAGS, 2);
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
