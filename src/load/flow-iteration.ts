import type { Dispatcher } from 'undici';
import type { Connection } from './dispatcher.js';
import type { FlowStep, JsonSegment, RequestStep, RequestTemplate } from '../config/suite.js';
import { render, templateValue, type RenderScope, type TemplateValue } from '../config/template.js';
import { rowFor, type DataSource } from '../config/data.js';
import { CookieJar, readCapture, type StepResponse } from './capture.js';
import type { Clock } from './clock.js';
import type { ResponseDeadlines } from './deadline.js';
import { errorCode } from './error-class.js';
import type { Job, JobSink } from './phase.js';
import type { Pauses, Pausing } from './pauses.js';
import { responseFailure, type RoundRecorder, type StepFailure } from './round-recorder.js';
import { elapsedUs } from './phase.js';

/** What every iteration of one scenario's flow shares in a phase. */
export interface FlowPlan {
  steps: readonly FlowStep[];
  /** One recorder per request step, in order. */
  stepRecorders: readonly RoundRecorder[];
  /** The target's base path ("" or "/app"), prefixed to every rendered path. */
  basePath: string;
  /** The setup's captures, read by every iteration. */
  setup: ReadonlyMap<string, TemplateValue>;
  /** The suite's data files, by name; `unique` lists those of them with unique rows that this flow reads. */
  data: ReadonlyMap<string, DataSource>;
  unique: readonly DataSource[];
  /** A jar per virtual user kept across its iterations (closed model), or a fresh one per iteration (open model). */
  cookies: 'per-user' | 'per-iteration';
  /** A mix: each iteration runs one step, chosen with these cumulative weights (the last is their sum). */
  mix?: readonly number[];
  /** The next iteration's number, from 1. */
  nextIteration: () => number;
  clock: Clock;
  /** Where the iterations wait out their pause steps: one timer per pause length, for the phase. */
  pauses: Pauses;
  /** The scenario's timeout; the deadlines enforce it over each whole exchange. */
  timeoutMs: number;
  deadlines?: ResponseDeadlines;
}

/**
 * One virtual user's iteration of a flow on its connection: each step rendered from the
 * variables captured so far, sent, checked, its captures read, then the next step (after any
 * think time). A step that fails ends the iteration, in that step's error class; the next
 * iteration starts clean (only the setup's captures and, per user, the cookies carry over).
 *
 * Each request step is measured like a scenario's request (its latency from its send; the first
 * step's from the iteration's intended start in the open model). The iteration as a whole is the
 * job the load model counts: its time runs from `startedAt`, which think time moves later, so
 * the flow's time is what the user spent waiting on the service.
 */
export class FlowIteration implements Job, Pausing, Dispatcher.DispatchHandler, RenderScope {
  /** The iteration's start, moved later by every pause waited (see above). */
  startedAt = 0;
  /** When the step in flight was sent: what the timeout counts from. */
  sentAt = 0;
  counter = 0;
  private readonly variables = new Map<string, TemplateValue>();
  private readonly rows = new Map<string, Record<string, TemplateValue>>();
  private readonly jar = new CookieJar();
  private stepIndex = 0;
  private requestIndex = 0;
  /** The iteration ends after this step: the last one, or the one a mix chose. */
  private lastStep = Infinity;
  private stepStart = 0;
  /** When the pause waiting began. */
  private pausedAt = 0;
  private status = 0;
  private rawHeaders: readonly Buffer[] = NO_HEADERS;
  private chunks: Buffer[] | undefined;
  private abort: ((reason?: Error) => void) | undefined;
  /** The step's response body parsed as JSON, once for all its json captures (reset with each step). */
  private parsed: { json: unknown } | undefined;

  constructor(
    readonly connection: Connection,
    private readonly plan: FlowPlan,
    private readonly sink: JobSink,
  ) {}

  variable(name: string): TemplateValue | undefined {
    const dot = name.indexOf('.');
    if (dot < 0) return this.variables.get(name) ?? this.plan.setup.get(name);
    // A data column: the iteration's row of that file, chosen when first read.
    const source = name.slice(0, dot);
    let row = this.rows.get(source);
    if (row === undefined) {
      row = rowFor(this.plan.data.get(source)!, this.counter) ?? {};
      this.rows.set(source, row);
    }
    return row[name.slice(dot + 1)];
  }

  /** The iteration's first step: 0, or the step a mix chose. */
  private firstStep(): number {
    return this.plan.mix === undefined ? 0 : this.lastStep;
  }

  /** The step running, or the one that failed once the iteration has ended in a failure. */
  currentStep(): FlowStep | undefined {
    return this.plan.steps[this.stepIndex];
  }

  /** The variables the iteration captured (setup reads them after its one iteration). */
  captured(): ReadonlyMap<string, TemplateValue> {
    return this.variables;
  }

  send(startedAt: number): void {
    this.startedAt = startedAt;
    this.stepStart = startedAt;
    this.counter = this.plan.nextIteration();
    // Map.prototype.clear allocates a fresh table even for an empty map: at thousands of
    // iterations a second, that is garbage worth not making.
    if (this.variables.size > 0) this.variables.clear();
    if (this.rows.size > 0) this.rows.clear();
    if (this.plan.unique.some((source) => this.counter > source.rows.length)) {
      this.sink.onExhausted(this, this.plan.clock.now());
      return;
    }
    if (this.plan.cookies === 'per-iteration') this.jar.clear();
    this.stepIndex = 0;
    this.requestIndex = 0;
    const { mix } = this.plan;
    if (mix !== undefined) {
      const drawn = Math.random() * mix.at(-1)!;
      this.stepIndex = this.requestIndex = this.lastStep = mix.findIndex((upTo) => drawn < upTo);
    }
    this.run();
  }

  /** The pause step has been waited out: the flow goes on. */
  resume(now: number): void {
    // The pause as it happened, not as asked: a timer fires up to a few ms late, and that
    // lateness is the generator's, not the target's, so it is left out of the iteration's latency.
    this.startedAt += now - this.pausedAt;
    this.stepIndex += 1;
    this.stepStart = now;
    this.run();
  }

  /** Runs steps until one is in flight, a pause is waiting, or the flow is done. */
  private run(): void {
    const step = this.plan.steps[this.stepIndex];
    if (step === undefined || this.stepIndex > this.lastStep) {
      this.sink.onResponse(this, 200, undefined, this.plan.clock.now());
      return;
    }
    if (step.kind === 'pause') {
      this.pausedAt = this.plan.clock.now();
      this.plan.pauses.wait(this, step.ms);
      return;
    }
    const request = this.dispatchOptions(step.request);
    if (request === undefined) {
      // Never sent, so the step has nothing to record; the iteration fails as a capture.
      this.sink.onFailure(this, { kind: 'capture' }, this.plan.clock.now());
      return;
    }
    this.sentAt = this.plan.clock.now();
    if (this.stepIndex !== this.firstStep()) this.stepStart = this.sentAt;
    this.status = 0;
    this.chunks = needsBody(step) ? [] : undefined;
    this.plan.deadlines?.track(this);
    this.connection.dispatch(request, this);
  }

  /** The step's request, or undefined when a captured value would take the path off the target. */
  private dispatchOptions(template: RequestTemplate): Dispatcher.DispatchOptions | undefined {
    const path = render(template.path, this);
    if (!path.startsWith('/') || path.startsWith('//') || /[\s\p{Cc}]/u.test(path)) return undefined;
    const headers: string[] = [];
    for (const [name, value] of template.headers) headers.push(name, render(value, this));
    const cookies = this.jar.header();
    if (cookies !== undefined) headers.push('cookie', cookies);
    const body =
      template.body === undefined ? null : 'text' in template.body ? render(template.body.text, this) : this.jsonBody(template.body.json);
    return {
      method: template.method,
      path: this.plan.basePath + path,
      headers,
      body,
      headersTimeout: this.plan.timeoutMs,
      bodyTimeout: this.plan.timeoutMs,
    };
  }

  private jsonBody(segments: readonly JsonSegment[]): string {
    let text = '';
    for (const segment of segments) text += typeof segment === 'string' ? segment : JSON.stringify(templateValue(segment, this));
    return text;
  }

  expire(error: Error): void {
    this.abort?.(error);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode >= 200 || this.status === 0) {
      this.status = statusCode;
      this.rawHeaders = rawHeaders;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    // A copy: the lean connection's chunks are views of a read buffer it reuses.
    this.chunks?.push(Buffer.from(chunk));
    return true;
  }

  onComplete(): void {
    const now = this.plan.clock.now();
    this.settle();
    const step = this.plan.steps[this.stepIndex] as RequestStep;
    const recorder = this.plan.stepRecorders[this.requestIndex]!;
    const body = this.chunks === undefined ? undefined : Buffer.concat(this.chunks).toString('utf8');
    this.chunks = undefined;
    const latencyUs = elapsedUs(this.stepStart, now);
    this.jar.update(this.rawHeaders);
    const failure = responseFailure(step.expect, this.status, body) ?? this.capture(step, body);
    this.forgetResponse();
    if (failure !== undefined) {
      this.fail(failure, latencyUs, now);
      return;
    }
    recorder.recordSuccess(latencyUs, now);
    this.stepIndex += 1;
    this.requestIndex += 1;
    this.run();
  }

  /** Reads the step's captures into the variables; a capture that finds nothing fails the step. */
  private capture(step: RequestStep, body: string | undefined): StepFailure | undefined {
    if (step.captures.length === 0) return undefined;
    const response: StepResponse = { rawHeaders: this.rawHeaders, body, json: () => this.json(body) };
    for (const capture of step.captures) {
      const value = readCapture(capture.source, response);
      if (value === undefined)
        return { kind: 'capture', missed: `step '${step.name}' (line ${step.line}): ${capture.variable} from ${capture.spec}` };
      this.variables.set(capture.variable, value);
    }
    return undefined;
  }

  onError(error: Error): void {
    const now = this.plan.clock.now();
    this.settle();
    this.chunks = undefined;
    this.forgetResponse();
    this.fail({ kind: 'transport', code: errorCode(error) }, elapsedUs(this.stepStart, now), now);
  }

  /**
   * The step in flight failed: it is recorded as such, and the iteration ends in that class. A
   * missed capture is named on the iteration's record only (it names the step): a step's own
   * record would repeat it.
   */
  private fail(failure: StepFailure, latencyUs: number, now: number): void {
    this.plan.stepRecorders[this.requestIndex]!.recordFailure(latencyUs, failure.kind === 'capture' ? UNNAMED_CAPTURE : failure, now);
    this.sink.onFailure(this, failure, now);
  }

  private json(body: string | undefined): unknown {
    if (this.parsed === undefined) {
      let json: unknown;
      try {
        json = JSON.parse(body ?? '');
      } catch {
        json = undefined;
      }
      this.parsed = { json };
    }
    return this.parsed.json;
  }

  private settle(): void {
    this.plan.deadlines?.untrack(this);
    this.abort = undefined;
  }

  /**
   * Lets go of the step's response as soon as it has been read, not when the next step is sent:
   * held through a think time, every response's headers outlived the young generation, and a
   * run of thousands of users grew the old one by megabytes a second between full collections.
   */
  private forgetResponse(): void {
    this.rawHeaders = NO_HEADERS;
    this.parsed = undefined;
  }
}

const NO_HEADERS: readonly Buffer[] = [];

const UNNAMED_CAPTURE: StepFailure = { kind: 'capture' };

/** A body is kept only when the step checks it or captures from it. */
function needsBody(step: RequestStep): boolean {
  return step.expect.bodyContains !== undefined || step.captures.some((c) => c.source.from === 'json' || c.source.from === 'regex');
}
