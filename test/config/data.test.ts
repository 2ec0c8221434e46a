import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIELD_BYTES } from '../../src/config/data-csv.js';
import { dataFilesBeside, MAX_BYTES, MAX_ROWS, readDataFile, rowFor, type DataFileReader, type DataSource } from '../../src/config/data.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-data-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const beside = () => dataFilesBeside(join(dir, 'perf-gate.yml'));

async function read(name: string, text: string) {
  await writeFile(join(dir, name), text);
  return readDataFile(beside(), name);
}

/**
 * The text given a byte at a time, its size unknown (as a pipe or a growing file gives it): every state of the scan meets a chunk's end.
 */
const trickle =
  (text: string): DataFileReader =>
  () => {
    const bytes = Buffer.from(text);
    let at = 0;
    return { bytes: { size: 0, read: (into) => (at < bytes.length ? ((into[0] = bytes[at++]!), 1) : 0), close: () => undefined } };
  };

/** Every row of a file, as iterations read them; or the problem. */
function rows(file: string, text: string, reader: (text: string) => DataFileReader = (t) => () => ({ text: t })) {
  const read = readDataFile(reader(text), file);
  if ('problem' in read) return read;
  const source: DataSource = { name: 'd', file, order: 'sequential', ...read };
  return { columns: read.columns, rows: Array.from({ length: read.rows.length }, (_, i) => rowFor(source, i + 1)) };
}

/** As `rows`, and the same when the file arrives a byte at a time. */
function parsed(file: string, text: string) {
  const whole = rows(file, text);
  expect(rows(file, text, trickle)).toEqual(whole);
  return whole;
}

/** The problem a file's text is refused for, read whole and in trickles. */
function problemOf(file: string, text: string): string | undefined {
  const result = parsed(file, text);
  return 'problem' in result ? result.problem : undefined;
}

describe('CSV', () => {
  it('reads RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF, CR and a last line without one', () => {
    expect(parsed('a.csv', 'a,b\r\n"x, y","say ""hi"""\n"two\r\nlines",\rlast,row')).toEqual({
      columns: ['a', 'b'],
      rows: [
        { a: 'x, y', b: 'say "hi"' },
        { a: 'two\r\nlines', b: '' },
        { a: 'last', b: 'row' },
      ],
    });
    expect(parsed('u.csv', 'name,"",x\n"é ü",,"€"\n')).toEqual({ columns: ['name', '', 'x'], rows: [{ name: 'é ü', '': '', x: '€' }] });
  });

  it('makes rows of the header’s columns, skipping blank lines and a byte-order mark', async () => {
    expect(parsed('p.csv', '\uFEFFid,name\n1,shoe\n\n2,"boot, brown"\n')).toEqual({
      columns: ['id', 'name'],
      rows: [
        { id: '1', name: 'shoe' },
        { id: '2', name: 'boot, brown' },
      ],
    });
    expect(await read('header.csv', 'id,name\n')).toEqual({ problem: 'header.csv: no rows; a data file needs at least one' });
    expect(await read('empty.csv', '\n\n')).toEqual({ problem: 'empty.csv: empty; expected a header row of column names, then rows' });
  });

  const QUOTING = 'quote the whole field and write a quote inside it as ""';

  it('says at which line and column a field goes wrong: where it starts, counting blank lines and line breaks inside quotes', () => {
    expect(parsed('q.csv', 'a\n"open')).toEqual({
      problem: 'q.csv: line 2, column 1 (a): a quoted field is never closed; end it with a quote, and write a quote inside it as ""',
    });
    expect(parsed('q.csv', 'a,b\n\n1,"opened here\n\n')).toEqual({
      problem: 'q.csv: line 3, column 2 (b): a quoted field is never closed; end it with a quote, and write a quote inside it as ""',
    });
    expect(parsed('q.csv', 'a\nx"y')).toEqual({ problem: `q.csv: line 2, column 1 (a): a quote inside an unquoted field; ${QUOTING}` });
    // A CRLF inside quotes is one line break (csv-parse's own count takes it for two).
    expect(parsed('n.csv', 'id,name,email\r\n\r\n1,"two\r\nlines",a@b\r\n\n2,x,c"d\r\n')).toEqual({
      problem: `n.csv: line 6, column 3 (email): a quote inside an unquoted field; ${QUOTING}`,
    });
    expect(parsed('r.csv', 'a,b\r"x\ry",1\r\r2, "z"\r')).toEqual({
      problem: `r.csv: line 5, column 2 (b): a quote inside an unquoted field; ${QUOTING}`,
    });
    expect(parsed('b.csv', '\uFEFF\nid,name\n1,"a"b\n')).toEqual({
      problem: `b.csv: line 3, column 2 (name): text after a quoted field's closing quote; ${QUOTING}`,
    });
  });

  it('says at which line a row has too few or too many fields, and which column is missing or extra', () => {
    const extra = (line: number, fields: number, header: number) =>
      `s.csv: line ${line}, column ${fields}: a field past the header's last column; ` +
      `the row has ${fields} fields where the header (line ${header}) has ${fields - 1}`;
    expect(problemOf('s.csv', 'id,name\n\n1,"two\nlines"\r\n\r\n2\n')).toBe(
      's.csv: line 6, column 2 (name): missing; the row has 1 field where the header (line 1) has 2',
    );
    expect(problemOf('s.csv', '\n\nid\r1\r\r2,3\r')).toBe(extra(6, 2, 3));
    expect(problemOf('s.csv', 'a,b\n1,2\n3,"4\n5",6')).toBe(extra(3, 3, 1));
  });

  it('refuses text after a closing quote rather than joining it to the field', () => {
    expect(parsed('c.csv', 'a,b\n"a"b,c\n')).toEqual({
      problem: `c.csv: line 2, column 1 (a): text after a quoted field's closing quote; ${QUOTING}`,
    });
    expect(parsed('c.csv', 'a\n"x\ny" z\n')).toEqual({
      problem: `c.csv: line 2, column 1 (a): text after a quoted field's closing quote; ${QUOTING}`,
    });
  });

  it('names no column of a header that goes wrong, and refuses a column named twice', () => {
    expect(parsed('h.csv', 'a,"b"c\n1,2\n')).toEqual({
      problem: `h.csv: line 1, column 2: text after a quoted field's closing quote; ${QUOTING}`,
    });
    expect(parsed('h.csv', '\r\nid,name,id\r\n1,2,3\r\n')).toEqual({
      problem: 'h.csv: line 2, column 3: the header names a column twice (columns 1 and 3); each column needs a name of its own',
    });
  });
});

describe('JSON and NDJSON', () => {
  it('read objects, keeping their values’ types, and refuse anything else', async () => {
    expect(parsed('u.json', '\uFEFF[{"id": 1, "tags": ["a"]}, {"id": 2, "extra": true}]\n')).toEqual({
      columns: ['id', 'tags', 'extra'],
      rows: [
        { id: 1, tags: ['a'] },
        { id: 2, extra: true },
      ],
    });
    expect(parsed('u.ndjson', '{"user":"ann"}\r\n\n  \n{"user":"bob"}')).toMatchObject({ rows: [{ user: 'ann' }, { user: 'bob' }] });
    expect(await read('o.json', '{"id": 1}')).toEqual({ problem: 'o.json: line 1: expected a JSON array of objects, one per row' });
    expect(await read('n.json', '[1]')).toEqual({ problem: 'n.json: line 1: row 1: expected an object of column values' });
    expect(await read('b.jsonl', '{"a":1}\n{oops}\n')).toEqual({ problem: 'b.jsonl: line 2: not valid JSON' });
    expect(await read('e.json', '[]')).toEqual({ problem: 'e.json: no rows; a data file needs at least one' });
    expect(readDataFile(beside(), 'missing.csv')).toMatchObject({
      problem: expect.stringMatching(/^cannot read missing\.csv \(looked for .*missing\.csv\)/),
    });
  });

  it('split an array into its rows whatever the strings and brackets inside them hold', () => {
    const text = '[\n  {"a": "x], \\"{ ["},\n  {"a": [1, {"b": "]"}], "c": {"d": null}}\n]';
    expect(parsed('n.json', text)).toEqual({ columns: ['a', 'c'], rows: [{ a: 'x], "{ [' }, { a: [1, { b: ']' }], c: { d: null } }] });
  });

  it('say on which line and in which row an array goes wrong', () => {
    const texts = ['[\n{"a":1},\n\n{"a":}\n]', '[{"a":1}}]', '[{"a":1},\n]', '[{"a":1}]\n[{"a":2}]', '[{"a":1},\n{"a":"]', ' \n'];
    expect(texts.map((text) => problemOf('l.json', text))).toEqual([
      'l.json: line 4: row 2: not valid JSON',
      'l.json: line 1: row 1: not valid JSON',
      "l.json: line 2: a comma before the array's closing ]; expected another row",
      "l.json: line 2: more after the array's closing ]; expected the end of the file",
      'l.json: line 2: the file ends inside the array; expected a closing ]',
      'l.json: empty; expected a JSON array of objects, one per row',
    ]);
  });
});

describe('what a message may say', () => {
  // Data files hold tokens and passwords: a message names the file, the line and what was expected, and quotes nothing.
  it.each([
    ['first.json', 'password,hunter2\nann,x\n'],
    ['row.json', '[{"ok":1},{"password": hunter2}]'],
    ['line.ndjson', '{"ok":1}\npassword=hunter2\n'],
    ['header.csv', 'hunter2,hunter2\n1,2\n'],
    ['quote.csv', 'a\nhunter2"\n'],
    ['close.csv', 'a\n"hunter2"x\n'],
  ])('%s', (file, text) => {
    const read = readDataFile(() => ({ text }), file);
    expect(read).toMatchObject({ problem: expect.stringMatching(new RegExp(`^${file}: line \\d+`)) });
    expect((read as { problem: string }).problem).not.toContain('hunter2');
  });
});

describe('limits', () => {
  it('refuse a device, a FIFO and a directory at once, without reading them', async () => {
    const fifo = join(dir, 'rows.fifo');
    execFileSync('mkfifo', [fifo]);
    await mkdir(join(dir, 'rows.csv'));
    const started = Date.now();
    expect(readDataFile(beside(), '/dev/zero')).toEqual({
      problem: '/dev/zero: not a regular file (a device, a pipe or a socket); expected a CSV, JSON or NDJSON file',
    });
    expect(readDataFile(beside(), 'rows.fifo')).toEqual({
      problem: 'rows.fifo: not a regular file (a device, a pipe or a socket); expected a CSV, JSON or NDJSON file',
    });
    expect(readDataFile(beside(), 'rows.csv')).toEqual({ problem: 'rows.csv: a directory; expected a CSV, JSON or NDJSON file' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  const tooLarge = `larger than the ${MAX_BYTES / 1024 / 1024} MiB perf-gate reads; use a smaller file (at most 1,000,000 rows)`;

  it('refuse a file a byte past the cap before reading it', async () => {
    // Sparse: the size is there, the disk blocks are not.
    const file = await open(join(dir, 'huge.csv'), 'w');
    await file.truncate(MAX_BYTES + 1);
    await file.close();
    expect(readDataFile(beside(), 'huge.csv')).toEqual({ problem: `huge.csv: ${tooLarge}` });
  });

  it('stop reading at the cap a file that does not say its size, or grows as it is read', () => {
    let given = 0;
    const endless: DataFileReader = () => ({
      bytes: {
        size: 0,
        read: (into) => {
          into.fill(0x61);
          given += into.length;
          return into.length;
        },
        close: () => undefined,
      },
    });
    expect(readDataFile(endless, 'grows.csv')).toEqual({ problem: `grows.csv: ${tooLarge}` });
    expect(given).toBe(MAX_BYTES + 1);
  });

  it('stop at a field past 16 MiB, such as a quoted one never closed, naming where it starts', async () => {
    // Its problem, or how many rows (a failure prints this, not the 16 MiB).
    const outcome = async (name: string, text: string) => {
      const file = await read(name, text);
      return 'problem' in file ? file.problem : file.rows.length;
    };
    const long = 'x'.repeat(MAX_FIELD_BYTES + 2);
    expect(await outcome('open.csv', `id,body\n1,"${long}\n2,y\n`)).toBe(
      'open.csv: line 2, column 2 (body): a quoted field runs past 16 MiB, the most perf-gate reads of a field; if it is never closed, end it with a quote, and write a quote inside it as ""',
    );
    expect(await outcome('long.csv', `id,body\n1,${long}\n`)).toBe(
      'long.csv: line 2, column 2 (body): a field longer than 16 MiB, the most perf-gate reads of a field; use shorter values',
    );
    expect(await outcome('most.csv', `id,body\n1,"${long.slice(2)}"\n2,${long.slice(2)}\n`)).toBe(2);
  });

  // One file of a million rows and more (csv-parse takes seconds over it): the line named is the
  // one after the millionth row's, so the cap is neither one row early nor one late.
  it('stop at the row past the cap, naming its line', async () => {
    const ids = Array.from({ length: MAX_ROWS }, (_, i) => i.toString(36)).join('\n');
    expect(await read('many.csv', `id\n\n${ids}\nlast\nmore\n`)).toEqual({
      problem:
        'many.csv: more than the 1,000,000 rows perf-gate reads (line 1000003 holds row 1,000,001); use a file of at most 1,000,000 rows',
    });
  });
});

describe('rows for iterations', () => {
  const read = readDataFile(() => ({ text: 'id\na\nb\nc\n' }), 'p.csv');
  const source = (order: DataSource['order']): DataSource => ({
    name: 'p',
    file: 'p.csv',
    order,
    ...(read as Pick<DataSource, 'columns' | 'rows'>),
  });

  it('go round in order, draw at random, or give each row once', () => {
    expect([1, 2, 3, 4, 5].map((n) => rowFor(source('sequential'), n)?.id)).toEqual(['a', 'b', 'c', 'a', 'b']);
    expect(new Set(Array.from({ length: 100 }, (_, n) => rowFor(source('random'), n + 1)?.id))).toEqual(new Set(['a', 'b', 'c']));
    expect([1, 2, 3, 4].map((n) => rowFor(source('unique'), n)?.id)).toEqual(['a', 'b', 'c', undefined]);
  });

  it('are shared with worker threads, not copied: a structured clone (workerData) holds the same memory', () => {
    const original = readDataFile(() => ({ text: 'id\na\nb\n' }), 'p.csv') as Pick<DataSource, 'columns' | 'rows'>;
    const clone = structuredClone({ name: 'p', file: 'p.csv', order: 'sequential' as const, ...original });
    expect(rowFor(clone, 2)).toEqual({ id: 'b' });
    // The byte of row 2 ("b") is changed through the original: the clone sees it.
    original.rows.bytes[original.rows.bounds[2]!] = 0x42;
    expect(rowFor(clone, 2)).toEqual({ id: 'B' });
  });
});
