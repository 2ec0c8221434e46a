/**
 * `{{ ... }}` templates in a flow's paths, header values and bodies, compiled once when the suite
 * is loaded into a list of parts, so a request is rendered by concatenation only.
 *
 * An expression is a variable (a capture of an earlier step or of setup, or a data file's column
 * as `source.column`), or a built-in:
 * `random(1, 20)` (an integer, both ends included), `pick("a", "b")`, `counter` (the iteration's
 * number, from 1), `uuid`. `${{ env.NAME }}` is the environment, interpolated before this.
 */

import { excerpt, quoteList, quoteName } from './wording.js';

/** A value a template can produce: captures keep the JSON type they were read with. */
export type TemplateValue = string | number | boolean | null | object;

/** What a rendering reads: the virtual user's variables and its iteration. */
export interface RenderScope {
  variable(name: string): TemplateValue | undefined;
  /** The iteration's number, from 1. */
  readonly counter: number;
}

type Part =
  | { kind: 'text'; text: string }
  /** `{{ "text" }}`: text that is not read for expressions (how a value from the environment holding "{{" is kept as it is). */
  | { kind: 'literal'; text: string }
  | { kind: 'variable'; name: string }
  | { kind: 'random'; min: number; max: number }
  | { kind: 'pick'; choices: TemplateValue[] }
  | { kind: 'counter' }
  | { kind: 'uuid' };

export interface Template {
  /** The text as written, for messages and for comparing definitions. */
  readonly source: string;
  /** Variables it reads. */
  readonly variables: readonly string[];
  readonly parts: readonly Part[];
}

const EXPRESSION = /\{\{(.*?)\}\}/gs;
// A capture (`token`) or a data column (`products.id`).
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)?$/;
const CALL = /^([a-z]+)\s*\((.*)\)$/s;
const BUILT_INS = 'random(min, max), pick("a", "b"), counter, uuid';

export type Compiled = { template: Template } | { problem: string };

/** Compiles `text`; every variable it reads must be in `known` (listed in the message otherwise). */
export function compileTemplate(text: string, known: ReadonlySet<string>): Compiled {
  const parts: Part[] = [];
  let last = 0;
  for (const match of text.matchAll(EXPRESSION)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    last = match.index + match[0].length;
    const part = expression(match[1]!.trim());
    if ('problem' in part) return { problem: `${excerpt(match[0])}: ${part.problem}` };
    // The name says which expression it is: the expression is not repeated before it.
    if (part.kind === 'variable' && !known.has(part.name)) {
      return {
        problem:
          `no variable named ${quoteName(part.name)} is captured before this step` +
          (known.size === 0 ? '' : ` (known here: ${quoteList([...known])})`) +
          `; built-ins: ${BUILT_INS}`,
      };
    }
    parts.push(part);
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  const unclosed = unclosedAt(text);
  if (unclosed >= 0) {
    return {
      problem: `${excerpt(text.slice(unclosed), JSON.stringify)}: this {{ is never closed; expected {{ name }} (a literal {{ is written {{ "{{" }})`,
    };
  }
  const variables = parts.flatMap((p) => (p.kind === 'variable' ? [p.name] : []));
  return { template: { source: text, variables, parts } };
}

/** Text sent as it is, never read for expressions (a header value from outside the suite file). */
export function literalTemplate(text: string): Template {
  return { source: text, variables: [], parts: [{ kind: 'text', text }] };
}

/** A value from outside (the environment) made safe to place in a template: its "{{" stays text. */
export function escapeTemplate(text: string): string {
  return text.replaceAll('{{', '{{ "{{" }}');
}

/** Where the first `{{` that no `}}` closes starts in `text`, or -1. */
export function unclosedAt(text: string): number {
  let end = 0;
  for (const match of text.matchAll(EXPRESSION)) {
    const open = text.indexOf('{{', end);
    if (open < match.index) return open;
    end = match.index + match[0].length;
  }
  return text.indexOf('{{', end);
}

/** Whether the text holds a template expression at all (a plain string renders as itself). */
export const isTemplated = (text: string): boolean => text.includes('{{');

function expression(inner: string): Part | { problem: string } {
  if (inner.startsWith('"')) {
    const [text] = literals(inner) ?? [];
    return typeof text === 'string' ? { kind: 'literal', text } : { problem: 'expected a "quoted text" literal' };
  }
  if (inner === 'counter') return { kind: 'counter' };
  if (inner === 'uuid') return { kind: 'uuid' };
  if (VARIABLE.test(inner)) return { kind: 'variable', name: inner };
  const call = CALL.exec(inner);
  if (call === null) return { problem: `expected a variable name or a built-in (${BUILT_INS})` };
  const args = literals(call[2]!);
  if (args === undefined) return { problem: `expected literal arguments: numbers or "quoted text"` };
  switch (call[1]) {
    case 'random': {
      const [min, max] = args;
      if (args.length !== 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || (min as number) > (max as number)) {
        return { problem: 'expected random(min, max) with whole numbers, min ≤ max' };
      }
      return { kind: 'random', min: min as number, max: max as number };
    }
    case 'pick':
      if (args.length === 0) return { problem: 'expected pick("a", "b", ...) with at least one choice' };
      return { kind: 'pick', choices: args };
    default:
      return { problem: `not a built-in function; built-ins: ${BUILT_INS}` };
  }
}

/** Comma-separated JSON literals (numbers, strings, true, false, null), or undefined if any is not one. */
function literals(text: string): TemplateValue[] | undefined {
  if (text.trim() === '') return [];
  try {
    const values: unknown = JSON.parse(`[${text}]`);
    return (values as unknown[]).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
      ? (values as TemplateValue[])
      : undefined;
  } catch {
    return undefined;
  }
}

/** The value of a template that is exactly one expression (its type kept), else its text. */
export function templateValue(template: Template, scope: RenderScope): TemplateValue {
  const [only] = template.parts;
  if (template.parts.length === 1 && only!.kind !== 'text' && only!.kind !== 'literal') return partValue(only!, scope);
  return render(template, scope);
}

/** The template's text: each expression's value written as text (objects as JSON). */
export function render(template: Template, scope: RenderScope): string {
  let text = '';
  for (const part of template.parts) {
    if (part.kind === 'text' || part.kind === 'literal') text += part.text;
    else text += asText(partValue(part, scope));
  }
  return text;
}

function partValue(part: Exclude<Part, { kind: 'text' | 'literal' }>, scope: RenderScope): TemplateValue {
  switch (part.kind) {
    case 'variable':
      // A variable used before its step captured it (compile checks the order) cannot happen.
      return scope.variable(part.name) ?? '';
    case 'random':
      return part.min + Math.floor(Math.random() * (part.max - part.min + 1));
    case 'pick':
      return part.choices[Math.floor(Math.random() * part.choices.length)]!;
    case 'counter':
      return scope.counter;
    case 'uuid':
      return crypto.randomUUID();
  }
}

const asText = (value: TemplateValue): string => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
