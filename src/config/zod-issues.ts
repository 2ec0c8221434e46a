/**
 * zod's issues in the words of a suite file: "expected … , found …", missing keys by name,
 * unknown keys one by one with a suggestion for likely typos, a union's by the branch meant.
 */
import * as z from 'zod';
import { isRecord } from './is-record.js';
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
    case 'invalid_union': {
      // The branch's issues are relative to the union's place.
      const meant = intendedBranch(issue);
      if (meant !== undefined) return meant.flatMap((inner) => fromZodIssue({ ...inner, path: [...path, ...inner.path] }, schema));
      return [described(issue)];
    }
    default:
      return [described(issue)];
  }
}

function described(issue: z.core.$ZodIssue): PathIssue {
  const path = issue.path;
  if (issue.input === undefined) return { path, message: `missing required key '${String(path.at(-1))}': ${issue.message}` };
  // Header values may hold secrets (often interpolated from the environment).
  const found = isHeaderValue(path) ? '' : `, found ${describeValue(issue.input)}`;
  return { path, message: issue.message + found };
}

/**
 * The branch of a union of mappings that a mapping was written for: the one that knows the most
 * of its keys (a flow step with request: is a request step, however wrong its headers), so that
 * its own issues are reported rather than the union's "expected one of …". None on a tie.
 */
function intendedBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  if (!isRecord(issue.input)) return undefined;
  const atRoot = (inner: z.core.$ZodIssue) => inner.path.length === 0;
  const branches = issue.errors
    // A branch that is not a mapping at all was not meant.
    .filter((issues) => !issues.some((inner) => atRoot(inner) && inner.code === 'invalid_type'))
    .map((issues) => ({
      issues,
      unknown: issues.reduce((n, inner) => n + (atRoot(inner) && inner.code === 'unrecognized_keys' ? inner.keys.length : 0), 0),
    }));
  const fewest = Math.min(...branches.map((branch) => branch.unknown));
  const best = branches.filter((branch) => branch.unknown === fewest);
  return best.length === 1 ? best[0]!.issues : undefined;
}

/** A header's value, wherever a request is (a scenario's, a flow step's, a mix member's, the setup's) or in the defaults. */
function isHeaderValue(path: DataPath): boolean {
  const parent = path.length - 2;
  return path[parent] === 'headers' && (path[parent - 1] === 'request' || (parent === 1 && path[0] === 'defaults'));
}

/** The keys the object schema at `path` accepts (zod's unknown-key issue does not say); at a union, any branch's. */
function knownKeysAt(schema: z.ZodType, path: DataPath): string[] {
  const target = path.reduce<z.ZodType | undefined>((current, segment) => current && child(current, segment), schema);
  return target === undefined ? [] : [...new Set(objectsOf(target).flatMap((object) => Object.keys(object.shape)))];
}

function child(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return (inner.shape as Record<PropertyKey, z.ZodType>)[segment];
  if (inner instanceof z.ZodArray) return inner.element as z.ZodType;
  if (inner instanceof z.ZodRecord) return inner.valueType as z.ZodType;
  if (inner instanceof z.ZodUnion)
    return (inner.options as z.ZodType[]).map((option) => child(option, segment)).find((found) => found !== undefined);
  return undefined;
}

function objectsOf(schema: z.ZodType): z.ZodObject[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return [inner];
  if (inner instanceof z.ZodUnion) return (inner.options as z.ZodType[]).flatMap(objectsOf);
  return [];
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
