/** Flows: requests in order with captures between them and think time, and the suite's setup requests. */
import * as z from 'zod';
import type { CaptureSource } from '../suite.js';
import { describeValue, excerpt } from '../wording.js';
import { duration, fail } from './fields.js';
import { expectSchema, requestSchema } from './request.js';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STEP_NAME = /^[A-Za-z0-9._-]+$/;
const JSON_PATH = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*|\[\d+\])*$/;

/** `items[0].id` → ['items', 0, 'id']. */
function jsonPath(text: string): (string | number)[] {
  return [...text.matchAll(/[^.[\]]+|\[(\d+)\]/g)].map((m) => (m[1] === undefined ? m[0] : Number(m[1])));
}

const captureSchema = z
  .record(z.string(), z.string({ error: 'expected text' }), {
    error: 'expected one of { json: items[0].id }, { header: location }, { cookie: session }, { regex: "id=(\\\\d+)" }',
  })
  .transform((spec, ctx): { source: CaptureSource; spec: string } => {
    const entries = Object.entries(spec);
    const [kind, text] = entries[0] ?? [];
    if (entries.length !== 1 || kind === undefined || text === undefined) {
      return fail(ctx, 'expected exactly one of json, header, cookie or regex');
    }
    const written = `${kind}: ${text}`;
    switch (kind) {
      case 'json':
        if (!JSON_PATH.test(text))
          return fail(ctx, `expected a JSON path such as access_token or items[0].id, found ${describeValue(text)}`);
        return { source: { from: 'json', path: jsonPath(text) }, spec: written };
      case 'header':
        return { source: { from: 'header', name: text.toLowerCase() }, spec: written };
      case 'cookie':
        return { source: { from: 'cookie', name: text }, spec: written };
      case 'regex':
        try {
          return { source: { from: 'regex', regex: new RegExp(text) }, spec: written };
        } catch (error) {
          // V8 writes the whole pattern into its message: keep only the reason after it.
          const reason = (error as Error).message.split(`/${text}/: `).at(-1)!;
          return fail(ctx, `not a regular expression (${excerpt(reason)}), found ${describeValue(text)}`);
        }
      default:
        return fail(ctx, `expected json, header, cookie or regex, found ${describeValue(kind)}`);
    }
  })
  .meta({
    description:
      'Where the value is read: { json: items[0].id }, { header: location }, { cookie: session } or { regex: "id=(\\\\d+)" } (its first group).',
  });

const capturesSchema = z
  .record(
    z.string().regex(VARIABLE_NAME, { error: 'expected a variable name of letters, digits and _ (not starting with a digit)' }),
    captureSchema,
    { error: 'expected a mapping of variable names to captures' },
  )
  .meta({ description: 'Values read from the response, usable as {{ name }} in the steps after this one.' });

export const requestStepSchema = z
  .strictObject({
    name: z
      .string({ error: 'expected a step name' })
      .regex(STEP_NAME, { error: 'expected a step name of letters, digits, ".", "_" and "-"' })
      .optional()
      .meta({ description: 'Unique in the flow; results and thresholds name the step <scenario>/<name> (default: its number).' }),
    request: requestSchema,
    capture: capturesSchema.optional(),
    expect: expectSchema.optional(),
  })
  .meta({ description: 'A request of the flow, measured on its own.' });

const pauseStepSchema = z
  .strictObject({ pause: duration('Think time before the next step: waited, not measured.', 'positive') })
  .meta({ description: 'Think time.' });

export const flowSchema = z
  .array(
    z.union([pauseStepSchema, requestStepSchema], {
      error: 'expected a step: { name, request, capture, expect } or { pause: 200ms }',
    }),
    { error: 'expected a list of steps' },
  )
  .min(1, { error: 'expected at least one step' })
  .refine((steps) => steps.some((step) => 'request' in step), { error: 'expected at least one request step' })
  .meta({ description: 'Requests run in order by each virtual user, with captures and think time between them.' });

export const mixSchema = z
  .array(
    requestStepSchema
      .extend({
        weight: z
          .number({ error: 'expected a weight above 0, such as 8' })
          .positive({ error: 'expected a weight above 0' })
          .meta({ description: "The member's share of the iterations, relative to the others' weights." }),
      })
      .meta({ description: 'A member of the mix: a request, chosen for an iteration by its weight.' }),
    { error: 'expected a list of weighted requests' },
  )
  .min(2, { error: 'expected at least two members (one request is a request:, not a mix:)' })
  .meta({
    description:
      'Each iteration sends one of these requests, chosen at random by weight; each member is measured on its own as <scenario>/<member>.',
  });

export const setupSchema = z
  .array(requestStepSchema, { error: 'expected a list of requests' })
  .min(1, { error: 'expected at least one request' })
  .meta({
    description: 'Requests run once per run and target, before the warm-up (a login); their captures are shared by every scenario.',
  });

export const dataSchema = z
  .record(
    z.string().regex(VARIABLE_NAME, { error: 'expected a data name of letters, digits and _ (not starting with a digit)' }),
    z.strictObject({
      file: z.string({ error: 'expected a file path' }).min(1).meta({
        description: 'CSV with a header row, a JSON array of objects (.json) or NDJSON (.ndjson, .jsonl); relative to the suite file.',
      }),
      order: z.enum(['sequential', 'random', 'unique'], { error: 'expected sequential, random or unique' }).optional().meta({
        description:
          'sequential (default): rows in order, wrapping around; random; unique: each row once in the whole run (threads and shards included), no iteration starting once they have run out.',
      }),
    }),
    { error: 'expected a mapping of data names to { file, order }' },
  )
  .meta({ description: 'Rows of values for flows, read as {{ name.column }}: each iteration gets a row.' });

export type RequestStepFile = z.output<typeof requestStepSchema>;
export type FlowFile = z.output<typeof flowSchema>;
export type MixFile = z.output<typeof mixSchema>;

/**
 * The names of a flow's request steps: as written, else the step's number among them (from 1).
 * Read from the raw file too (thresholds are checked against them even when a step is wrong).
 */
export function stepNames(steps: readonly unknown[]): string[] {
  const requests = steps.filter((step) => typeof step === 'object' && step !== null && 'request' in step);
  return requests.map((step, i) => {
    const name = (step as { name?: unknown }).name;
    return typeof name === 'string' ? name : String(i + 1);
  });
}

/**
 * What a scenario's results are named: the scenario (for a flow, the whole iteration) and, for a
 * flow of more than one request, each step as `<scenario>/<step>`.
 */
export function measuredNames(scenario: string, steps: readonly unknown[] | undefined): string[] {
  const names = steps === undefined ? [] : stepNames(steps);
  return names.length > 1 ? [scenario, ...names.map((step) => stepEntry(scenario, step).name)] : [scenario];
}

/**
 * A flow step's entry in the results: its name, which is only for people to read (a scenario's
 * name may hold a slash too), and its parentage, carried for the code to read.
 */
export function stepEntry(flow: string, step: string): { name: string; step: { of: string; name: string } } {
  return { name: `${flow}/${step}`, step: { of: flow, name: step } };
}
