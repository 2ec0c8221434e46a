/**
 * Places in the suite file: turns the path of a problem in the parsed data (as zod reports it)
 * into the file, line, column and field the user can act on.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import { excerpt } from './wording.js';

export type DataPath = readonly PropertyKey[];

/** A problem located by its path in the data, before it is given a place in the file. */
export interface PathIssue {
  path: DataPath;
  message: string;
  /** Point at the key rather than its value (unknown keys, bad names). */
  at?: 'key';
}

export interface Locator {
  issue(problem: PathIssue): ConfigIssue;
  /** 1-based line where the value at `path` (or its nearest existing parent) starts. */
  line(path: DataPath): number;
}

export function createLocator(doc: Document, lineCounter: LineCounter, file: string): Locator {
  const position = (path: DataPath, at?: 'key') => {
    const offset = offsetOf(doc, path, at);
    return offset === undefined ? { line: 0, col: 0 } : lineCounter.linePos(offset);
  };
  return {
    issue({ path, message, at }) {
      const { line, col } = position(path, at);
      return { file, line, column: col, field: formatField(path), message };
    },
    line: (path) => position(path).line,
  };
}

/**
 * Walks the YAML nodes along `path`, stopping at the deepest one that exists, so a missing key
 * is reported where it should have been written. A value that is a collection (or empty) is
 * reported at its key, which is the line the user reads as "this field".
 */
function offsetOf(doc: Document, path: DataPath, at: 'key' | undefined): number | undefined {
  let node: unknown = doc.contents;
  let via: Pair | undefined;
  for (const segment of path) {
    let next: unknown;
    let nextVia: Pair | undefined;
    if (isMap(node)) {
      nextVia = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(segment));
      next = nextVia?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (nextVia === undefined && next === undefined) break;
    node = next;
    via = nextVia;
  }
  const keyOffset = isPair(via) ? startOf(via.key) : undefined;
  if (at === 'key' || (isScalar(node) && node.value === null) || (keyOffset !== undefined && !isScalar(node))) {
    return keyOffset ?? startOf(node);
  }
  return startOf(node) ?? keyOffset;
}

function startOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

/**
 * `scenarios[1].load.rate`; keys that are not plain words are quoted: `thresholds["*"]["p99.9"]`,
 * and a long key is shortened as any text a message echoes.
 */
export function formatField(path: DataPath): string {
  let field = '';
  for (const segment of path) {
    const key = String(segment);
    const quoted = excerpt(key, JSON.stringify);
    if (typeof segment === 'number') field += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(key) && quoted === JSON.stringify(key)) field += field ? `.${key}` : key;
    else field += `[${quoted}]`;
  }
  return field;
}
