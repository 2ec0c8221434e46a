import { writeFile } from 'node:fs/promises';
import type { RunResult } from '../baseline/result.js';
import { defaultGate } from '../config/gate-defaults.js';
import type { Budget, Suite } from '../config/suite.js';
import type { AdaptiveRun } from '../gate/adaptive-run.js';
import { judgeRun } from '../gate/judge-run.js';
import { summarizeScenario } from '../stats/aggregate.js';
import { judgeBudgets as judgeBudgetChecks, type BudgetCheck } from '../stats/budgets.js';
import type { PolicyFor } from '../stats/evidence.js';
import type { GateResult } from '../stats/verdict.js';
import { comparisonWarnings } from '../stats/warnings.js';
import { gateJson } from '../report/gate-json.js';
import { renderGateMarkdown } from '../report/gate-markdown.js';
import { renderRunReport } from '../report/run-table.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Each scenario's gate from the suite; defaults for a scenario the suite does not (or no longer) define. */
export function policyFor(suite: Suite | undefined): PolicyFor {
  return (name) => suite?.scenarios.find((s) => s.name === name)?.gate ?? defaultGate();
}

export function judgeBudgets(budgets: Record<string, Budget>, result: RunResult): BudgetCheck[] {
  return judgeBudgetChecks(budgets, result.scenarios.map(summarizeScenario));
}

export function printRunTable(result: RunResult, budgets: BudgetCheck[], io: CliIo): void {
  io.stdout(renderRunReport(result.scenarios.map(summarizeScenario), budgets));
}

export interface GateReportRequest {
  suite: Suite | undefined;
  current: RunResult;
  /** Stored mode: the baseline's runs; interleaved mode: the base deployment's run. */
  baselineRuns: RunResult[];
  /** How the measurement went, when it was adaptive; a plain comparison is one look. */
  adaptive?: AdaptiveRun;
  budgets: BudgetCheck[];
  /** Named in the report's advice when there is no baseline yet. */
  baselineFile?: string;
}

interface OutputFlags {
  json?: boolean | undefined;
  markdown?: string | undefined;
  'fail-on-inconclusive'?: boolean | undefined;
}

/** The final verdict, with budgets and warnings, rendered as asked: Markdown, JSON, or both. */
export async function reportGate(request: GateReportRequest, flags: OutputFlags, io: CliIo): Promise<GateResult> {
  const { current, baselineRuns, adaptive, suite } = request;
  const mode = adaptive?.mode ?? 'stored-baseline';
  const warnings = comparisonWarnings(current, baselineRuns, mode);
  const gate = judgeRun({
    mode,
    candidate: current.scenarios,
    base: mode === 'interleaved' ? (baselineRuns[0]?.scenarios ?? []) : [],
    baselineRuns: mode === 'interleaved' ? [] : baselineRuns,
    policyFor: policyFor(suite),
    alpha: suite?.gate.alpha ?? 0.01,
    schedule: adaptive?.schedule ?? [1],
    looksTaken: adaptive?.looksTaken ?? 1,
    extraRounds: adaptive?.extraRounds ?? [],
    budgets: request.budgets,
    warnings,
  });
  const markdown = renderGateMarkdown({
    suite: current.suite,
    gate,
    current,
    baseline: baselineRuns,
    // A neutral report says how to create the baseline it did not find.
    ...(request.baselineFile === undefined ? {} : { baselineFile: request.baselineFile }),
  });
  if (flags.markdown !== undefined) {
    await writeFile(flags.markdown, markdown);
    io.stderr(`perf-gate: report written to ${flags.markdown}\n`);
  }
  io.stdout(flags.json === true ? `${JSON.stringify(gateJson(gate), null, 2)}\n` : `\n${markdown}`);
  return gate;
}

/** The exit code: a failed gate or budget is 1; inconclusive is 0 with a warning, or 4 when asked. */
export function gateOutcome(
  gate: GateResult | undefined,
  budgets: BudgetCheck[],
  interrupted: boolean,
  flags: OutputFlags,
  io: CliIo,
): number {
  if (interrupted) return EXIT.interrupted;
  const verdict = gate?.verdict ?? (budgets.some((b) => !b.passed) ? 'fail' : 'pass');
  if (verdict === 'fail') return EXIT.budgetFailed;
  if (verdict === 'inconclusive') {
    if (flags['fail-on-inconclusive'] === true) return EXIT.inconclusive;
    io.stderr('perf-gate: warning: the gate is inconclusive (see the report); exiting 0. --fail-on-inconclusive exits 4.\n');
  }
  return EXIT.ok;
}
