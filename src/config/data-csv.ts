/**
 * CSV data files (RFC 4180), parsed by csv-parse: a header row of column names, then rows;
 * fields separated by commas, a quoted field may hold commas, line breaks and quotes (written
 * ""). Lines end in LF, CRLF or CR; blank lines are skipped. The bytes go to the parser as they
 * are read, and each row's values go to the row store as their bytes, so reading a row takes a
 * slice per column, not a parse. No message quotes the file, which may hold secrets: csv-parse's
 * own messages do, so each of its errors is told in a sentence of ours.
 */
import { CsvError, Parser, type CsvErrorCode, type Info } from 'csv-parse';
import { CsvInput } from './data-csv-input.js';
import { RowStore, tooManyRows, utf8, type DataRows, type RowReader } from './data-store.js';

const QUOTING = 'quote the whole field and write a quote inside it as ""';

/**
 * What csv-parse's errors about a field mean (a wrong number of fields is told apart). Its other
 * errors come of options perf-gate does not set (trimming, casting, named columns, a record size).
 */
const SENTENCES: Partial<Record<CsvErrorCode, string>> = {
  INVALID_OPENING_QUOTE: `a quote inside an unquoted field; ${QUOTING}`,
  CSV_INVALID_CLOSING_QUOTE: `text after a quoted field's closing quote; ${QUOTING}`,
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed; end it with a quote, and write a quote inside it as ""',
};

/**
 * csv-parse's incremental parser, which its stream and sync APIs both drive. The file is read
 * synchronously (the suite is loaded before a run starts), and the stream would hand over rows
 * and errors on later ticks; its Parser holds this parser as `api`, which its types leave out.
 */
interface ParserCore {
  readonly info: Info;
  /** Parses the bytes after those given before (none, at the end); an error stops it. */
  parse(bytes: Buffer | undefined, end: boolean, push: (record: Uint8Array[]) => void, close: () => void): Error | undefined;
}

function parserCore(): ParserCore {
  const parser = new Parser({
    // Fields as bytes, which go to the store as they are: never decoded and encoded again.
    encoding: null,
    // Each line's own ending: by default the first line's would be the only one.
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
  });
  const core = (parser as unknown as { api?: ParserCore }).api;
  if (typeof core?.parse !== 'function')
    throw new Error('this csv-parse has no Parser.api; perf-gate needs the version in its package.json');
  return core;
}

export class CsvRows implements RowReader {
  columns: string[] = [];
  private readonly input = new CsvInput();
  private readonly parser = parserCore();
  /** Made when the header tells how many values a row has. */
  private store: RowStore | undefined;
  private headerLine = 0;
  /** Where the last row parsed ends, after its line break, in the parser's bytes. */
  private rowEnd = 0;
  /** A problem found as a row was added (a problem of the header's, or the row cap), which stops the parse. */
  private problem: string | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly maxRows: number,
  ) {}

  room(want: number): Uint8Array {
    return this.input.room(want);
  }

  took(count: number): string | undefined {
    const bytes = this.input.took(count);
    return bytes === undefined ? undefined : this.parse(bytes, false);
  }

  end(): { columns: string[]; rows: DataRows } | { problem: string } {
    const rest = this.input.rest();
    const problem = (rest === undefined ? undefined : this.parse(rest, false)) ?? this.parse(undefined, true);
    if (problem !== undefined) return { problem };
    if (this.store === undefined) return { problem: 'empty; expected a header row of column names, then rows' };
    return { columns: this.columns, rows: this.store.rowsOf('csv') };
  }

  private parse(bytes: Buffer | undefined, end: boolean): string | undefined {
    const error = this.parser.parse(bytes, end, this.push, () => undefined);
    const problem = this.problem ?? (error === undefined ? undefined : this.describe(error));
    this.input.keepFrom(this.rowEnd);
    return problem;
  }

  private readonly push = (record: Uint8Array[]): void => {
    const start = this.rowEnd;
    this.rowEnd = this.parser.info.bytes;
    if (this.problem !== undefined) return;
    if (this.store === undefined) {
      this.header(record, start);
      return;
    }
    if (this.store.full) {
      this.problem = tooManyRows(this.maxRows, this.input.lineAt(this.input.rowStart(start)));
      return;
    }
    for (const value of record) this.store.append(value);
  };

  private header(record: Uint8Array[], start: number): void {
    this.headerLine = this.input.lineAt(this.input.rowStart(start));
    this.columns = record.map((name) => utf8(name, 0, name.length));
    const twice = this.columns.findIndex((name, i) => this.columns.indexOf(name) !== i);
    if (twice >= 0) {
      this.problem = `line ${this.headerLine}, column ${twice + 1}: the header names a column twice (columns ${this.columns.indexOf(this.columns[twice]!) + 1} and ${twice + 1}); each column needs a name of its own`;
      return;
    }
    // The values are the file's bytes less its quotes, commas and line breaks: the file's cap holds them.
    this.store = new RowStore(this.maxBytes, this.maxRows, this.columns.length);
  }

  /**
   * An error of csv-parse's, placed by the byte offsets it gives (its own line count takes a CRLF
   * inside quotes for two lines): a field's problem at the line the field starts on, a wrong
   * number of fields at the line its row starts on.
   */
  private describe(error: Error): string {
    if (!(error instanceof CsvError)) throw error;
    // The row's fields before the one at fault; and the end of the last field or row parsed.
    const { index: fields, bytes: parsed } = error as unknown as { index: number; bytes: number };
    if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      const line = this.input.lineAt(this.input.rowStart(this.rowEnd));
      const { length } = this.columns;
      const count = `the row has ${fields} ${fields === 1 ? 'field' : 'fields'} where the header (line ${this.headerLine}) has ${length}`;
      return fields < length
        ? `line ${line}, ${this.column(fields)}: missing; ${count}`
        : `line ${line}, column ${length + 1}: a field past the header's last column; ${count}`;
    }
    const start = fields === 0 ? this.input.rowStart(parsed) : parsed + 1;
    return `line ${this.input.lineAt(start)}, ${this.column(fields)}: ${SENTENCES[error.code] ?? `not valid CSV (csv-parse: ${error.code})`}`;
  }

  /** A column by its number, and its name once the header is read (a problem in the header names none). */
  private column(index: number): string {
    const name = this.store === undefined ? '' : (this.columns[index] ?? '');
    return name === '' ? `column ${index + 1}` : `column ${index + 1} (${name})`;
  }
}
