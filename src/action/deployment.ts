import * as core from '@actions/core';
import { isDeploymentEvent, type RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';

/**
 * A deployment event whose deployment is not serving yet (pending, failed, or a Vercel event
 * other than ready): nothing to measure. Says so and sets the verdict output to skipped.
 */
export function deploymentNotReady(inputs: ActionInputs, context: RunContext): boolean {
  if (!isDeploymentEvent(context.eventName) || context.deploymentState === 'success' || inputs.targetUrl !== undefined) return false;
  core.notice(`perf-gate: deployment state is "${context.deploymentState ?? 'unknown'}", not success: nothing to measure yet`);
  core.setOutput('verdict', 'skipped');
  return true;
}
