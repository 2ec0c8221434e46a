import type { Secret } from './interpolate.js';
import type { Template } from './template.js';
import type { DataSource } from './data.js';
import type { Share } from './share.js';

/**
 * The suite as the rest of perf-gate sees it: parsed, validated, defaults applied,
 * durations in milliseconds, environment variables interpolated. Only src/config builds it.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface RequestSpec {
  method: HttpMethod;
  /** Starts with "/", may carry a query string; joined to the target's base path. */
  path: string;
  /** Lower-case names. Values may hold secrets interpolated from the environment: never print them. */
  headers: Record<string, string>;
  /** Serialized body (`json` is stringified and gets `content-type: application/json`). */
  body?: string;
}

/** A request of a flow, its templates compiled (see template.ts). */
export interface RequestTemplate {
  method: HttpMethod;
  path: Template;
  headers: [name: string, value: Template][];
  /** A JSON body (its templated strings written as JSON values), or a raw body template. */
  body?: { json: JsonSegment[] } | { text: Template };
}

/** A piece of a JSON body: serialised JSON text, or a templated string's place. */
export type JsonSegment = string | Template;

/** Where a capture reads its value from a response. */
export type CaptureSource =
  | { from: 'json'; path: (string | number)[] }
  | { from: 'header'; name: string }
  | { from: 'cookie'; name: string }
  | { from: 'regex'; regex: RegExp };

export interface Capture {
  readonly variable: string;
  readonly source: CaptureSource;
  /** As written in the suite file, for messages (`json: items[0].id`). */
  readonly spec: string;
}

/** A request in a flow or in setup, measured on its own; its captures feed the steps after it. */
export interface RequestStep {
  kind: 'request';
  /** Unique in its flow; the results name it `<scenario>/<step>`. */
  name: string;
  request: RequestTemplate;
  expect: ExpectSpec;
  captures: Capture[];
  /** 1-based line of the step in the suite file. */
  line: number;
}

/** Think time between steps: waited, never measured. */
export interface PauseStep {
  kind: 'pause';
  ms: number;
}

export type FlowStep = RequestStep | PauseStep;

/** One stage of ramping connections: from the previous stage's count (or `startConnections`) to `connections`. */
export interface ConnectionStage {
  durationMs: number;
  connections: number;
}

/**
 * Closed model: `connections` workers, each sends its next request when the last one ends. With
 * `stages`, the number of workers ramps stage by stage; `connections` is then the most at once.
 */
export interface ClosedLoad {
  model: 'closed';
  connections: number;
  durationMs: number;
  stages?: ConnectionStage[];
  /** The number of workers the first stage ramps from. */
  startConnections?: number;
}

/** One stage of a ramping rate: from the previous stage's rate (or `startRate`) to `rate`, linearly. */
export interface RateStage {
  durationMs: number;
  rate: number;
}

/**
 * Open model: starts at a fixed `rate` (req/s) whatever the responses; at most `connections` in
 * flight. With `stages`, the rate ramps stage by stage instead (ramp, burst, stress patterns);
 * `rate` is then the mean rate and `durationMs` the stages' total.
 */
export interface OpenLoad {
  model: 'open';
  rate: number;
  connections: number;
  durationMs: number;
  stages?: RateStage[];
  /** The rate the first stage ramps from (req/s). */
  startRate?: number;
}

export type LoadSpec = ClosedLoad | OpenLoad;

/** Inclusive status ranges; `200` is [200, 200], `"2xx"` is [200, 299]. */
export type StatusRange = readonly [number, number];

export interface ExpectSpec {
  status: StatusRange[];
  /** When set, the response body must contain this text, or the request counts as a `check` error. */
  bodyContains?: string;
}

import type { BudgetMetric, GateMetric } from '../result/metrics.js';

/** Metrics the relative gate compares, and those an absolute budget can bound (see src/result/metrics.ts). */
export type { BudgetMetric, GateMetric } from '../result/metrics.js';

/**
 * How one metric of one scenario is judged against a baseline. `threshold` is relative for
 * latencies and rps (0.1 = 10 %) and absolute for errorRate (0.01 = 1 percentage point).
 */
export interface MetricPolicy {
  threshold: number;
  blocking: boolean;
}

export interface Scenario {
  name: string;
  /** The request as written; for a flow, its first step's (what a result names as method and path). */
  request: RequestSpec;
  /**
   * Set when the scenario is a flow (`flow:`) or its request uses templates: the steps each
   * iteration runs, in order. Absent for a fixed request, which takes the engine's fastest path.
   */
  flow?: FlowStep[];
  /**
   * Set for a mix: each iteration runs one of the flow's steps (all requests), chosen at random
   * with these weights, in the steps' order.
   */
  mix?: number[];
  load: LoadSpec;
  warmupMs: number;
  rounds: number;
  timeoutMs: number;
  expect: ExpectSpec;
  /** 1-based line of the scenario in the suite file (for messages and annotations). */
  line: number;
  /** The relative gate for this scenario, every metric resolved (defaults, suite, scenario). */
  gate: Record<GateMetric, MetricPolicy>;
}

/** Absolute budgets; every field is optional. Latencies in ms, errorRate a fraction 0..1. */
export interface Budget extends Partial<Record<BudgetMetric, number>> {
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  p999?: number;
  max?: number;
  errorRate?: number;
  /** Minimum achieved requests per second. */
  rps?: number;
  /** The service's CPU ms per request (needs a service source, as the three below). */
  cpuPerRequest?: number;
  /** The service's CPU utilisation in its busiest round, in cores (0.8 = 80 % of one core). */
  cpu?: number;
  /** The service's highest resident memory at a round's end, in bytes. */
  rss?: number;
  /** Growth of the service's resident memory over the scenario's rounds, in bytes per minute. */
  rssGrowth?: number;
}

export interface ServiceSpec {
  /** A path on each target ("/metrics") or a URL: the service's Prometheus endpoint. */
  metrics?: string;
  /** A shell command perf-gate starts before the run and stops after it. */
  command?: string;
  /** With command: the path polled until it answers 2xx, and for how long. */
  readyPath: string;
  readyTimeoutMs: number;
}

export interface Suite {
  /** Suite name: `name:` in the file, else the file's base name without extension. [A-Za-z0-9._-]+ */
  name: string;
  /** The file the suite was read from, as given. */
  file: string;
  /** Base URL (http or https, may carry a base path); absent when the file names none. */
  target?: string;
  scenarios: Scenario[];
  /** Requests run once per run and target, before the warm-up; their captures are shared by every flow. */
  setup: RequestStep[];
  /** Data files whose rows the flows read ({{ source.column }}). */
  data: DataSource[];
  /** Where the service's own CPU time and memory are read; absent when the suite names no source. */
  service?: ServiceSpec;
  /**
   * The part of the load this suite runs when it is split over shards or worker threads (see
   * share.ts); absent, the whole. Its scenarios' loads stay the whole's: the engine deals this
   * share its part of them, and numbers its flows' iterations (so {{ counter }} and unique rows)
   * index + 1, index + 1 + count, …, which never repeat across shares.
   */
  share?: Share;
  /** Keyed by scenario name or "*" (every scenario). */
  budgets: Record<string, Budget>;
  /** Values interpolated from the environment (`${{ env.NAME }}`): never written to a file, a report or a log (see redact.ts). */
  secrets: Secret[];
  /** Suite-wide settings of the relative gate. */
  gate: {
    /** Family-wise significance level over the blocking metrics (Holm). Default 0.01. */
    alpha: number;
    /** Time budget for adaptive rounds (more rounds when a blocking metric is inconclusive). Default 3m. */
    maxDurationMs: number;
    /** A/B mode: the CV of one deployment against another, when the suite states it (else a prior, learnt from A/A records). */
    deploymentNoise?: number;
    /** What fails the check: a regression (an undecided run passes with a warning; the default) or also an undecided run. */
    failOn: 'regression' | 'inconclusive';
  };
}
