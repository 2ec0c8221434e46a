import type { Connection } from './dispatcher.js';
import type { RequestStep } from '../config/suite.js';
import type { TemplateValue } from '../config/template.js';
import { SetupFailedError } from '../errors.js';
import type { Clock } from './clock.js';
import { ResponseDeadlines } from './deadline.js';
import { FlowIteration } from './flow-iteration.js';
import { pathPrefix } from './exchange.js';
import type { StepFailure } from './round-recorder.js';
import { RoundRecorder } from './round-recorder.js';

/**
 * Runs the suite's setup requests once against one target, in order, and returns what they
 * captured (a token, a session cookie's value), shared by every flow. A failed step stops the
 * run with a message naming the step (never a captured value: they may be credentials).
 */
export async function runSetup(
  steps: readonly RequestStep[],
  connection: Connection,
  options: { origin: string; basePath: string; clock: Clock; timeoutMs: number },
): Promise<ReadonlyMap<string, TemplateValue>> {
  if (steps.length === 0) return new Map();
  const recorders = steps.map((step) => new RoundRecorder(step.expect));
  const deadlines = new ResponseDeadlines(options.clock, options.timeoutMs);
  deadlines.start();
  try {
    let failed: StepFailure | undefined;
    const iteration = await new Promise<FlowIteration>((resolve) => {
      const done = (job: unknown) => resolve(job as FlowIteration);
      const flow: FlowIteration = new FlowIteration(
        connection,
        {
          steps,
          stepRecorders: recorders,
          basePath: pathPrefix(options.basePath),
          setup: new Map(),
          data: new Map(),
          unique: [],
          cookies: 'per-user',
          nextIteration: () => 1,
          clock: options.clock,
          timeoutMs: options.timeoutMs,
          deadlines,
        },
        {
          onResponse: done,
          onTransportError: done,
          onExhausted: done,
          onFailure(job, failure) {
            failed = failure;
            done(job);
          },
        },
      );
      flow.send(options.clock.now());
    });
    if (failed !== undefined) {
      const step = iteration.currentStep() as RequestStep;
      throw new SetupFailedError(
        `setup step '${step.name}' (line ${step.line}) against ${options.origin} failed: ${describeFailure(failed, step)}; no scenario can run without it`,
      );
    }
    return new Map([...iteration.captured()]);
  } finally {
    deadlines.stop();
  }
}

function describeFailure(failure: StepFailure, step: RequestStep): string {
  switch (failure.kind) {
    case 'status':
      return `HTTP ${failure.status}, expected ${step.expect.status.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(', ')}`;
    case 'check':
      return `the response does not contain the expected text`;
    case 'capture':
      return `a capture found nothing in the response (${step.captures.map((c) => `${c.variable} from ${c.spec}`).join(', ')})`;
    case 'transport':
      return `no response (${failure.code})`;
  }
}
