/**
 * `${{ env.NAME }}` in target and header values, so secrets (tokens, preview URLs) stay out of the
 * suite file. The syntax mirrors GitHub Actions expressions, but only env is supported: a
 * workflow passes secrets to the step through `env:`.
 *
 * In YAML, `{` and `}` end a flow mapping, so a value containing `${{` inside `{ ... }` must be
 * quoted: `headers: { authorization: "Bearer ${{ env.TOKEN }}" }`. Block mappings need no quotes.
 *
 * Messages never include a variable's value.
 */
import { isRecord } from './is-record.js';
import { escapeTemplate } from './template.js';
import { excerpt } from './wording.js';
import type { DataPath, PathIssue } from './source-map.js';

const EXPRESSION = /\$\{\{(.*?)\}\}/gs;
const ENV_REFERENCE = /^\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*$/;

type Interpolation = { value: string; secrets: Secret[] } | { problems: string[] };

/** A value taken from the environment, and the variable it came from. */
export interface Secret {
  name: string;
  value: string;
}

/** `escape` is applied to each value inserted (a request's fields keep a value's "{{" as text: see template.ts). */
export function interpolate(text: string, env: NodeJS.ProcessEnv, escape: (value: string) => string = (value) => value): Interpolation {
  const problems: string[] = [];
  const secrets: Secret[] = [];
  const value = text.replace(EXPRESSION, (expression, inner: string) => {
    const name = ENV_REFERENCE.exec(inner)?.[1];
    if (name === undefined) {
      problems.push(`unsupported expression ${excerpt(expression)}: only \${{ env.NAME }} is supported`);
      return '';
    }
    const variable = env[name];
    if (variable === undefined) problems.push(`environment variable ${excerpt(name)} is not set`);
    // Forks' pull requests get secrets as empty strings: an empty token would only show up
    // later as a wall of 401s.
    else if (variable === '') problems.push(`environment variable ${excerpt(name)} is empty`);
    else secrets.push({ name, value: variable });
    return escape(variable ?? '');
  });
  if (text.replace(EXPRESSION, '').includes('${{')) problems.push('unclosed ${{: expected ${{ env.NAME }}');
  return problems.length > 0 ? { problems } : { value, secrets };
}

/**
 * Interpolates the raw suite data in place, and says which values came from the environment (to
 * be kept out of every file, report and log). A value that cannot be interpolated is removed, so
 * the schema does not report it a second time.
 */
export function interpolateSuite(raw: unknown, env: NodeJS.ProcessEnv): { issues: PathIssue[]; secrets: Secret[] } {
  const issues: PathIssue[] = [];
  const secrets: Secret[] = [];
  if (!isRecord(raw)) return { issues, secrets };
  // Requests' fields are templates: a value inserted there must never be read as one.
  const visit = (holder: Record<string, unknown>, key: string, path: DataPath, inRequest = true) => {
    const text = holder[key];
    if (typeof text !== 'string') return;
    const result = interpolate(text, env, inRequest ? escapeTemplate : undefined);
    if ('value' in result) {
      holder[key] = result.value;
      secrets.push(...result.secrets);
    } else {
      delete holder[key];
      issues.push(...result.problems.map((message) => ({ path, message })));
    }
  };
  const visitHeaders = (headers: unknown, path: DataPath) => {
    if (!isRecord(headers)) return;
    for (const name of Object.keys(headers)) visit(headers, name, [...path, name]);
  };
  /** Strings anywhere in a JSON body (a login's password). */
  const visitJson = (holder: Record<string, unknown> | unknown[], key: string | number, path: DataPath): void => {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === 'string') visit(holder as Record<string, unknown>, key as string, path);
    else if (Array.isArray(value)) value.forEach((_, i) => visitJson(value, i, [...path, i]));
    else if (isRecord(value)) for (const name of Object.keys(value)) visitJson(value, name, [...path, name]);
  };
  const visitRequest = (request: unknown, path: DataPath) => {
    if (!isRecord(request)) return;
    visitHeaders(request.headers, [...path, 'headers']);
    visit(request, 'body', [...path, 'body']);
    visitJson(request, 'json', [...path, 'json']);
  };
  const visitSteps = (steps: unknown, path: DataPath) => {
    if (!Array.isArray(steps)) return;
    steps.forEach((step: unknown, index) => {
      if (isRecord(step)) visitRequest(step.request, [...path, index, 'request']);
    });
  };
  visit(raw, 'target', ['target'], false);
  if (isRecord(raw.defaults)) visitHeaders(raw.defaults.headers, ['defaults', 'headers']);
  visitSteps(raw.setup, ['setup']);
  if (Array.isArray(raw.scenarios)) {
    raw.scenarios.forEach((scenario: unknown, index) => {
      if (!isRecord(scenario)) return;
      visitRequest(scenario.request, ['scenarios', index, 'request']);
      visitSteps(scenario.flow, ['scenarios', index, 'flow']);
    });
  }
  return { issues, secrets };
}
