/**
 * JSON data files: an array of objects, or NDJSON (one object a line). The file's bytes are read
 * into the row store in place and split into rows as they arrive, each row parsed on its own, so
 * a large file never becomes one large value. No message quotes the file (JSON.parse's own do):
 * it may hold secrets.
 */
import { breaksLine, RowStore, startsWithBom, tooManyRows, utf8, type DataRows, type RowReader } from './data-store.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LF = 0x0a;
const OPEN = new Set([0x5b, 0x7b]);
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Finds rows in a file's bytes as they arrive, each byte once; a problem names the line. */
interface JsonScanner {
  /** Scans the bytes not yet scanned, up to `length` (earlier bytes stay where they were). */
  scan(bytes: Uint8Array, length: number, rows: RowStore): string | undefined;
  /** The file has ended at `length`, every byte scanned. */
  end(bytes: Uint8Array, length: number, rows: RowStore): string | undefined;
  /** The columns the rows have, once the file has been scanned. */
  readonly columns: string[];
}

/** A JSON file's rows: a row is its object's bytes where the file was read. */
export class JsonRows implements RowReader {
  private readonly store: RowStore;

  constructor(
    private readonly scanner: JsonScanner,
    maxBytes: number,
    maxRows: number,
  ) {
    this.store = new RowStore(maxBytes, maxRows, 1);
  }

  room(want: number): Uint8Array {
    return this.store.room(want);
  }

  took(count: number): string | undefined {
    this.store.length += count;
    // The first scan waits for three bytes, to see a byte-order mark whole.
    if (this.store.length < 3) return undefined;
    return this.scanner.scan(this.store.filled(), this.store.length, this.store);
  }

  end(): { columns: string[]; rows: DataRows } | { problem: string } {
    const { store, scanner } = this;
    const bytes = store.filled();
    const problem = scanner.scan(bytes, store.length, store) ?? scanner.end(bytes, store.length, store);
    return problem === undefined ? { columns: scanner.columns, rows: store.rowsOf('json') } : { problem };
  }
}

/** Adds a row, unless the store is full. */
function addRow(rows: RowStore, start: number, end: number, line: number): string | undefined {
  if (rows.full) return tooManyRows(rows.maxRows, line);
  rows.add(start, end);
  return undefined;
}

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
export class JsonArrayScanner implements JsonScanner {
  private readonly keys = new Set<string>();
  private state: State = 'before';
  private next = 0;
  private line = 1;
  /** The element being scanned: where it starts, on which line. */
  private readonly element = { start: 0, line: 0 };
  /** In the element: how deep in brackets, and where in a string (just after a backslash in one, its next byte escaped). */
  private depth = 0;
  private string: 'outside' | 'inside' | 'escaped' = 'outside';
  private count = 0;

  get columns(): string[] {
    return [...this.keys];
  }

  scan(bytes: Uint8Array, length: number, rows: RowStore): string | undefined {
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
        this.element.start = i;
        this.element.line = this.line;
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
  private inElement(bytes: Uint8Array, i: number, c: number, rows: RowStore): string | undefined {
    if (this.string !== 'outside') {
      if (this.string === 'escaped') this.string = 'inside';
      else if (c === BACKSLASH) this.string = 'escaped';
      else if (c === QUOTE) this.string = 'outside';
      return undefined;
    }
    if (c === QUOTE) this.string = 'inside';
    else if (OPEN.has(c)) this.depth++;
    else if (this.depth > 0) {
      if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) this.depth--;
    } else if (c === COMMA || c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      this.count++;
      const where = `line ${this.element.line}: row ${this.count}`;
      if (c === CLOSE_OBJECT) return `${where}: not valid JSON`;
      const problem = checkRow(utf8(bytes, this.element.start, i), this.keys);
      if (problem !== undefined) return `${where}: ${problem}`;
      this.state = c === COMMA ? 'next' : 'after';
      return addRow(rows, this.element.start, i, this.element.line);
    }
    return undefined;
  }
}

/** NDJSON: one JSON object a line; blank lines are skipped. */
export class NdjsonScanner implements JsonScanner {
  private readonly keys = new Set<string>();
  private next = 0;
  private line = 1;
  private lineStart = 0;

  get columns(): string[] {
    return [...this.keys];
  }

  scan(bytes: Uint8Array, length: number, rows: RowStore): string | undefined {
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

  end(bytes: Uint8Array, length: number, rows: RowStore): string | undefined {
    return this.endLine(bytes, length, rows);
  }

  private endLine(bytes: Uint8Array, end: number, rows: RowStore): string | undefined {
    let start = this.lineStart;
    while (start < end && WHITESPACE.has(bytes[start]!)) start++;
    while (end > start && WHITESPACE.has(bytes[end - 1]!)) end--;
    if (start === end) return undefined;
    const problem = checkRow(utf8(bytes, start, end), this.keys);
    if (problem !== undefined) return `line ${this.line}: ${problem}`;
    return addRow(rows, start, end, this.line);
  }
}
