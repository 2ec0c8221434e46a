import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import { completeCheckRun, startCheckRun } from '../github/check-run.js';
import type { CheckAnnotation, CheckConclusion } from '../report/check-run.js';
import { isPermissionDenied, type GitHubClient } from '../github/client.js';
import { setCommitStatus } from '../github/commit-status.js';
import { commentMarker, upsertStickyComment, findStickyComment } from '../github/sticky-comment.js';
import type { Repo } from '../github/client.js';
import { docsUrl } from '../version.js';

const FORK_NOTICE =
  'perf-gate: this token may not write to the repository (a pull request from a fork gets a read-only token), so the ' +
  'report is in the job summary only. To comment and check on fork pull requests, measure in a pull_request workflow ' +
  `that uploads the results, and report from a workflow_run workflow with mode: report (see ${docsUrl('recipes.md#pull-requests-from-forks')}).`;

/**
 * Everything the action says on GitHub, degrading instead of failing: a check run, else a commit
 * status when the token may not create check runs, else the job summary alone when it may not
 * write at all. A GitHub failure is logged as a warning and never loses the verdict: the summary,
 * the outputs and the exit code still happen.
 */
export class Reporter {
  private checkRunId: number | undefined;
  private useStatus = false;
  private readOnly = false;
  private finished = false;

  constructor(
    private readonly client: GitHubClient,
    private readonly repo: Repo,
    private readonly headSha: string,
    private readonly checkName: string,
    private readonly detailsUrl: string | undefined,
  ) {}

  async start(): Promise<void> {
    await this.guard('create the check run', async () => {
      try {
        this.checkRunId = await startCheckRun(this.client, this.repo, this.checkName, this.headSha, this.detailsUrl);
      } catch (error) {
        if (!isPermissionDenied(error)) throw error;
        this.useStatus = true;
        core.info('perf-gate: the token may not create check runs (checks: write); using a commit status instead');
        await setCommitStatus(this.client, this.repo, this.headSha, {
          state: 'pending',
          context: this.checkName,
          description: 'measuring…',
          ...(this.detailsUrl === undefined ? {} : { targetUrl: this.detailsUrl }),
        });
      }
    });
  }

  async finish(result: {
    conclusion: CheckConclusion;
    title: string;
    summary: string;
    annotations: CheckAnnotation[];
  }): Promise<string | undefined> {
    if (this.readOnly) return undefined;
    this.finished = true;
    return this.guard('complete the check', async () => {
      if (this.checkRunId !== undefined) return completeCheckRun(this.client, this.repo, this.checkRunId, result);
      if (this.useStatus) {
        await setCommitStatus(this.client, this.repo, this.headSha, {
          state: result.conclusion === 'failure' ? 'failure' : 'success',
          context: this.checkName,
          description: result.title,
          ...(this.detailsUrl === undefined ? {} : { targetUrl: this.detailsUrl }),
        });
      }
      return undefined;
    });
  }

  /**
   * Completes a check (or status) that was started and not finished, when the run ends in an
   * error: as a failure, so a required check blocks the merge rather than hang "in progress" or
   * pass unverified, with the reason as its summary.
   */
  async abandon(reason: string): Promise<void> {
    if (this.finished || (this.checkRunId === undefined && !this.useStatus)) return;
    const line = reason.split('\n')[0]!;
    await this.finish({
      conclusion: 'failure',
      title: `perf-gate did not finish: ${line.length > 100 ? `${line.slice(0, 99)}…` : line}`,
      summary: `perf-gate stopped before it could judge this change:\n\n\`\`\`\n${reason.slice(0, 4000)}\n\`\`\`\n\nFix the cause and re-run the job.`,
      annotations: [],
    });
  }

  /** The sticky comment: created or updated per `always`, or only when there is something to say (or one exists already). */
  async comment(issueNumber: number, suite: string, body: string, onlyIfExisting: boolean): Promise<string | undefined> {
    if (this.readOnly) return undefined;
    return this.guard('comment on the pull request', async () => {
      const marker = commentMarker(suite);
      const where = { ...this.repo, issueNumber };
      const author = await this.tokenAuthor();
      if (onlyIfExisting && (await findStickyComment(this.client, where, marker, author)) === undefined) return undefined;
      const comment = await upsertStickyComment(this.client, where, marker, body, author);
      core.info(`perf-gate: ${comment.created ? 'commented' : 'updated the comment'}: ${comment.url}`);
      return comment.url;
    });
  }

  /** The login the token posts as: a PAT's user, else the Actions bot (GET /user is refused to it). */
  private async tokenAuthor(): Promise<string> {
    try {
      return (await this.client.rest.users.getAuthenticated()).data.login;
    } catch {
      return 'github-actions[bot]';
    }
  }

  private async guard<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    if (this.readOnly) return undefined;
    try {
      return await action();
    } catch (error) {
      if (isPermissionDenied(error)) {
        this.readOnly = true;
        core.notice(FORK_NOTICE);
      } else {
        core.warning(`perf-gate: could not ${what}: ${errorMessage(error)}`);
      }
      return undefined;
    }
  }
}

/**
 * Runs the rest of a mode; on any error, completes the check run it started (failure, with the reason), then lets the error end the step.
 */
export async function completingCheck(reporter: Reporter, redact: (text: string) => string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await reporter.abandon(redact(errorMessage(error)));
    throw error;
  }
}
