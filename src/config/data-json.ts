/**
 * JSON data files: an array of objects, or NDJSON (one object a line). The array is split into
 * its elements as the bytes are read, and each element parsed on its own, so a large file never
 * becomes one large value. No message quotes the file (JSON.parse's own do): it may hold secrets.
 */
import { breaksLine, startsWithBom, utf8, type RowScanner, type RowSink } from './data-store.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LF = 0x0a;
const OPEN = new Set([0x5b, 0x7b]);
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Checks a row's text is a JSON object and adds its keys to the columns; a problem says what was expected. */
function checkRow(text: string, columns: Set<string>): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object of column values';
  for (const key of Object.keys(value)) columns.add(key);
  return undefined;
}

/** Where the scan is: before the array, between its elements, in one, or past its end. */
type State = 'before' | 'first' | 'element' | 'next' | 'after';

/** A JSON array of objects, one per row. */
export class JsonArrayScanner implements RowScanner {
  private readonly keys = new Set<string>();
  private state: State = 'before';
  private next = 0;
  private line = 1;
  private elementStart = 0;
  private elementLine = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private count = 0;

  get columns(): string[] {
    return [...this.keys];
  }

  scan(bytes: Uint8Array, length: number, rows: RowSink): string | undefined {
    if (this.next === 0 && startsWithBom(bytes, length)) this.next = 3;
    for (let i = this.next; i < length; i++) {
      const c = bytes[i]!;
      if (breaksLine(bytes, i)) this.line++;
      if (this.state === 'element') {
        const problem = this.inElement(bytes, i, c, rows);
        if (problem !== undefined) return problem;
        continue;
      }
      if (WHITESPACE.has(c)) continue;
      if (this.state === 'before') {
        if (c !== 0x5b) return `line ${this.line}: expected a JSON array of objects, one per row`;
        this.state = 'first';
      } else if (this.state === 'after') return `line ${this.line}: more after the array's closing ]; expected the end of the file`;
      else if (this.state === 'first' && c === CLOSE_ARRAY) this.state = 'after';
      else if (c === CLOSE_ARRAY) return `line ${this.line}: a comma before the array's closing ]; expected another row`;
      else {
        this.state = 'element';
        this.elementStart = i;
        this.elementLine = this.line;
        const problem = this.inElement(bytes, i, c, rows);
        if (problem !== undefined) return problem;
      }
    }
    this.next = length;
    return undefined;
  }

  end(): string | undefined {
    if (this.state === 'before') return 'empty; expected a JSON array of objects, one per row';
    if (this.state !== 'after') return `line ${this.line}: the file ends inside the array; expected a closing ]`;
    return undefined;
  }

  /** One byte of an element: a comma or ] outside its strings and brackets ends it. */
  private inElement(bytes: Uint8Array, i: number, c: number, rows: RowSink): string | undefined {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) this.inString = false;
      return undefined;
    }
    if (c === QUOTE) this.inString = true;
    else if (OPEN.has(c)) this.depth++;
    else if (this.depth > 0) {
      if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) this.depth--;
    } else if (c === COMMA || c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      this.count++;
      const where = `line ${this.elementLine}: row ${this.count}`;
      if (c === CLOSE_OBJECT) return `${where}: not valid JSON`;
      const problem = checkRow(utf8(bytes, this.elementStart, i), this.keys);
      if (problem !== undefined) return `${where}: ${problem}`;
      this.state = c === COMMA ? 'next' : 'after';
      return rows.add(this.elementStart, i, this.elementLine);
    }
    return undefined;
  }
}

/** NDJSON: one JSON object a line; blank lines are skipped. */
export class NdjsonScanner implements RowScanner {
  private readonly keys = new Set<string>();
  private next = 0;
  private line = 1;
  private lineStart = 0;

  get columns(): string[] {
    return [...this.keys];
  }

  scan(bytes: Uint8Array, length: number, rows: RowSink): string | undefined {
    if (this.next === 0 && startsWithBom(bytes, length)) this.next = this.lineStart = 3;
    for (let i = this.next; i < length; i++) {
      if (bytes[i] !== LF) continue;
      const problem = this.endLine(bytes, i, rows);
      if (problem !== undefined) return problem;
      this.line++;
      this.lineStart = i + 1;
    }
    this.next = length;
    return undefined;
  }

  end(bytes: Uint8Array, length: number, rows: RowSink): string | undefined {
    return this.endLine(bytes, length, rows);
  }

  private endLine(bytes: Uint8Array, end: number, rows: RowSink): string | undefined {
    let start = this.lineStart;
    while (start < end && WHITESPACE.has(bytes[start]!)) start++;
    while (end > start && WHITESPACE.has(bytes[end - 1]!)) end--;
    if (start === end) return undefined;
    const problem = checkRow(utf8(bytes, start, end), this.keys);
    if (problem !== undefined) return `line ${this.line}: ${problem}`;
    return rows.add(start, end, this.line);
  }
}
