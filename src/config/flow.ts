/** Compiles the setup's and the flows' requests: templates checked against what is captured before them. */
import type { ExpectSpec, FlowStep, JsonSegment, RequestSpec, RequestStep, RequestTemplate, Scenario } from './suite.js';
import type { DataPath, PathIssue } from './source-map.js';
import type { RequestStepFile, FlowFile } from './schema/flow.js';
import { stepEntry, stepNames } from './schema/flow.js';
import type { ScenarioResult } from '../result/result.js';
import { compileTemplate, isTemplated, literalTemplate, type Template } from './template.js';
import type { DataSource } from './data.js';

/** What compiling needs besides the step: the variables known before it, and where problems go. */
export interface FlowCompiler {
  defaultHeaders: Record<string, string>;
  defaultExpect: ExpectSpec;
  resolveRequest: (request: RequestStepFile['request'], defaultHeaders: Record<string, string>) => RequestSpec;
  lineOf: (path: DataPath) => number;
  issues: PathIssue[];
}

/** The setup's steps; returns them and the variables they capture. */
export function compileSetup(steps: RequestStepFile[], compiler: FlowCompiler): { steps: RequestStep[]; captured: Set<string> } {
  const known = new Set<string>();
  const names = stepNames(steps);
  const compiled = steps.map((step, i) => compileRequestStep(step, names[i]!, known, ['setup', i], compiler));
  return { steps: compiled, captured: known };
}

/** A flow's steps, each reading the setup's captures and those of the steps before it. */
export function compileFlow(flow: FlowFile, setupCaptures: ReadonlySet<string>, path: DataPath, compiler: FlowCompiler): FlowStep[] {
  const known = new Set(setupCaptures);
  const names = stepNames(flow);
  let request = 0;
  return flow.map((step, i): FlowStep => {
    if ('pause' in step) return { kind: 'pause', ms: step.pause };
    return compileRequestStep(step, names[request++]!, known, [...path, i], compiler);
  });
}

/** A scenario's single request that uses templates, as a flow of that one step. */
export function compileSingleRequest(
  step: RequestStepFile,
  setupCaptures: ReadonlySet<string>,
  path: DataPath,
  compiler: FlowCompiler,
): FlowStep[] {
  return [compileRequestStep(step, '1', new Set(setupCaptures), path, compiler)];
}

/** Whether a fixed request (with the default headers) uses templates, and so must run as a flow. */
export function usesTemplates(request: RequestSpec): boolean {
  return (
    isTemplated(request.path) ||
    Object.values(request.headers).some(isTemplated) ||
    (request.body !== undefined && isTemplated(request.body))
  );
}

function compileRequestStep(step: RequestStepFile, name: string, known: Set<string>, path: DataPath, compiler: FlowCompiler): RequestStep {
  const spec = compiler.resolveRequest(step.request, compiler.defaultHeaders);
  const at = (...more: PropertyKey[]) => [...path, 'request', ...more];
  const template = (text: string, where: DataPath): Template => {
    const compiled = compileTemplate(text, known);
    if ('template' in compiled) return compiled.template;
    compiler.issues.push({ path: where, message: compiled.problem });
    return { source: text, variables: [], parts: [] };
  };
  const request: RequestTemplate = {
    method: spec.method,
    path: template(spec.path, at('path')),
    headers: Object.entries(spec.headers).map(([header, value]) => [
      header,
      // A default header is reported where the defaults set it.
      template(value, step.request.headers?.[header] !== undefined ? at('headers', header) : ['defaults', 'headers', header]),
    ]),
  };
  if (step.request.json !== undefined) request.body = { json: jsonSegments(step.request.json, at('json'), template) };
  else if (spec.body !== undefined) request.body = { text: template(spec.body, at('body')) };
  const expect = { ...compiler.defaultExpect, ...step.expect };
  const captures = Object.entries(step.capture ?? {}).map(([variable, { source, spec: written }]) => ({ variable, source, spec: written }));
  // Captures become known only after the step: a step cannot read its own.
  for (const capture of captures) known.add(capture.variable);
  return { kind: 'request', name, request, expect, captures, line: compiler.lineOf(path) };
}

/**
 * A JSON body as text and templates in order: the text serialised once, each templated string
 * written as JSON at rendering (a string that is one expression keeps its value's type).
 */
function jsonSegments(value: unknown, path: DataPath, template: (text: string, where: DataPath) => Template): JsonSegment[] {
  const segments: JsonSegment[] = [];
  let text = '';
  const walk = (item: unknown, at: DataPath): void => {
    if (typeof item === 'string' && isTemplated(item)) {
      segments.push(text, template(item, at));
      text = '';
    } else if (Array.isArray(item)) {
      text += '[';
      item.forEach((element, i) => {
        if (i > 0) text += ',';
        walk(element, [...at, i]);
      });
      text += ']';
    } else if (typeof item === 'object' && item !== null) {
      text += '{';
      Object.entries(item).forEach(([key, element], i) => {
        text += `${i > 0 ? ',' : ''}${JSON.stringify(key)}:`;
        walk(element, [...at, key]);
      });
      text += '}';
    } else text += JSON.stringify(item);
  };
  walk(value, path);
  segments.push(text);
  return segments.filter((segment) => segment !== '');
}

/**
 * What a scenario's results are named, each with the line that defines it: the scenario, then a
 * flow's steps, each with the flow it belongs to.
 */
export function measuredEntries(scenario: Scenario): { name: string; line: number; step?: ScenarioResult['step'] }[] {
  const steps = (scenario.flow ?? []).filter((step): step is RequestStep => step.kind === 'request');
  const whole = { name: scenario.name, line: scenario.line };
  return steps.length > 1 ? [whole, ...steps.map((step) => ({ ...stepEntry(scenario.name, step.name), line: step.line }))] : [whole];
}

/** The scenario a result entry belongs to: a flow's step belongs to the flow it names. */
export function scenarioOfEntry<S extends Scenario>(scenarios: readonly S[], entry: Pick<ScenarioResult, 'name' | 'step'>): S | undefined {
  const name = entry.step?.of ?? entry.name;
  return scenarios.find((s) => s.name === name);
}

/**
 * A run's entries with every flow step's parentage. A file written before entries carried it
 * names its steps only: each such entry takes its parentage from the suite's entry of that
 * name, and an entry named as a scenario is that scenario, as it was judged then. Done where a
 * run meets its suite, not when its file is read: most files are read with no suite at hand
 * (shards to merge, baselines on their branch, `compare` without a suite).
 */
export function withStepParentage(scenarios: readonly Scenario[], entries: ScenarioResult[]): ScenarioResult[] {
  const scenarioNames = new Set(scenarios.map((s) => s.name));
  const parentage = new Map(
    scenarios.flatMap(measuredEntries).flatMap((entry) => (entry.step === undefined ? [] : [[entry.name, entry.step]])),
  );
  return entries.map((entry) => {
    const step = entry.step === undefined && !scenarioNames.has(entry.name) ? parentage.get(entry.name) : undefined;
    return step === undefined ? entry : { ...entry, step };
  });
}

/** Steps with `headers` added to every request (the action's `headers` input), taking precedence over the suite's. */
export function withStepHeaders<S extends FlowStep>(steps: readonly S[], headers: Record<string, string>): S[] {
  const added = Object.entries(headers).map(([name, value]): [string, Template] => [name.toLowerCase(), literalTemplate(value)]);
  return steps.map((step) => {
    if (step.kind !== 'request') return step;
    const kept = step.request.headers.filter(([name]) => !added.some(([own]) => own === name));
    return { ...step, request: { ...step.request, headers: [...kept, ...added] } };
  });
}

/** Whether any step of the flow reads a column of the named data file. */
export function readsData(steps: readonly FlowStep[], source: string): boolean {
  return templatesOf(steps).some((template) => template.variables.some((name) => name.startsWith(`${source}.`)));
}

/**
 * The variables a flow reads that neither its own steps capture nor the given setup captures
 * and data files hold: what it would be missing if run with another suite's setup and data.
 */
export function unmetReads(steps: readonly FlowStep[], setup: readonly RequestStep[], data: readonly DataSource[]): string[] {
  const captured = new Set([...setup, ...steps].flatMap((step) => (step.kind === 'request' ? step.captures.map((c) => c.variable) : [])));
  const held = (name: string) => {
    const [source, column] = name.split('.');
    return column === undefined ? captured.has(name) : data.some((d) => d.name === source && d.columns.includes(column));
  };
  return [...new Set(templatesOf(steps).flatMap((template) => template.variables))].filter((name) => !held(name));
}

function templatesOf(steps: readonly FlowStep[]): Template[] {
  return steps.flatMap((step) => {
    if (step.kind !== 'request') return [];
    const { path, headers, body } = step.request;
    const inBody =
      body === undefined
        ? []
        : 'text' in body
          ? [body.text]
          : body.json.filter((segment): segment is Template => typeof segment !== 'string');
    return [path, ...headers.map(([, value]) => value), ...inBody];
  });
}
