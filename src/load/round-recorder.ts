import { createLatencyHistogram, type LatencyHistogram } from '../result/histogram.js';
import type { ExpectSpec } from '../config/suite.js';
import { classifyTransportError, isConnectionFailure, type TransportErrorClass } from './error-class.js';

/** Why a flow's step failed, in the classes a round counts errors by. */
export type StepFailure =
  | { kind: 'status'; status: number }
  | { kind: 'check' }
  | { kind: 'capture' }
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
    this.countResponse(latencyUs, now);
    if (!statusExpected(this.expect, status)) {
      this.countStatusError(status);
      return false;
    }
    if (this.expect.bodyContains !== undefined && !(body ?? '').includes(this.expect.bodyContains)) {
      this.checkErrors++;
      return false;
    }
    this.ok++;
    return true;
  }

  /** A response that met the expectation, but a capture found nothing in it: an error of its own class. */
  recordCaptureError(latencyUs: number, now: number): void {
    this.countResponse(latencyUs, now);
    this.captureErrors++;
  }

  /** A flow's iteration that ended at a failed step: counted in the class of that step's failure. */
  recordFailure(latencyUs: number, failure: StepFailure, now: number): void {
    switch (failure.kind) {
      case 'transport':
        this.recordTransportError(failure.code, now);
        return;
      case 'capture':
        this.recordCaptureError(latencyUs, now);
        return;
      case 'check':
        this.countResponse(latencyUs, now);
        this.checkErrors++;
        return;
      case 'status':
        this.countResponse(latencyUs, now);
        this.countStatusError(failure.status);
    }
  }

  /** A response, whatever it held: counted, and its latency recorded. */
  private countResponse(latencyUs: number, now: number): void {
    this.requests++;
    this.lastCompletion = now;
    this.histogram.recordValue(latencyUs < 1 ? 1 : latencyUs);
  }

  private countStatusError(status: number): void {
    this.statusErrors.set(status, (this.statusErrors.get(status) ?? 0) + 1);
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

export function statusExpected(expect: ExpectSpec, status: number): boolean {
  for (const [low, high] of expect.status) {
    if (status >= low && status <= high) return true;
  }
  return false;
}
