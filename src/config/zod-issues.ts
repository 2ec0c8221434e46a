/**
 * zod's issues in the words of a suite file: "expected … , found …", missing keys by name,
 * unknown keys one by one with a suggestion for likely typos.
 */
import * as z from 'zod';
import type { DataPath, PathIssue } from './source-map.js';
import { describeValue, unknownName } from './wording.js';

const KINDS: Readonly<Record<string, string>> = {
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** Fallback wording for schemas without their own message (pass as safeParse's `error`). */
export function genericMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  return `expected ${KINDS[issue.expected] ?? issue.expected}`;
}

/** One zod issue (parsed with `reportInput: true`) as located problems. */
export function fromZodIssue(issue: z.core.$ZodIssue, schema: z.ZodType): PathIssue[] {
  const path = issue.path;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => ({ path: [...path, key], at: 'key', message: unknownName('key', key, known) }));
    }
    case 'invalid_key':
      return [{ path, at: 'key', message: issue.issues[0]?.message ?? issue.message }];
    case 'custom':
      return [{ path, message: issue.message, ...(issue.params?.at === 'key' && { at: 'key' as const }) }];
    default: {
      if (issue.input === undefined) {
        return [{ path, message: `missing required key '${String(path.at(-1))}': ${issue.message}` }];
      }
      // Header values may hold secrets (often interpolated from the environment).
      const found = isHeaderValue(path) ? '' : `, found ${describeValue(issue.input)}`;
      return [{ path, message: issue.message + found }];
    }
  }
}

function isHeaderValue(path: DataPath): boolean {
  return (
    (path[0] === 'defaults' && path[1] === 'headers') ||
    (path[0] === 'scenarios' && path[2] === 'request' && path[3] === 'headers')
  );
}

/** The keys the object schema at `path` accepts (zod's unknown-key issue does not say). */
function knownKeysAt(schema: z.ZodType, path: DataPath): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    const inner: z.ZodType | undefined = current && unwrap(current);
    if (inner instanceof z.ZodObject) current = (inner.shape as Record<PropertyKey, z.ZodType>)[segment];
    else if (inner instanceof z.ZodArray) current = inner.element as z.ZodType;
    else if (inner instanceof z.ZodRecord) current = inner.valueType as z.ZodType;
    else current = undefined;
  }
  const target = current && unwrap(current);
  return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}

// Optional fields and transforms wrap the schema that owns the keys.
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}
