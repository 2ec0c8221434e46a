import * as core from '@actions/core';
import type { Suite } from '../config/suite.js';
import { createClient, type GitHubClient } from '../github/client.js';
import { isDeploymentEvent, pullRequestOfRun, type RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { resolveBase, resolveTarget } from './target.js';

/** What the measuring modes (gate, record) know before they measure. */
export interface Measuring {
  target: URL;
  /** The base deployment of the A/B mode (baseline-url). */
  base: URL | undefined;
  client: GitHubClient;
  pullRequest: RunContext['pullRequest'];
}

/**
 * The target, the base, a client and the run's pull request; undefined when a deployment event's
 * deployment is not serving yet (pending, failed, or a Vercel event other than ready), which is
 * said, with the verdict output set to skipped.
 */
export async function measuring(inputs: ActionInputs, context: RunContext, suite: Suite): Promise<Measuring | undefined> {
  if (isDeploymentEvent(context.eventName) && context.deploymentState !== 'success' && inputs.targetUrl === undefined) {
    core.notice(`perf-gate: deployment state is "${context.deploymentState ?? 'unknown'}", not success: nothing to measure yet`);
    core.setOutput('verdict', 'skipped');
    return undefined;
  }
  const target = resolveTarget(inputs, context, suite);
  const base = resolveBase(inputs);
  const client = await createClient(inputs.githubToken, context.apiUrl, core.info);
  return { target, base, client, pullRequest: await pullRequestOfRun(client, context) };
}
