import { normalizeTarget, targetProblem } from '../config/target.js';
import type { Suite } from '../config/suite.js';
import { InputError } from '../errors.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';

/** What to measure: the target-url input, else the deployment the event names, else the suite's target. */
export function resolveTarget(inputs: ActionInputs, context: RunContext, suite: Suite): URL {
  if (inputs.targetUrl !== undefined) return url(inputs.targetUrl, 'target-url');
  if (context.deploymentUrl !== undefined) {
    return url(
      context.deploymentUrl,
      context.eventName === 'repository_dispatch' ? 'the repository_dispatch client_payload.url' : 'the deployment_status environment_url',
    );
  }
  if (suite.target !== undefined) return new URL(suite.target);
  throw new InputError(
    'no target to measure: set the target-url input, run on deployment_status or Vercel repository_dispatch events, or set target: in the suite file',
  );
}

/** The base deployment of the interleaved A/B mode, when the baseline-url input names one. */
export function resolveBase(inputs: ActionInputs): URL | undefined {
  return inputs.baselineUrl === undefined ? undefined : url(inputs.baselineUrl, 'baseline-url');
}

function url(text: string, source: string): URL {
  const problem = targetProblem(text);
  if (problem !== undefined) throw new InputError(`${source}: ${problem}`);
  return new URL(normalizeTarget(text));
}
