/**
 * CSV data files (RFC 4180), parsed by csv-parse: a header row of column names, then rows;
 * fields separated by commas, a quoted field may hold commas, line breaks and quotes (written
 * ""). Lines end in LF, CRLF or CR; blank lines are skipped. The file is read whole (within the
 * byte cap), then parsed once by csv-parse's sync API; each row's values go to the row store as
 * their bytes as it is parsed (csv-parse keeps no rows), so reading a row takes a slice per
 * column, not a parse. No message quotes the file, which may hold secrets: csv-parse's own
 * messages do, so each of its errors is told in a sentence of ours, placed by its byte offsets.
 */
import { CsvError, parse, type CsvErrorCode } from 'csv-parse/sync';
import { breaksLine, GrowingBytes, RowStore, startsWithBom, tooManyRows, utf8, type DataRows, type RowReader } from './data-store.js';

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

/**
 * Most bytes csv-parse holds of one field (its `max_record_size`, which with fields as bytes
 * counts the field being parsed): ample for an id, a token or a request body, and it bounds the
 * memory of a quote never closed, whose field would otherwise grow (doubling) to the file's end.
 */
export const MAX_FIELD_BYTES = 16 * 1024 * 1024;

const QUOTING = 'quote the whole field and write a quote inside it as ""';

/**
 * What csv-parse's errors about a field mean (a wrong number of fields is told apart). Its other
 * errors come of options perf-gate does not set (trimming, casting, named columns).
 */
const SENTENCES: Partial<Record<CsvErrorCode, string>> = {
  INVALID_OPENING_QUOTE: `a quote inside an unquoted field; ${QUOTING}`,
  CSV_INVALID_CLOSING_QUOTE: `text after a quoted field's closing quote; ${QUOTING}`,
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed; end it with a quote, and write a quote inside it as ""',
};

/** A problem found as a row is added (the header's, or the row cap), thrown to stop csv-parse, which hands it back. */
class Stop extends Error {}

export class CsvRows implements RowReader {
  columns: string[] = [];
  private readonly input: GrowingBytes;
  /** Made when the header tells how many values a row has. */
  private store: RowStore | undefined;
  /** The bytes parsed: the file's, less a byte-order mark. */
  private bytes: Buffer = Buffer.alloc(0);
  /** Where the last row parsed ends, after its line break, in `bytes`. */
  private rowEnd = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxRows: number,
  ) {
    this.input = new GrowingBytes(maxBytes);
  }

  room(want: number): Uint8Array {
    return this.input.room(want);
  }

  took(count: number): string | undefined {
    this.input.length += count;
    return undefined;
  }

  end(): { columns: string[]; rows: DataRows } | { problem: string } {
    const read = this.input.filled();
    // The mark is left out here, as csv-parse's `bom` option would decode the fields to strings.
    const bom = startsWithBom(read, read.length) ? 3 : 0;
    this.bytes = Buffer.from(read.buffer, bom, read.length - bom);
    try {
      parse(this.bytes, {
        // Fields as bytes, which go to the store as they are: never decoded and encoded again.
        encoding: null,
        // Each line's own ending: by default the first line's would be the only one.
        record_delimiter: ['\r\n', '\n', '\r'],
        skip_empty_lines: true,
        max_record_size: MAX_FIELD_BYTES,
        // Each row is taken by the store, and left out of the records csv-parse returns.
        on_record: (record: unknown[], { bytes: end }) => {
          this.add(record, end);
          return null;
        },
      });
    } catch (error) {
      if (error instanceof Stop) return { problem: error.message };
      if (error instanceof CsvError) return { problem: this.describe(error) };
      throw error;
    }
    if (this.store === undefined) return { problem: 'empty; expected a header row of column names, then rows' };
    return { columns: this.columns, rows: this.store.rowsOf('csv') };
  }

  /** A row csv-parse has parsed, ending at `end`: the header, or a row's values for the store. */
  private add(record: unknown[], end: number): void {
    const start = this.rowEnd;
    this.rowEnd = end;
    if (this.store === undefined) {
      this.header(record.map(fieldBytes));
      return;
    }
    if (this.store.full) throw new Stop(tooManyRows(this.maxRows, this.lineAt(this.rowStart(start))));
    for (const value of record) this.store.append(fieldBytes(value));
  }

  private header(names: Uint8Array[]): void {
    this.columns = names.map((name) => utf8(name, 0, name.length));
    const twice = this.columns.findIndex((name, i) => this.columns.indexOf(name) !== i);
    if (twice >= 0) {
      throw new Stop(
        `line ${this.headerLine()}, column ${twice + 1}: the header names a column twice (columns ${this.columns.indexOf(this.columns[twice]!) + 1} and ${twice + 1}); each column needs a name of its own`,
      );
    }
    // The values are the file's bytes less its quotes, commas and line breaks: the file's cap holds them.
    this.store = new RowStore(this.maxBytes, this.maxRows, this.columns.length);
  }

  /**
   * An error of csv-parse's, placed by byte offsets (its own line count takes a CRLF inside
   * quotes for two lines): a field's problem at the line the field starts on, a wrong number of
   * fields at the line its row starts on.
   */
  private describe(error: CsvError): string {
    // The row's fields before the one at fault (all of them, for a wrong number).
    const fields = typeof error.index === 'number' ? error.index : 0;
    if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      const line = this.lineAt(this.rowStart(this.rowEnd));
      const { length } = this.columns;
      const count = `the row has ${fields} ${fields === 1 ? 'field' : 'fields'} where the header (line ${this.headerLine()}) has ${length}`;
      return fields < length
        ? `line ${line}, ${this.column(fields)}: missing; ${count}`
        : `line ${line}, column ${length + 1}: a field past the header's last column; ${count}`;
    }
    // The bytes parsed up to the last field's comma; the row's first field starts past any blank lines.
    const start = fields > 0 && typeof error.bytes === 'number' ? error.bytes + 1 : this.rowStart(this.rowEnd);
    return `line ${this.lineAt(start)}, ${this.column(fields)}: ${this.sentence(error.code, start)}`;
  }

  /** What an error about the field starting at `start` means. */
  private sentence(code: CsvErrorCode, start: number): string {
    if (code === 'CSV_MAX_RECORD_SIZE') {
      const most = `${MAX_FIELD_BYTES / 1024 / 1024} MiB`;
      return this.bytes[start] === QUOTE
        ? `a quoted field runs past ${most}, the most perf-gate reads of a field; if it is never closed, end it with a quote, and write a quote inside it as ""`
        : `a field longer than ${most}, the most perf-gate reads of a field; use shorter values`;
    }
    return SENTENCES[code] ?? `not valid CSV (csv-parse: ${code})`;
  }

  private headerLine(): number {
    return this.lineAt(this.rowStart(0));
  }

  /** A column by its number, and its name once the header is read (a problem in the header names none). */
  private column(index: number): string {
    const name = this.store === undefined ? '' : (this.columns[index] ?? '');
    return name === '' ? `column ${index + 1}` : `column ${index + 1} (${name})`;
  }

  /** Where the row after `position` starts: past any blank lines. */
  private rowStart(position: number): number {
    let i = position;
    while (this.bytes[i] === CR || this.bytes[i] === LF) i++;
    return i;
  }

  /** The line the byte at `position` is on, counting from 1 as the file does (a CRLF is one line break). */
  private lineAt(position: number): number {
    let line = 1;
    for (let i = 0; i < position; i++) if (breaksLine(this.bytes, i)) line++;
    return line;
  }
}

/** A field as csv-parse gives it with `encoding: null`: its bytes. */
function fieldBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new TypeError('csv-parse gave a field as text; perf-gate asks for bytes (encoding: null)');
}
