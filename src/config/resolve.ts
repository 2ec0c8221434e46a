/** A validated suite file → the Suite the rest of perf-gate runs: defaults applied, bodies serialized. */
import { basename, extname } from 'node:path';
import {
  DEFAULT_ALPHA,
  DEFAULT_DURATION_MS,
  DEFAULT_GATE,
  DEFAULT_MAX_DURATION_MS,
  DEFAULT_OPEN_CONNECTIONS,
  DEFAULT_ROUNDS,
  DEFAULT_STATUS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WARMUP_MS,
} from './defaults.js';
import type { SuiteFile } from './schema.js';
import type { DataPath, PathIssue } from './source-map.js';
import type { ExpectSpec, GateMetric, LoadSpec, MetricPolicy, RequestSpec, Scenario, Suite } from './suite.js';
import { compileFlow, compileSetup, compileSingleRequest, usesTemplates, type FlowCompiler } from './flow.js';
import { readDataFile, type DataFileReader, type DataSource } from './data.js';

type ScenarioFile = SuiteFile['scenarios'][number];
type RequestFile = NonNullable<ScenarioFile['request']>;
type Defaults = NonNullable<SuiteFile['defaults']>;
/** The part of a gate section a scenario may set too. */
/** How long a service perf-gate starts may take to answer ready. */
const DEFAULT_READY_TIMEOUT_MS = 30_000;

type GateLevel = NonNullable<ScenarioFile['gate']>;

/**
 * The Suite, or the problems found compiling its flows' templates (a variable no step captured
 * before it, an unknown built-in), each at its place in the file.
 */
export function resolveSuite(
  parsed: SuiteFile,
  file: string,
  dataFiles: DataFileReader,
  lineOf: (path: DataPath) => number,
): { suite: Omit<Suite, 'secrets'> } | { issues: PathIssue[] } {
  const defaults: Defaults = parsed.defaults ?? {};
  const compiler: FlowCompiler = {
    defaultHeaders: defaults.headers ?? {},
    defaultExpect: resolveExpect(defaults.expect ?? {}, {}),
    resolveRequest,
    lineOf,
    issues: [],
  };
  // The defaults are the scenarios': a login runs before the token its default header reads exists.
  const setup = compileSetup(parsed.setup ?? [], { ...compiler, defaultHeaders: {}, defaultExpect: resolveExpect({}, {}) });
  const data = readData(parsed.data ?? {}, dataFiles, compiler.issues);
  // What a flow may read before its first capture: the setup's captures and every data column.
  const known = new Set([...setup.captured, ...data.flatMap((source) => source.columns.map((column) => `${source.name}.${column}`))]);
  const scenarios = parsed.scenarios.map((scenario, index): Scenario => {
    const path = ['scenarios', index];
    const resolved = { ...resolveScenario(scenario, defaults, parsed.gate), line: lineOf(path) };
    const scenarioCompiler = { ...compiler, defaultExpect: resolved.expect };
    if (scenario.flow !== undefined) return { ...resolved, flow: compileFlow(scenario.flow, known, [...path, 'flow'], scenarioCompiler) };
    if (scenario.mix !== undefined) {
      return {
        ...resolved,
        flow: compileFlow(scenario.mix, known, [...path, 'mix'], scenarioCompiler),
        mix: scenario.mix.map((member) => member.weight),
      };
    }
    if (!usesTemplates(resolved.request)) return resolved;
    // A single request with templates ({{ random(1, 100) }}, a setup's token) runs as a one-step flow.
    return {
      ...resolved,
      flow: compileSingleRequest({ request: scenario.request!, expect: scenario.expect }, known, path, scenarioCompiler),
    };
  });
  if (compiler.issues.length > 0) return { issues: compiler.issues };
  return {
    suite: {
      name: parsed.name ?? nameFromFile(file),
      file,
      ...(parsed.target !== undefined && { target: parsed.target }),
      setup: setup.steps,
      data,
      ...(parsed.service !== undefined && {
        service: {
          ...(parsed.service.metrics !== undefined && { metrics: parsed.service.metrics }),
          ...(parsed.service.command !== undefined && { command: parsed.service.command }),
          readyPath: parsed.service.ready ?? '/',
          readyTimeoutMs: parsed.service.ready_timeout ?? DEFAULT_READY_TIMEOUT_MS,
        },
      }),
      scenarios,
      budgets: parsed.thresholds ?? {},
      gate: {
        alpha: parsed.gate?.alpha ?? DEFAULT_ALPHA,
        maxDurationMs: parsed.gate?.maxDurationMs ?? DEFAULT_MAX_DURATION_MS,
        failOn: parsed.gate?.failOn ?? 'regression',
        ...(parsed.gate?.deploymentNoise !== undefined && { deploymentNoise: parsed.gate.deploymentNoise }),
      },
    },
  };
}

function resolveScenario(scenario: ScenarioFile, defaults: Defaults, suiteGate: GateLevel | undefined): Omit<Scenario, 'line'> {
  // A flow's scenario-level request (what results name) is its first step's.
  const firstStep = (scenario.flow ?? scenario.mix)?.find((step) => 'request' in step);
  const request = scenario.request ?? (firstStep as { request: RequestFile }).request;
  return {
    name: scenario.name,
    request: resolveRequest(request, defaults.headers ?? {}),
    load: resolveLoad(scenario.load, defaults.duration ?? DEFAULT_DURATION_MS),
    warmupMs: scenario.warmup ?? defaults.warmup ?? DEFAULT_WARMUP_MS,
    rounds: scenario.rounds ?? defaults.rounds ?? DEFAULT_ROUNDS,
    timeoutMs: scenario.timeout ?? defaults.timeout ?? DEFAULT_TIMEOUT_MS,
    expect: resolveExpect(defaults.expect ?? {}, scenario.expect ?? {}),
    gate: resolveGate(suiteGate, scenario.gate),
  };
}

/** The data files; a file that cannot be used is an issue at its `file` field. */
function readData(declared: NonNullable<SuiteFile['data']>, dataFiles: DataFileReader, issues: PathIssue[]): DataSource[] {
  return Object.entries(declared).flatMap(([name, { file, order }]) => {
    const read = readDataFile(dataFiles, file);
    if ('problem' in read) {
      issues.push({ path: ['data', name, 'file'], message: read.problem });
      return [];
    }
    return [{ name, file, order: order ?? 'sequential', ...read }];
  });
}

function resolveExpect(defaults: Partial<ExpectSpec>, own: Partial<ExpectSpec>): ExpectSpec {
  const expect = { ...defaults, ...own };
  return {
    status: expect.status ?? [DEFAULT_STATUS],
    ...(expect.bodyContains !== undefined && { bodyContains: expect.bodyContains }),
  };
}

/**
 * Each metric's threshold from the most specific place that sets it: the scenario's metrics,
 * the scenario's threshold, the suite's metrics, the suite's threshold, the defaults. A
 * blocking list replaces the one below it whole, so a scenario can also block less.
 */
function resolveGate(suiteGate: GateLevel | undefined, scenarioGate: GateLevel | undefined): Record<GateMetric, MetricPolicy> {
  const thresholds = { ...levelThresholds(suiteGate), ...levelThresholds(scenarioGate) };
  const blocking = scenarioGate?.blocking ?? suiteGate?.blocking;
  const policy = (metric: GateMetric, fallback: MetricPolicy): MetricPolicy => ({
    threshold: thresholds[metric] ?? fallback.threshold,
    blocking: blocking?.includes(metric) ?? fallback.blocking,
  });
  return {
    p50: policy('p50', DEFAULT_GATE.p50),
    p95: policy('p95', DEFAULT_GATE.p95),
    p99: policy('p99', DEFAULT_GATE.p99),
    rps: policy('rps', DEFAULT_GATE.rps),
    errorRate: policy('errorRate', DEFAULT_GATE.errorRate),
    cpuPerRequest: policy('cpuPerRequest', DEFAULT_GATE.cpuPerRequest),
  };
}

/** The thresholds one gate section sets, per metric. */
function levelThresholds(gate: GateLevel | undefined): Partial<Record<GateMetric, number>> {
  const relative = gate?.threshold;
  // errorRate is left out: its threshold is absolute, so a relative one cannot stand in for it.
  const byDefault = relative === undefined ? {} : { p50: relative, p95: relative, p99: relative, rps: relative, cpuPerRequest: relative };
  return { ...byDefault, ...gate?.metrics };
}

function resolveRequest(request: RequestFile, defaultHeaders: Record<string, string>): RequestSpec {
  const headers = { ...defaultHeaders, ...request.headers };
  let body = request.body;
  if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    headers['content-type'] ??= 'application/json';
  }
  return { method: request.method ?? 'GET', path: request.path, headers, ...(body !== undefined && { body }) };
}

function resolveLoad(load: ScenarioFile['load'], defaultDurationMs: number): LoadSpec {
  const durationMs = load.durationMs ?? defaultDurationMs;
  if (load.model === 'closed') {
    if ('stages' in load)
      return {
        model: 'closed',
        connections: load.connections,
        durationMs,
        stages: load.stages,
        ...(load.startConnections !== undefined && { startConnections: load.startConnections }),
      };
    return { model: 'closed', connections: load.connections, durationMs };
  }
  const connections = load.connections ?? DEFAULT_OPEN_CONNECTIONS;
  if ('stages' in load)
    return {
      model: 'open',
      rate: load.rate,
      connections,
      durationMs,
      stages: load.stages,
      ...(load.startRate !== undefined && { startRate: load.startRate }),
    };
  return { model: 'open', rate: load.rate, connections, durationMs };
}

/** The file's base name, made a valid suite name ("my suite.yml" → "my-suite"). */
function nameFromFile(file: string): string {
  const base = basename(file, extname(file))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base || 'suite';
}
