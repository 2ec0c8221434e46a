import { createLatencyHistogram, type LatencyHistogram } from '../result/histogram.js';
import type { ExpectSpec } from '../config/suite.js';
import { classifyTransportError, isConnectionFailure, type TransportErrorClass } from './error-class.js';

/** Why a flow's step failed, in the classes a round counts errors by. */
export type StepFailure =
  | { kind: 'status'; status: number }
  | { kind: 'check' }
  /**
   * `missed`: the step and the capture that found nothing, as the suite names them (never the
   * value); absent when a captured value would have taken a path off the target.
   */
  | { kind: 'capture'; missed?: string }
  | { kind: 'transport'; code: string };

/**
 * What one phase (a warm-up or a round) observed. Latencies go into an HDR histogram, never
 * into an array, so memory stays flat whatever the duration. Every failure is counted by class.
 */
export class RoundRecorder {
  readonly histogram: LatencyHistogram = createLatencyHistogram();
  /** Completed exchanges: responses of any status plus transport failures. */
  requests = 0;
  /** Responses that met the expectation. */
  ok = 0;
  readonly statusErrors = new Map<number, number>();
  checkErrors = 0;
  /** Responses a flow's capture found nothing in. */
  captureErrors = 0;
  /** Of those, how many each step's capture missed (StepFailure's `missed`), so a warning can name it. */
  readonly captureMisses = new Map<string, number>();
  readonly transportErrors: Record<TransportErrorClass, number> = {
    timeout: 0,
    refused: 0,
    reset: 0,
    dns: 0,
    other: 0,
  };
  /** Codes seen under `other`, so the report can say what they were. */
  readonly otherCodes = new Map<string, number>();
  connectionFailures = 0;
  /** The phase ended early: a flow's unique data rows ran out, so no iteration could start any more. */
  dataRanOut = false;
  /** Monotonic ms of the last completion, to measure the round's true length. */
  lastCompletion = 0;

  constructor(private readonly expect: ExpectSpec) {}

  get errors(): number {
    return this.requests - this.ok;
  }

  /**
   * Records a whole response; its latency counts whatever the status (a slow 500 is still slow).
   * Returns whether it met the expectation.
   */
  recordResponse(latencyUs: number, status: number, body: string | undefined, now: number): boolean {
    const failure = responseFailure(this.expect, status, body);
    if (failure === undefined) this.recordSuccess(latencyUs, now);
    else this.recordFailure(latencyUs, failure, now);
    return failure === undefined;
  }

  /** A response that met every expectation (a flow's step: its captures found their values too). */
  recordSuccess(latencyUs: number, now: number): void {
    this.countResponse(latencyUs, now);
    this.ok++;
  }

  /** A request that failed (a flow's step, or the iteration that ended there): counted in the class of its failure. */
  recordFailure(latencyUs: number, failure: StepFailure, now: number): void {
    if (failure.kind === 'transport') {
      this.recordTransportError(failure.code, now);
      return;
    }
    this.countResponse(latencyUs, now);
    if (failure.kind === 'status') this.statusErrors.set(failure.status, (this.statusErrors.get(failure.status) ?? 0) + 1);
    else if (failure.kind === 'check') this.checkErrors++;
    else {
      this.captureErrors++;
      if (failure.missed !== undefined) this.captureMisses.set(failure.missed, (this.captureMisses.get(failure.missed) ?? 0) + 1);
    }
  }

  /** A response, whatever it held: counted, and its latency recorded. */
  private countResponse(latencyUs: number, now: number): void {
    this.requests++;
    this.lastCompletion = now;
    this.histogram.recordValue(latencyUs < 1 ? 1 : latencyUs);
  }

  recordTransportError(code: string, now: number): TransportErrorClass {
    this.requests++;
    this.lastCompletion = now;
    const errorClass = classifyTransportError(code);
    this.transportErrors[errorClass]++;
    if (errorClass === 'other') this.otherCodes.set(code, (this.otherCodes.get(code) ?? 0) + 1);
    if (isConnectionFailure(errorClass, code)) this.connectionFailures++;
    return errorClass;
  }
}

/** What a response failed its expectation on, or undefined when it met it. */
export function responseFailure(expect: ExpectSpec, status: number, body: string | undefined): StepFailure | undefined {
  if (!statusExpected(expect, status)) return { kind: 'status', status };
  if (expect.bodyContains !== undefined && !(body ?? '').includes(expect.bodyContains)) return { kind: 'check' };
  return undefined;
}

function statusExpected(expect: ExpectSpec, status: number): boolean {
  for (const [low, high] of expect.status) {
    if (status >= low && status <= high) return true;
  }
  return false;
}
