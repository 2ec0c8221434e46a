import * as core from '@actions/core';
import { readBaselineFileIfExists, writeBaselineFile } from '../files/baseline-file.js';
import { appendToBranch, branchBaselinePath } from '../github/baseline-store.js';
import type { GitHubClient } from '../github/client.js';
import { renderDashboard } from '../report/dashboard.js';
import { appendRun, type Baseline } from '../result/baseline.js';
import type { RunResult } from '../result/result.js';
import type { BudgetCheck } from '../result/verdict.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { baselinePath } from './reference-source.js';

// Recording a measured run, for mode record and for mode merge off a pull request (which measures nothing itself).

/** Adds a run (and its A/A base run, if measured beside it) to the baseline: on the baseline branch, or in the workspace's file. */
export async function recordRun(
  inputs: ActionInputs,
  context: RunContext,
  client: GitHubClient,
  current: RunResult,
  baseRun?: RunResult,
): Promise<void> {
  const aa = baseRun === undefined ? {} : { base: baseRun };
  if (inputs.baselineBranch !== undefined) {
    const store = { client, repo: context.repo, branch: inputs.baselineBranch };
    const { baseline, dropped, attempts, commit } = await appendToBranch(store, current, {
      log: core.info,
      ...aa,
      pages: (baselines) => [{ path: 'index.html', content: dashboard(baselines, context) }],
    });
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
  return renderDashboard(baselines, { repository: `${server}/${context.repo.owner}/${context.repo.repo}` });
}

/** A recorded run has no regressions to report; its budgets still fail the step. */
export function finishRecord(budgets: BudgetCheck[]): void {
  const failed = budgets.filter((b) => !b.passed).length;
  core.setOutput('verdict', failed > 0 ? 'fail' : 'pass');
  core.setOutput('regressions', '0');
  if (failed > 0) core.setFailed(`perf-gate: ${failed} budget(s) exceeded`);
}
