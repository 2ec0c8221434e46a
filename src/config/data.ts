/**
 * Data files for flows: rows of values a flow's iterations read as `{{ source.column }}` (many
 * product ids, many users, rather than one cached key). CSV with a header row, a JSON array of
 * objects, or NDJSON (one object a line).
 *
 * A file is read in chunks within a byte cap and a row cap, checked as it is read, so no file
 * (a device, a file that keeps growing, a mistake) can take unbounded time or memory. The rows
 * stay as bytes in shared memory (a CSV row's values, a JSON row's object), which worker threads
 * share rather than copy.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { errorMessage } from '../errors.js';
import { CsvRows } from './data-csv.js';
import { JsonArrayScanner, JsonRows, NdjsonScanner } from './data-json.js';
import { valueAt, type DataRows, type RowReader } from './data-store.js';
import type { TemplateValue } from './template.js';

/** How rows are given to iterations: in order (wrapping), at random, or each row once across the whole run. */
export type DataOrder = 'sequential' | 'random' | 'unique';

export interface DataSource {
  name: string;
  /** As written in the suite file (relative to it). */
  file: string;
  order: DataOrder;
  columns: string[];
  rows: DataRows;
}

/** Most rows a data file may hold. */
export const MAX_ROWS = 1_000_000;

/**
 * Most bytes a data file may hold. Ample for MAX_ROWS rows of ids, users and tokens (which take
 * 20 to 150 bytes a row: 256 bytes a row are allowed), while a run's memory stays bounded: the
 * bytes are kept once, whatever the number of worker threads.
 */
export const MAX_BYTES = 256 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;

/** A data file open for reading: its size as the file system tells it (0 if it cannot), its bytes in order. */
export interface DataFileBytes {
  size: number;
  /** Reads the next bytes into `into`: how many, 0 at the end. */
  read(into: Uint8Array): number;
  close(): void;
}

/** A data file by its path as the suite file writes it: its bytes, its text (read elsewhere), or a problem naming it. */
export type DataFileReader = (file: string) => { bytes: DataFileBytes } | { text: string } | { problem: string };

/** Data files from the disk, next to the suite file. */
export function dataFilesBeside(suiteFile: string): DataFileReader {
  return (file) => {
    const path = resolve(dirname(suiteFile), file);
    let fd: number | undefined;
    try {
      // Non-blocking, or opening a FIFO would wait for a writer that may never come.
      fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      const stats = fstatSync(fd);
      if (!stats.isFile()) {
        closeSync(fd);
        const kind = stats.isDirectory() ? 'a directory' : 'not a regular file (a device, a pipe or a socket)';
        return { problem: `${file}: ${kind}; expected a CSV, JSON or NDJSON file` };
      }
      const opened = fd;
      return { bytes: { size: stats.size, read: (into) => readSync(opened, into), close: () => closeSync(opened) } };
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      return { problem: `cannot read ${file} (looked for ${path}): ${errorMessage(error)}` };
    }
  };
}

/** Reads and checks a data file; a problem is returned as a message naming the file, never quoting it. */
export function readDataFile(read: DataFileReader, file: string): { columns: string[]; rows: DataRows } | { problem: string } {
  const opened = read(file);
  if ('problem' in opened) return opened;
  const bytes = 'text' in opened ? textBytes(opened.text) : opened.bytes;
  try {
    const rows = readRows(bytes, extname(file).toLowerCase());
    return 'problem' in rows ? { problem: `${file}: ${rows.problem}` } : rows;
  } catch (error) {
    return { problem: `cannot read ${file}: ${errorMessage(error)}` };
  } finally {
    bytes.close();
  }
}

function readRows(file: DataFileBytes, extension: string): { columns: string[]; rows: DataRows } | { problem: string } {
  const tooLarge = {
    problem: `larger than the ${MAX_BYTES / 1024 / 1024} MiB perf-gate reads; use a smaller file (at most ${MAX_ROWS.toLocaleString('en-US')} rows)`,
  };
  if (file.size > MAX_BYTES) return tooLarge;
  const reader = readerFor(extension);
  for (let total = 0; ;) {
    // As much as the file system says is left (and a byte, to see the end), so a small file takes little memory.
    const want = Math.min(file.size > total ? Math.min(CHUNK_BYTES, file.size - total + 1) : CHUNK_BYTES, MAX_BYTES - total);
    if (want === 0) {
      if (file.read(new Uint8Array(1)) > 0) return tooLarge;
      break;
    }
    const read = file.read(reader.room(want));
    if (read === 0) break;
    total += read;
    const problem = reader.took(read);
    if (problem !== undefined) return { problem };
  }
  const read = reader.end();
  if ('rows' in read && read.rows.length === 0) return { problem: 'no rows; a data file needs at least one' };
  return read;
}

function readerFor(extension: string): RowReader {
  if (extension === '.json') return new JsonRows(new JsonArrayScanner(), MAX_BYTES, MAX_ROWS);
  if (extension === '.ndjson' || extension === '.jsonl') return new JsonRows(new NdjsonScanner(), MAX_BYTES, MAX_ROWS);
  return new CsvRows(MAX_BYTES, MAX_ROWS);
}

/** A file's text read elsewhere (through the GitHub API), given out as the disk's bytes are. */
function textBytes(text: string): DataFileBytes {
  const bytes = Buffer.from(text);
  let at = 0;
  return {
    size: bytes.length,
    read: (into) => {
      const copied = bytes.copy(into, 0, at);
      at += copied;
      return copied;
    },
    close: () => undefined,
  };
}

/**
 * The row an iteration reads, by its number (from 1, unique across threads and shards): in order
 * (wrapping around), at random, or each row once (undefined once they have run out).
 */
export function rowFor(source: DataSource, iteration: number): Record<string, TemplateValue> | undefined {
  const { length } = source.rows;
  switch (source.order) {
    case 'sequential':
      return rowAt(source, (iteration - 1) % length);
    case 'random':
      return rowAt(source, Math.floor(Math.random() * length));
    case 'unique':
      return iteration <= length ? rowAt(source, iteration - 1) : undefined;
  }
}

/** A row made into an object, from bytes the reading checked. */
function rowAt({ rows, columns }: DataSource, index: number): Record<string, TemplateValue> {
  if (rows.format === 'json') return JSON.parse(valueAt(rows, index)) as Record<string, TemplateValue>;
  const row: Record<string, TemplateValue> = {};
  const first = index * columns.length;
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = valueAt(rows, first + i);
  return row;
}
