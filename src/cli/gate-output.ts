import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunResult } from '../result/result.js';
import { summarizeScenarios } from '../stats/aggregate.js';
import { stressFindings } from '../stats/breaking-point.js';
import type { Budget } from '../config/suite.js';
import type { BudgetCheck } from '../stats/budgets.js';
import type { GateResult } from '../stats/verdict.js';
import { budgetsTitle, checkRunTitle } from '../report/check-run-title.js';
import { renderGateMarkdown } from '../report/gate-markdown.js';
import type { Judged } from '../gate/judged.js';
import { COMMENT_LIMIT } from '../report/size-limit.js';
import { renderRunReport } from '../report/run-table.js';
import { EXIT } from './exit-codes.js';
import { writtenPath, type CliIo } from './io.js';

export function printRunTable(result: RunResult, budgets: BudgetCheck[], io: CliIo, suiteBudgets: Record<string, Budget> = {}): void {
  io.stdout(renderRunReport(summarizeScenarios(result.scenarios), budgets, stressFindings(result, suiteBudgets), result.service));
}

interface OutputFlags {
  json?: boolean | undefined;
  markdown?: string | undefined;
  'fail-on-inconclusive'?: boolean | undefined;
}

/** The verdict rendered as asked: Markdown on stdout (and in a file), or JSON. */
export async function printGate({ judgment, report }: Judged, flags: OutputFlags, io: CliIo): Promise<void> {
  // Sized for a pull request comment, where a workflow posting the --markdown file puts it.
  const markdown = renderGateMarkdown(report, { limit: COMMENT_LIMIT });
  if (flags.markdown !== undefined) {
    await mkdir(dirname(flags.markdown), { recursive: true });
    await writeFile(flags.markdown, markdown);
    io.stderr(`perf-gate: report written to ${writtenPath(flags.markdown, '--markdown', io)}\n`);
  }
  io.stdout(flags.json === true ? `${JSON.stringify(judgment, null, 2)}\n` : `\n${markdown}`);
}

/** --fail-on-inconclusive, when given: it overrides the suite's gate.fail_on. */
export function failOnFlag(flags: OutputFlags): 'inconclusive' | undefined {
  return flags['fail-on-inconclusive'] === true ? 'inconclusive' : undefined;
}

/** The exit code: a failed gate or budget is 1; an undecided run is 0 with a warning, or 4 when the judgment says it fails. */
export function gateOutcome(
  gate: GateResult | undefined,
  budgets: BudgetCheck[],
  interrupted: boolean,
  io: CliIo,
): number {
  if (interrupted) return EXIT.interrupted;
  const verdict = gate?.verdict ?? (budgets.some((b) => !b.passed) ? 'fail' : 'pass');
  // The last line says what decided the exit code, as the action's log and check run title do.
  const title = gate !== undefined ? checkRunTitle(gate) : budgets.length > 0 ? budgetsTitle(budgets) : undefined;
  if (title !== undefined) io.stderr(`perf-gate: ${verdict}: ${title}\n`);
  if (verdict === 'fail') return EXIT.budgetFailed;
  if (verdict === 'inconclusive') {
    if (gate?.failed === true) return EXIT.inconclusive;
    io.stderr('perf-gate: warning: the run could not decide every scenario (see the report); exiting 0. --fail-on-inconclusive (or gate.fail_on: inconclusive) exits 4.\n');
  }
  return EXIT.ok;
}
