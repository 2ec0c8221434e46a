import type { GitHubClient, Repo } from './client.js';
import type { CheckAnnotation, CheckConclusion } from '../report/check-run.js';

/**
 * GitHub's limits on a check run's output (the summary's is report/size-limit.ts's CHECK_SUMMARY_LIMIT: the report is rendered to fit it).
 */
export const ANNOTATIONS_PER_REQUEST = 50;
const ANNOTATION_TITLE_MAX = 255;

/** Created `in_progress` when measuring starts, so the PR shows the gate is running. */
export async function startCheckRun(
  client: GitHubClient,
  where: Repo,
  name: string,
  headSha: string,
  detailsUrl?: string,
): Promise<number> {
  const { data } = await client.rest.checks.create({
    owner: where.owner,
    repo: where.repo,
    name,
    head_sha: headSha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    ...(detailsUrl === undefined ? {} : { details_url: detailsUrl }),
  });
  return data.id;
}

/**
 * Completes the check run with its verdict, the report as summary, and annotations on the suite
 * file's lines, at most 50 per request as GitHub allows: the rest follow in further updates.
 */
export async function completeCheckRun(
  client: GitHubClient,
  where: Repo,
  id: number,
  result: { conclusion: CheckConclusion; title: string; summary: string; annotations: CheckAnnotation[] },
): Promise<string> {
  const annotations = result.annotations.map((a) => ({
    path: a.path,
    start_line: a.line,
    end_line: a.line,
    annotation_level: a.level,
    title: a.title.slice(0, ANNOTATION_TITLE_MAX),
    message: a.message,
  }));
  const output = (batch: typeof annotations) => ({
    title: result.title,
    summary: result.summary,
    ...(batch.length > 0 ? { annotations: batch } : {}),
  });
  const { data } = await client.rest.checks.update({
    owner: where.owner,
    repo: where.repo,
    check_run_id: id,
    status: 'completed',
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: output(annotations.slice(0, ANNOTATIONS_PER_REQUEST)),
  });
  for (let i = ANNOTATIONS_PER_REQUEST; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    await client.rest.checks.update({
      owner: where.owner,
      repo: where.repo,
      check_run_id: id,
      output: output(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST)),
    });
  }
  return data.html_url ?? '';
}
