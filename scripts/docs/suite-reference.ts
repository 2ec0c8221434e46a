import { DURATION_PATTERN, GROWTH_PATTERN, PERCENTAGE_PATTERN, RATE_PATTERN, SIZE_PATTERN } from '../../src/config/units.js';
import { code, table } from './markdown.js';

/** The parts of a JSON Schema (draft 2020-12, as zod writes it) that the suite file's schema uses. */
interface Schema {
  type?: string;
  description?: string;
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
}

/** The strings the suite file reads as units: named in the table, explained once above it. */
const UNITS: Record<string, string> = {
  [DURATION_PATTERN]: 'duration',
  [RATE_PATTERN]: 'rate',
  [PERCENTAGE_PATTERN]: 'percentage',
  [SIZE_PATTERN]: 'size',
  [GROWTH_PATTERN]: 'growth',
};

interface Row {
  field: string;
  type: string;
  description: string;
}

/**
 * docs/suite-file.md's field reference, from the suite file's JSON Schema (itself generated from
 * the zod schema that reads the file): a table per top-level key, a row per field, each shape
 * that recurs (a request, an expectation, a gate) spelt out once and named where it recurs.
 */
export function suiteReference(jsonSchema: Record<string, unknown>): { 'suite-fields': string } {
  const schema = jsonSchema as Schema;
  const seen = new Map<string, string>();
  const sections = Object.entries(schema.properties!).map(([key, field]) => {
    const rows: Row[] = [];
    walk(field, key, schema.required?.includes(key) === true, rows, seen);
    return [
      `### ${code(key)}`,
      table(
        ['field', 'type', 'meaning'],
        rows.map((row) => [code(row.field), row.type, row.description]),
      ),
    ].join('\n\n');
  });
  return { 'suite-fields': sections.join('\n\n') };
}

function walk(node: Schema, path: string, required: boolean, rows: Row[], seen: Map<string, string>): void {
  const shape = JSON.stringify(node);
  const earlier = node.properties === undefined ? undefined : seen.get(shape);
  rows.push({ field: path, type: typeOf(node, required, earlier), description: node.description ?? '' });
  if (earlier !== undefined) return;
  if (node.properties !== undefined) seen.set(shape, path);
  for (const [name, object] of objectsWithin(node, path)) {
    for (const [key, field] of Object.entries(object.properties ?? {}))
      walk(field, `${name}.${key}`, object.required?.includes(key) === true, rows, seen);
  }
}

/** The objects whose fields are listed under a node: itself, its list's items, a map's values, each typed alternative. */
function objectsWithin(node: Schema, path: string): [string, Schema][] {
  if (node.items !== undefined) return objectsWithin(node.items, `${path}[]`);
  if (typeof node.additionalProperties === 'object') return objectsWithin(node.additionalProperties, `${path}.<name>`);
  const alternatives = (node.anyOf ?? []).filter((alternative) => alternative.type === 'object');
  if (alternatives.length > 0) return alternatives.flatMap((alternative) => objectsWithin(alternative, path));
  return node.properties === undefined ? [] : [[path, node]];
}

function typeOf(node: Schema, required: boolean, earlier: string | undefined): string {
  const kind = earlier === undefined ? kindOf(node) : `object, as ${code(earlier)}`;
  return required ? `${kind}, required` : kind;
}

function kindOf(node: Schema): string {
  if (node.$ref !== undefined) return 'any JSON value';
  if (node.const !== undefined) return code(JSON.stringify(node.const));
  if (node.enum !== undefined) return node.enum.map((value) => code(String(value))).join(', ');
  if (node.pattern !== undefined && UNITS[node.pattern] !== undefined) return UNITS[node.pattern]!;
  // An object's alternatives only say which of its fields it must have (its fields are listed below it).
  if (node.type === 'object' || node.properties !== undefined) return objectKind(node);
  if (node.anyOf !== undefined) return [...new Set(node.anyOf.map(kindOf))].join(' or ');
  switch (node.type) {
    case 'array':
      return `list of ${plural(kindOf(node.items!))}`;
    case 'integer':
    case 'number':
      return node.minimum !== undefined && node.maximum !== undefined ? `${node.type} ${node.minimum} to ${node.maximum}` : node.type;
    default:
      return node.type!;
  }
}

function objectKind(node: Schema): string {
  if (typeof node.additionalProperties === 'object') return `map of name to ${kindOf(node.additionalProperties)}`;
  // Required-only alternatives: which of its fields an object must have.
  const exactlyOne = node.oneOf?.map((alternative) => alternative.required?.[0]);
  if (exactlyOne !== undefined) return `object with exactly one of ${exactlyOne.map((name) => code(name!)).join(', ')}`;
  const oneOf = node.anyOf?.filter((alternative) => alternative.type === undefined).map((alternative) => alternative.required?.[0]);
  if (oneOf !== undefined && oneOf.length > 0) return `object with at least one of ${oneOf.map((name) => code(name!)).join(', ')}`;
  return 'object';
}

/** "object with …" as the items of a list: "objects, each with …". */
function plural(kind: string): string {
  return kind.replace(/^object( with)?/, (_all, detail: string | undefined) => (detail === undefined ? 'objects' : 'objects, each with'));
}
