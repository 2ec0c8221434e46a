/**
 * CSV data files (RFC 4180): a header row of column names, then rows; fields separated by commas,
 * a quoted field may hold commas, line breaks and quotes (written ""). Lines end in LF, CRLF or
 * CR; blank lines are skipped. The bytes are scanned as they are read; a row is split into its
 * values only when an iteration reads it. No message quotes the file: it may hold secrets.
 */
import { breaksLine, startsWithBom, type RowScanner, type RowSink } from './data-store.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** Where the scan is within a record: at a field's start, in an unquoted or quoted field, or just after a quote in a quoted one. */
type State = 'field' | 'unquoted' | 'quoted' | 'quote';

/** The bytes the scan acts on: a quote, a comma, CR and LF. */
const SPECIAL = new Uint8Array(256);
for (const c of [QUOTE, COMMA, CR, LF]) SPECIAL[c] = 1;

const QUOTING = 'quote the whole field and write a quote inside it as ""';

export class CsvScanner implements RowScanner {
  columns: string[] = [];
  private header = false;
  private headerLine = 0;
  private next = 0;
  private line = 1;
  private state: State = 'field';
  /** Where the record being scanned starts; -1 between records. */
  private recordStart = -1;
  private recordLine = 0;
  private fields = 0;
  private quoteLine = 0;

  scan(bytes: Uint8Array, length: number, rows: RowSink): string | undefined {
    if (this.next === 0 && startsWithBom(bytes, length)) this.next = 3;
    for (let i = this.next; i < length; i++) {
      // Most bytes are field text, which only a special byte ends: passed over in a tight loop.
      if (this.state === 'unquoted' || this.state === 'quoted') {
        while (i < length && SPECIAL[bytes[i]!] === 0) i++;
        if (i === length) break;
      }
      const c = bytes[i];
      const lineBreak = c === CR || c === LF;
      if (lineBreak && breaksLine(bytes, i)) this.line++;
      if (this.recordStart < 0) {
        if (lineBreak) continue;
        this.recordStart = i;
        this.recordLine = this.line;
        this.fields = 1;
      }
      switch (this.state) {
        case 'quoted':
          if (c === QUOTE) this.state = 'quote';
          continue;
        case 'quote':
          if (c === QUOTE) {
            this.state = 'quoted';
            continue;
          }
          if (c !== COMMA && !lineBreak) return `line ${this.line}: text after a quoted field's closing quote; ${QUOTING}`;
          break;
        case 'field':
          if (c === QUOTE) {
            this.state = 'quoted';
            this.quoteLine = this.line;
            continue;
          }
          break;
        case 'unquoted':
          if (c === QUOTE) return `line ${this.line}: a quote inside an unquoted field; ${QUOTING}`;
          break;
      }
      if (c === COMMA) {
        this.fields++;
        this.state = 'field';
      } else if (lineBreak) {
        const problem = this.endRecord(bytes, i, rows);
        if (problem !== undefined) return problem;
      } else this.state = 'unquoted';
    }
    this.next = length;
    return undefined;
  }

  end(bytes: Uint8Array, length: number, rows: RowSink): string | undefined {
    if (this.recordStart >= 0) {
      if (this.state === 'quoted') return `line ${this.quoteLine}: a quoted field is never closed`;
      const problem = this.endRecord(bytes, length, rows);
      if (problem !== undefined) return problem;
    }
    if (!this.header) return 'empty; expected a header row of column names, then rows';
    return undefined;
  }

  private endRecord(bytes: Uint8Array, end: number, rows: RowSink): string | undefined {
    const start = this.recordStart;
    this.recordStart = -1;
    this.state = 'field';
    if (!this.header) {
      this.header = true;
      this.headerLine = this.recordLine;
      this.columns = csvFields(bytes, start, end);
      const twice = this.columns.findIndex((name, i) => this.columns.indexOf(name) !== i);
      if (twice >= 0)
        return `line ${this.recordLine}: the header names a column twice (columns ${this.columns.indexOf(this.columns[twice]!) + 1} and ${twice + 1}); each column needs a name of its own`;
      return undefined;
    }
    if (this.fields !== this.columns.length) {
      return `line ${this.recordLine}: ${this.fields} ${this.fields === 1 ? 'field' : 'fields'} where the header (line ${this.headerLine}) has ${this.columns.length}`;
    }
    return rows.add(start, end, this.recordLine);
  }
}

/** The values of a record the scanner accepted, [start, end) in the bytes. */
export function csvFields(bytes: Uint8Array, start: number, end: number): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: string[] = [];
  for (let i = start; ; i++) {
    if (i < end && bytes[i] === QUOTE) {
      let value = '';
      let from = i + 1;
      for (i = from; ; i++) {
        if (bytes[i] !== QUOTE) continue;
        value += text.toString('utf8', from, i);
        if (bytes[i + 1] !== QUOTE) break;
        // A doubled quote: the first is kept, the second skipped.
        from = ++i;
      }
      fields.push(value);
      i++;
    } else {
      const from = i;
      while (i < end && bytes[i] !== COMMA) i++;
      fields.push(text.toString('utf8', from, i));
    }
    if (i >= end) return fields;
  }
}
