/**
 * A data file's bytes and where each of its rows lies in them, kept in shared memory: worker
 * threads are handed the same buffers (a SharedArrayBuffer is shared by structured clone, not
 * copied), and a row becomes an object only when an iteration reads it.
 */

/** A data file's rows, compact: the file's bytes and each row's [start, end) in them. */
export interface DataRows {
  /** How a row's bytes are written: a CSV record, or a JSON object. */
  format: 'csv' | 'json';
  /** The file's bytes, UTF-8, in a SharedArrayBuffer. */
  bytes: Uint8Array;
  /** Two entries a row, its start and end in `bytes`, in a SharedArrayBuffer. */
  bounds: Uint32Array;
  /** How many rows. */
  length: number;
}

/** Receives each row a scanner finds; a problem (the row cap reached) stops the reading. */
export interface RowSink {
  add(start: number, end: number, line: number): string | undefined;
}

/** Finds a file's rows as its bytes arrive, each byte once; a problem names the line. */
export interface RowScanner {
  /** Scans the bytes not yet scanned, up to `length` (earlier bytes stay where they were). */
  scan(bytes: Uint8Array, length: number, rows: RowSink): string | undefined;
  /** The file has ended at `length`. */
  end(bytes: Uint8Array, length: number, rows: RowSink): string | undefined;
  /** The columns the rows have, once the file has been scanned. */
  readonly columns: string[];
}

const ROWS_A_STEP = 65_536;

/** A growable SharedArrayBuffer (ES2024, in Node since 20), which the TypeScript lib this project targets does not describe. */
interface GrowableBuffer extends SharedArrayBuffer {
  grow(byteLength: number): void;
}
const GrowableBuffer = SharedArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => GrowableBuffer;

/**
 * Grows as a file is read, within fixed caps: the SharedArrayBuffers are growable, so the bytes
 * are read into their place once and never copied, and memory is taken only as the file needs it.
 */
export class RowStore implements RowSink {
  /** Tracks the buffer's length as it grows. */
  readonly bytes: Uint8Array;
  length = 0;
  private readonly boundsBuffer: GrowableBuffer;
  /** Tracks its buffer's length as it grows. */
  private readonly bounds: Uint32Array;
  private rows = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxRows: number,
  ) {
    this.bytes = new Uint8Array(new GrowableBuffer(0, { maxByteLength: maxBytes }));
    this.boundsBuffer = new GrowableBuffer(0, { maxByteLength: maxRows * 2 * Uint32Array.BYTES_PER_ELEMENT });
    this.bounds = new Uint32Array(this.boundsBuffer);
  }

  /** Where the next `want` bytes of the file go; shorter (empty at the cap) when the cap is near. */
  room(want: number): Uint8Array {
    const end = Math.min(this.length + want, this.maxBytes);
    const buffer = this.bytes.buffer as GrowableBuffer;
    if (buffer.byteLength < end) buffer.grow(end);
    return this.bytes.subarray(this.length, end);
  }

  /** The bytes read so far, as a view of fixed length: V8 reads those several times faster than one that tracks a growable buffer. */
  filled(): Uint8Array {
    return new Uint8Array(this.bytes.buffer, 0, this.length);
  }

  add(start: number, end: number, line: number): string | undefined {
    if (this.rows === this.maxRows) {
      const most = this.maxRows.toLocaleString('en-US');
      return `more than the ${most} rows perf-gate reads (line ${line} holds row ${(this.maxRows + 1).toLocaleString('en-US')}); use a file of at most ${most} rows`;
    }
    if (this.bounds.length < 2 * (this.rows + 1)) {
      this.boundsBuffer.grow(Math.min(this.rows + ROWS_A_STEP, this.maxRows) * 2 * Uint32Array.BYTES_PER_ELEMENT);
    }
    this.bounds[2 * this.rows] = start;
    this.bounds[2 * this.rows + 1] = end;
    this.rows++;
    return undefined;
  }

  rowsOf(format: DataRows['format']): DataRows {
    return {
      format,
      bytes: new Uint8Array(this.bytes.buffer, 0, this.length),
      bounds: new Uint32Array(this.boundsBuffer, 0, 2 * this.rows),
      length: this.rows,
    };
  }
}

/** The text of bytes [start, end): UTF-8, a malformed sequence read as U+FFFD (as readFileSync does). */
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
