/**
 * A data file's rows, kept in shared memory: worker threads are handed the same buffers (a
 * SharedArrayBuffer is shared by structured clone, not copied), and a row becomes an object only
 * when an iteration reads it.
 */

/** A data file's rows, compact: bytes, and where each of the rows' values lies in them. */
export interface DataRows {
  /** What a value is: a CSV field's text (a value per column), or a JSON row's whole object (one a row). */
  format: 'csv' | 'json';
  /** UTF-8, in a SharedArrayBuffer: the CSV fields' text one after another, or the JSON file as it is. */
  bytes: Uint8Array;
  /** Two entries a value, its start and end in `bytes`, row after row, in a SharedArrayBuffer. */
  bounds: Uint32Array;
  /** How many rows. */
  length: number;
}

/** Makes a data file's rows from its bytes as they are read; the reading keeps the byte cap. */
export interface RowReader {
  /** Where the file's next bytes are read: at most `want` of them, fewer where the reader would rather. */
  room(want: number): Uint8Array;
  /** `count` bytes were read into the last room; a problem (the file's, or the row cap) stops the reading. */
  took(count: number): string | undefined;
  /** The file has ended: its columns and rows, or a problem. */
  end(): { columns: string[]; rows: DataRows } | { problem: string };
}

/** The problem of a file with more rows than the cap, the first of them too many starting on `line`. */
export function tooManyRows(maxRows: number, line: number): string {
  const most = maxRows.toLocaleString('en-US');
  return `more than the ${most} rows perf-gate reads (line ${line} holds row ${(maxRows + 1).toLocaleString('en-US')}); use a file of at most ${most} rows`;
}

const VALUES_A_STEP = 65_536;

/** A growable SharedArrayBuffer (ES2024, in Node since 20), which the TypeScript lib this project targets does not describe. */
interface GrowableBuffer extends SharedArrayBuffer {
  readonly maxByteLength: number;
  grow(byteLength: number): void;
}
const GrowableBuffer = SharedArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => GrowableBuffer;

/**
 * Bytes that grow as a file is read, within a fixed cap: the SharedArrayBuffer is growable, so
 * bytes are written into their place once and never copied, and memory is taken only as needed.
 */
export class GrowingBytes {
  /** Tracks the buffer's length as it grows. */
  readonly bytes: Uint8Array;
  /** How many of the bytes are written. */
  length = 0;
  /** The bytes' length so far. */
  private capacity = 0;

  constructor(maxBytes: number) {
    this.bytes = new Uint8Array(new GrowableBuffer(0, { maxByteLength: maxBytes }));
  }

  /** Where the next `want` bytes go, within the byte cap. */
  room(want: number): Uint8Array {
    this.reserve(this.length + want);
    return this.bytes.subarray(this.length, this.length + want);
  }

  /** The bytes written so far, as a view of fixed length: V8 reads those several times faster than one that tracks a growable buffer. */
  filled(): Uint8Array {
    return new Uint8Array(this.bytes.buffer, 0, this.length);
  }

  /** Grows the bytes to hold `end`: at least doubling them, so that a value at a time, growing stays cheap. */
  protected reserve(end: number): void {
    if (this.capacity >= end) return;
    const buffer = this.bytes.buffer as GrowableBuffer;
    this.capacity = Math.max(end, Math.min(2 * this.capacity, buffer.maxByteLength));
    buffer.grow(this.capacity);
  }
}

/** A data file's rows as they are read: their values' bytes, and where each value lies in them. */
export class RowStore extends GrowingBytes {
  private readonly boundsBuffer: GrowableBuffer;
  /** Tracks its buffer's length as it grows. */
  private readonly bounds: Uint32Array;
  private values = 0;

  constructor(
    maxBytes: number,
    readonly maxRows: number,
    private readonly valuesPerRow: number,
  ) {
    super(maxBytes);
    // A value takes at least a byte of the file (a CSV field its comma or line break), so a wide header cannot reserve more.
    const maxValues = Math.min(maxRows * valuesPerRow, maxBytes + 1);
    this.boundsBuffer = new GrowableBuffer(0, { maxByteLength: maxValues * 2 * Uint32Array.BYTES_PER_ELEMENT });
    this.bounds = new Uint32Array(this.boundsBuffer);
  }

  get rows(): number {
    return Math.floor(this.values / this.valuesPerRow);
  }

  /** Whether a row more would pass the row cap. */
  get full(): boolean {
    return this.rows === this.maxRows;
  }

  /** A value that is the bytes [start, end), written already. */
  add(start: number, end: number): void {
    if (this.bounds.length < 2 * (this.values + 1)) {
      const values = Math.min(this.values + VALUES_A_STEP, this.boundsBuffer.maxByteLength / 2 / Uint32Array.BYTES_PER_ELEMENT);
      this.boundsBuffer.grow(values * 2 * Uint32Array.BYTES_PER_ELEMENT);
    }
    this.bounds[2 * this.values] = start;
    this.bounds[2 * this.values + 1] = end;
    this.values++;
  }

  /** A value copied to the end of the bytes. */
  append(value: Uint8Array): void {
    const start = this.length;
    this.reserve(start + value.length);
    this.bytes.set(value, start);
    this.length += value.length;
    this.add(start, this.length);
  }

  rowsOf(format: DataRows['format']): DataRows {
    return {
      format,
      bytes: new Uint8Array(this.bytes.buffer, 0, this.length),
      bounds: new Uint32Array(this.boundsBuffer, 0, 2 * this.rows * this.valuesPerRow),
      length: this.rows,
    };
  }
}

/** The rows' bytes as a Buffer, to decode from: made once for each copy of the rows (a worker's structured clone is another). */
const texts = new WeakMap<Uint8Array, Buffer>();

/** The text of value `index`: UTF-8, a malformed sequence read as U+FFFD (as readFileSync does). */
export function valueAt({ bytes, bounds }: DataRows, index: number): string {
  let text = texts.get(bytes);
  if (text === undefined) texts.set(bytes, (text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
  return text.toString('utf8', bounds[2 * index], bounds[2 * index + 1]);
}

/** The text of bytes [start, end): UTF-8, a malformed sequence read as U+FFFD. */
export function utf8(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start, end);
}

/** Whether the bytes start with a UTF-8 byte-order mark, which editors on Windows write. */
export function startsWithBom(bytes: Uint8Array, length: number): boolean {
  return length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Whether byte `i` starts a new line: a CR, or an LF that does not end a CRLF. */
export function breaksLine(bytes: Uint8Array, i: number): boolean {
  const c = bytes[i];
  return c === 0x0d || (c === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d));
}
