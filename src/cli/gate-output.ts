import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunResult } from '../result/result.js';
import { summarizeScenarios } from '../stats/aggregate.js';
import type { StressFinding } from '../stats/breaking-point.js';
import type { BudgetCheck, GateResult } from '../result/verdict.js';
import { budgetsTitle, checkRunTitle } from '../report/check-run-title.js';
import { renderGateMarkdown } from '../report/gate-markdown.js';
import type { Judged } from '../pipeline/judged.js';
import { COMMENT_LIMIT } from '../report/size-limit.js';
import { renderRunReport } from '../report/run-table.js';
import { EXIT } from './exit-codes.js';
import { stdoutColor, writtenPath, type CliIo } from './io.js';

interface OutputFlags {
  json?: boolean | undefined;
  markdown?: string | undefined;
  'fail-on-inconclusive'?: boolean | undefined;
}

/** `--markdown -`: the Markdown report on stdout, in place of the terminal's (to pipe it into a comment). */
const TO_STDOUT = '-';

/** Whether --markdown names a file to write (not stdout). */
export function markdownFile(flags: OutputFlags): string | undefined {
  return flags.markdown === TO_STDOUT ? undefined : flags.markdown;
}

/**
 * Writes the Markdown report where --markdown names a file, sized for a pull request comment
 * (where a workflow posting the file puts it). Returns the line that tells where it went.
 */
export async function writeMarkdown({ report }: Judged, flags: OutputFlags, io: CliIo): Promise<string | undefined> {
  const file = markdownFile(flags);
  if (file === undefined) return undefined;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderGateMarkdown(report, { limit: COMMENT_LIMIT }));
  const path = writtenPath(file, '--markdown', io);
  io.stderr(`perf-gate: report written to ${path}\n`);
  return `${path} (the Markdown report, as a PR comment shows it)`;
}

/** What a command prints on stdout. */
export interface Printed {
  /** The run measured, whose table leads the report; absent for a run judged from its file. */
  run?: RunResult;
  budgets: BudgetCheck[];
  stress?: StressFinding[];
  judged?: Judged;
  /** What the command wrote, one "path (what it is)" each. */
  written: string[];
}

/**
 * The report as asked: the judgment as JSON (--json), the Markdown report (--markdown -), or the
 * terminal's report (src/report/run-table.ts) ending with where the full reports were written.
 */
export function printReport({ run, budgets, stress = [], judged, written }: Printed, flags: OutputFlags, io: CliIo): void {
  if (flags.json === true) {
    if (judged !== undefined) io.stdout(`${JSON.stringify(judged.judgment, null, 2)}\n`);
    return;
  }
  if (flags.markdown === TO_STDOUT && judged !== undefined) {
    io.stdout(renderGateMarkdown(judged.report, { limit: COMMENT_LIMIT }));
    return;
  }
  const judgment = judged && { gate: judged.gate, baselineFile: judged.report.baselineFile ?? `baselines/${judged.report.suite}.json` };
  const report = renderRunReport(run === undefined ? [] : summarizeScenarios(run.scenarios), budgets, stress, run?.service, {
    ...(judgment && { judgment }),
    color: stdoutColor(io),
  });
  io.stdout(`${report}${where(judged !== undefined && markdownFile(flags) === undefined, written)}`);
}

/** The files written, and, for a verdict whose Markdown report was not, how to get it. */
function where(markdownAsked: boolean, written: string[]): string {
  const lines = written.length === 0 ? [] : ['Written:', ...written.map((line) => `  ${line}`)];
  if (markdownAsked) lines.push('The full report, as a PR comment shows it: --markdown FILE writes it, --markdown - prints it here.');
  return lines.length === 0 ? '' : `\n${lines.join('\n')}\n`;
}

/** --fail-on-inconclusive, when given: it overrides the suite's gate.fail_on. */
export function failOnFlag(flags: OutputFlags): 'inconclusive' | undefined {
  return flags['fail-on-inconclusive'] === true ? 'inconclusive' : undefined;
}

/** The exit code: a failed gate or budget is 1; an undecided run is 0 with a warning, or 4 when the judgment says it fails. */
export function gateOutcome(gate: GateResult | undefined, budgets: BudgetCheck[], interrupted: boolean, io: CliIo): number {
  if (interrupted) return EXIT.interrupted;
  const verdict = gate?.verdict ?? (budgets.some((b) => !b.passed) ? 'fail' : 'pass');
  // The last line says what decided the exit code, as the action's log and check run title do.
  const title = gate !== undefined ? checkRunTitle(gate) : budgets.length > 0 ? budgetsTitle(budgets) : undefined;
  if (title !== undefined) io.stderr(`perf-gate: ${verdict}: ${title}\n`);
  if (verdict === 'fail') return EXIT.budgetFailed;
  if (verdict === 'inconclusive') {
    if (gate?.failed === true) return EXIT.inconclusive;
    io.stderr(
      'perf-gate: warning: the run could not decide every scenario (see the report); exiting 0. --fail-on-inconclusive (or gate.fail_on: inconclusive) exits 4.\n',
    );
  }
  return EXIT.ok;
}
