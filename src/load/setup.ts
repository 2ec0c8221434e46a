import type { Connection } from './dispatcher.js';
import type { RequestStep } from '../config/suite.js';
import type { TemplateValue } from '../config/template.js';
import { InterruptedError, SetupFailedError } from '../errors.js';
import type { Clock } from './clock.js';
import { ResponseDeadlines } from './deadline.js';
import { Pauses } from './pauses.js';
import { FlowIteration } from './flow-iteration.js';
import { pathPrefix } from './exchange.js';
import type { StepFailure } from './round-recorder.js';
import { RoundRecorder } from './round-recorder.js';

/**
 * Runs the suite's setup requests once against one target, in order, and returns what they
 * captured (a token, a session cookie's value), shared by every flow. A failed step stops the
 * run with a message naming the step (never a captured value: they may be credentials).
 *
 * Aborting `signal` (the run's interruption, the one its rounds observe) destroys the connection
 * at once, the request in flight with it, and rejects with an InterruptedError naming the step:
 * a login that hangs must not hold a cancelled job past the runner's grace period, nor the CLI's exit.
 */
export async function runSetup(
  steps: readonly RequestStep[],
  connection: Connection,
  options: { origin: string; basePath: string; clock: Clock; timeoutMs: number; signal?: AbortSignal },
): Promise<ReadonlyMap<string, TemplateValue>> {
  if (steps.length === 0) return new Map();
  const { signal } = options;
  // A function, not a property read: the signal fires during the awaits, which TypeScript's narrowing does not know.
  const aborted = () => signal?.aborted === true;
  const interrupted = (step: RequestStep) =>
    new InterruptedError(
      `interrupted during setup step '${step.name}' (line ${step.line}) against ${options.origin}; nothing was measured`,
    );
  if (aborted()) throw interrupted(steps[0]!);
  const recorders = steps.map((step) => new RoundRecorder(step.expect));
  const deadlines = new ResponseDeadlines(options.clock, options.timeoutMs);
  deadlines.start();
  // The connection's destruction fails the request in flight, which ends the iteration below.
  const destroy = () => void connection.destroy().catch(() => undefined);
  signal?.addEventListener('abort', destroy, { once: true });
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
          pauses: new Pauses(options.clock),
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
    if (aborted()) throw interrupted(iteration.currentStep() as RequestStep);
    if (failed !== undefined) {
      const step = iteration.currentStep() as RequestStep;
      throw new SetupFailedError(
        `setup step '${step.name}' (line ${step.line}) against ${options.origin} failed: ${describeFailure(failed, step)}; no scenario can run without it`,
      );
    }
    return new Map([...iteration.captured()]);
  } finally {
    signal?.removeEventListener('abort', destroy);
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
