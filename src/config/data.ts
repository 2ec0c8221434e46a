/**
 * Data files for flows: rows of values a flow's iterations read as `{{ source.column }}` (many
 * product ids, many users, rather than one cached key). CSV with a header row (RFC 4180: quoted
 * fields, "" for a quote, CRLF or LF), a JSON array of objects, or NDJSON (one object a line).
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { errorMessage } from '../errors.js';
import type { TemplateValue } from './template.js';

/** How rows are given to iterations: in order (wrapping), at random, or each row once across the whole run. */
export type DataOrder = 'sequential' | 'random' | 'unique';

export interface DataSource {
  name: string;
  /** As written in the suite file (relative to it). */
  file: string;
  order: DataOrder;
  columns: string[];
  rows: Record<string, TemplateValue>[];
}

/** Most rows a data file may hold: they are kept in memory, in every worker thread. */
const MAX_ROWS = 1_000_000;

/** A data file's text, by its path as the suite file writes it; a problem names the file. */
export type DataFileReader = (file: string) => { text: string } | { problem: string };

/** Data files from the disk, next to the suite file. */
export function dataFilesBeside(suiteFile: string): DataFileReader {
  return (file) => {
    const path = resolve(dirname(suiteFile), file);
    try {
      return { text: readFileSync(path, 'utf8') };
    } catch (error) {
      return { problem: `cannot read ${file} (looked for ${path}): ${errorMessage(error)}` };
    }
  };
}

/** Reads and parses a data file; a problem is returned as a message naming the file. */
export function readDataFile(read: DataFileReader, file: string): { columns: string[]; rows: Record<string, TemplateValue>[] } | { problem: string } {
  const source = read(file);
  if ('problem' in source) return source;
  const { text } = source;
  const parsed = ['.json'].includes(extname(file).toLowerCase())
    ? jsonRows(text)
    : ['.ndjson', '.jsonl'].includes(extname(file).toLowerCase())
      ? ndjsonRows(text)
      : csvRows(text);
  if ('problem' in parsed) return { problem: `${file}: ${parsed.problem}` };
  if (parsed.rows.length === 0) return { problem: `${file}: no rows; a data file needs at least one` };
  if (parsed.rows.length > MAX_ROWS) return { problem: `${file}: ${parsed.rows.length} rows, more than the ${MAX_ROWS} perf-gate keeps in memory` };
  return parsed;
}

type Parsed = { columns: string[]; rows: Record<string, TemplateValue>[] } | { problem: string };

function csvRows(text: string): Parsed {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  if ('problem' in records) return records;
  const [header, ...lines] = records.filter((record) => !(record.length === 1 && record[0] === ''));
  if (header === undefined) return { problem: 'empty; expected a header row of column names, then rows' };
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined) return { problem: `the header names column "${duplicate}" twice` };
  const rows: Record<string, TemplateValue>[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.length !== header.length) return { problem: `row ${i + 2} has ${line.length} fields, the header ${header.length}` };
    rows.push(Object.fromEntries(header.map((name, j) => [name, line[j]!])));
  }
  return { columns: header, rows };
}

/** RFC 4180 records: fields separated by commas, quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] | { problem: string } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === '"') return { problem: `line ${line}: a quote inside an unquoted field; quote the whole field and write the quote as ""` };
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      line++;
    } else field += c;
  }
  if (quoted) return { problem: `line ${line}: a quoted field is never closed` };
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function objectRows(values: unknown[], where: (i: number) => string): Parsed {
  const rows: Record<string, TemplateValue>[] = [];
  for (const [i, value] of values.entries()) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: `${where(i)}: expected an object of column values` };
    rows.push(value as Record<string, TemplateValue>);
  }
  return { columns: [...new Set(rows.flatMap((row) => Object.keys(row)))], rows };
}

function jsonRows(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON: ${errorMessage(error)}` };
  }
  if (!Array.isArray(value)) return { problem: 'expected a JSON array of objects, one per row' };
  return objectRows(value, (i) => `row ${i + 1}`);
}

function ndjsonRows(text: string): Parsed {
  const values: unknown[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      return { problem: `line ${i + 1}: not valid JSON: ${errorMessage(error)}` };
    }
  }
  return objectRows(values, (i) => `row ${i + 1}`);
}

/**
 * The row an iteration reads, by its number (from 1, unique across threads and shards): in order
 * (wrapping around), at random, or each row once (undefined once they have run out).
 */
export function rowFor(source: DataSource, iteration: number): Record<string, TemplateValue> | undefined {
  const { rows } = source;
  switch (source.order) {
    case 'sequential':
      return rows[(iteration - 1) % rows.length];
    case 'random':
      return rows[Math.floor(Math.random() * rows.length)];
    case 'unique':
      return rows[iteration - 1];
  }
}
