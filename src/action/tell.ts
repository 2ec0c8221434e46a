import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Suite } from '../config/suite.js';
import type { Judged } from '../pipeline/judged.js';
import type { GitHubClient } from '../github/client.js';
import { dashboardUrl } from '../github/pages.js';
import { commentMarker } from '../github/sticky-comment.js';
import type { Repo } from '../github/client.js';
import { checkAnnotations, checkConclusion } from '../report/check-run.js';
import { checkRunTitle } from '../report/check-run-title.js';
import { renderGateMarkdown } from '../report/gate-markdown.js';
import { renderHtmlReport } from '../report/html.js';
import { stressFindings } from '../stats/breaking-point.js';
import { CHECK_SUMMARY_LIMIT, COMMENT_LIMIT, STEP_SUMMARY_LIMIT, less } from '../report/size-limit.js';
import type { ActionInputs } from './inputs.js';
import type { Reporter } from './reporter.js';

export interface Telling {
  inputs: ActionInputs;
  suite: Suite;
  judged: Judged;
  reporter: Reporter;
  pullRequest: number | undefined;
  /** Where the report file goes. */
  out: string;
  /** To find the trend dashboard on the baseline branch, when there is one. */
  client: GitHubClient;
  repo: Repo;
}

/**
 * Every way the verdict is told: the report file and job summary, the check run, the sticky
 * comment, the outputs and the exit code. Each gets the report rendered to its own limit.
 */
export async function tell({ inputs, suite, judged, reporter, pullRequest, out, client, repo }: Telling): Promise<void> {
  const { gate } = judged;
  const dashboard = inputs.baselineBranch === undefined ? undefined : await dashboardUrl(client, repo, inputs.baselineBranch);
  const report = dashboard === undefined ? judged.report : { ...judged.report, dashboardUrl: dashboard };
  const summary = renderGateMarkdown(report, { limit: STEP_SUMMARY_LIMIT });
  const reportPath = join(out, 'report.md');
  await writeFile(reportPath, summary);
  // The same run as a page with charts, for the workflow to upload as an artifact.
  const htmlPath = join(out, 'report.html');
  await writeFile(
    htmlPath,
    renderHtmlReport({ ...report, gate, budgets: gate.budgets, stress: stressFindings(report.current, suite.budgets) }),
  );
  core.setOutput('html-path', htmlPath);
  // The job summary always carries the report, whatever GitHub lets the token do.
  await core.summary.addRaw(summary).write();

  const title = checkRunTitle(gate);
  await reporter.finish({
    conclusion: checkConclusion(gate),
    title,
    summary: renderGateMarkdown(report, { limit: CHECK_SUMMARY_LIMIT }),
    annotations: checkAnnotations(inputs.config, suite, gate),
  });
  let commentUrl: string | undefined;
  const worthSaying = gate.verdict === 'fail' || gate.verdict === 'inconclusive';
  if (pullRequest !== undefined && inputs.comment !== 'never') {
    const body = renderGateMarkdown(report, { limit: less(COMMENT_LIMIT, `${commentMarker(suite.name)}\n`) });
    commentUrl = await reporter.comment(pullRequest, suite.name, body, inputs.comment === 'on-regression' && !worthSaying);
  }

  core.setOutput('verdict', gate.verdict);
  core.setOutput('regressions', String(gate.counts.regressions));
  core.setOutput('report-path', reportPath);
  core.setOutput('comment-url', commentUrl ?? '');
  core.info(`perf-gate: ${gate.verdict}: ${title}`);
  if (gate.failed && !inputs.neverFailStep) core.setFailed(`perf-gate: ${title}`);
}
