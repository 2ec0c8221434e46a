import * as core from '@actions/core';
import { readBaselineFileIfExists, writeBaselineFile } from '../baseline/baseline-file.js';
import { appendToBranch, branchBaselinePath } from '../github/baseline-store.js';
import { appendRun, type Baseline } from '../result/baseline.js';
import { renderDashboard } from '../report/dashboard.js';
import type { GitHubClient } from '../github/client.js';
import type { RunResult } from '../result/result.js';
import type { BudgetCheck } from '../stats/budgets.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { measureRun } from './measure-run.js';
import { measuring } from './measuring.js';
import { baselinePath } from './reference-source.js';
import { measureShard } from './shard-measure.js';
import { actionSuite } from './suite.js';

/**
 * mode: record. The main branch: measure and add the run to the baseline (with baseline-url, an
 * A/A record of the deployment noise too). Budgets still fail the step.
 */
export async function recordMode(inputs: ActionInputs, context: RunContext, signal: AbortSignal): Promise<void> {
  const suite = await actionSuite(inputs);
  const ready = await measuring(inputs, context, suite);
  if (ready === undefined) return;
  const { target, base, client, pullRequest } = ready;
  if (inputs.shard !== undefined) {
    return measureShard({ inputs, context, suite, target, pullRequest: pullRequest?.number, shard: inputs.shard, signal });
  }
  const { outcome } = await measureRun({ inputs, context, suite, target, base, reference: { kind: 'none' }, judge: false, pullRequest: pullRequest?.number, signal });
  await recordRun(inputs, context, client, outcome.current, outcome.baseRun);
  finishRecord(outcome.budgets);
}

/** Adds a run (and its A/A base run, if measured beside it) to the baseline: on the baseline branch, or in the workspace's file. */
export async function recordRun(inputs: ActionInputs, context: RunContext, client: GitHubClient, current: RunResult, baseRun?: RunResult): Promise<void> {
  const aa = baseRun === undefined ? {} : { base: baseRun };
  if (inputs.baselineBranch !== undefined) {
    const store = { client, repo: context.repo, branch: inputs.baselineBranch };
    const { baseline, dropped, attempts, commit } = await appendToBranch(store, current, { log: core.info, ...aa, pages: (baselines) => [{ path: 'index.html', content: dashboard(baselines, context) }] });
    core.info(
      `perf-gate: recorded the run in ${branchBaselinePath(current.suite)} on branch ${store.branch} (commit ${commit.slice(0, 7)}${attempts > 1 ? `, after ${attempts} attempts` : ''}): ${baseline.runs.length} runs kept, ${dropped} dropped`,
    );
  } else {
    const path = baselinePath(inputs, current.suite);
    const { baseline, dropped } = appendRun(await readBaselineFileIfExists(path), current, undefined, baseRun);
    await writeBaselineFile(path, baseline);
    core.info(`perf-gate: recorded the run in ${path}: ${baseline.runs.length} runs kept, ${dropped} dropped`);
  }
}

/** The trend dashboard of every suite on the branch, each run linked to its commit: GitHub Pages can serve it from the branch. */
function dashboard(baselines: Baseline[], context: RunContext): string {
  const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  return renderDashboard(baselines, { commitUrl: (sha) => `${server}/${context.repo.owner}/${context.repo.repo}/commit/${sha}` });
}

/** A recorded run has no regressions to report; its budgets still fail the step. */
export function finishRecord(budgets: BudgetCheck[]): void {
  const failed = budgets.filter((b) => !b.passed).length;
  core.setOutput('verdict', failed > 0 ? 'fail' : 'pass');
  core.setOutput('regressions', '0');
  if (failed > 0) core.setFailed(`perf-gate: ${failed} budget(s) exceeded`);
}
