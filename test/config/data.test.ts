import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFilesBeside, parseCsv, readDataFile, rowFor, type DataSource } from '../../src/config/data.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-data-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function read(name: string, text: string) {
  await writeFile(join(dir, name), text);
  return readDataFile(dataFilesBeside(join(dir, 'perf-gate.yml')), name);
}

describe('CSV', () => {
  it('reads RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF and a last line without one', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",\nlast,row')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', ''],
      ['last', 'row'],
    ]);
  });

  it('says where a file goes wrong', () => {
    expect(parseCsv('a\n"open')).toEqual({ problem: 'line 2: a quoted field is never closed' });
    expect(parseCsv('a\nx"y')).toEqual({ problem: 'line 2: a quote inside an unquoted field; quote the whole field and write the quote as ""' });
  });

  it('makes rows of the header’s columns, skipping blank lines and a byte-order mark', async () => {
    expect(await read('p.csv', '\uFEFFid,name\n1,shoe\n\n2,"boot, brown"\n')).toEqual({
      columns: ['id', 'name'],
      rows: [
        { id: '1', name: 'shoe' },
        { id: '2', name: 'boot, brown' },
      ],
    });
    expect(await read('short.csv', 'id,name\n1\n')).toEqual({ problem: 'short.csv: row 2 has 1 fields, the header 2' });
    expect(await read('twice.csv', 'id,id\n1,2\n')).toEqual({ problem: 'twice.csv: the header names column "id" twice' });
    expect(await read('header.csv', 'id,name\n')).toEqual({ problem: 'header.csv: no rows; a data file needs at least one' });
  });
});

describe('JSON and NDJSON', () => {
  it('read objects, keeping their values’ types, and refuse anything else', async () => {
    expect(await read('u.json', '[{"id": 1, "tags": ["a"]}, {"id": 2, "extra": true}]')).toEqual({
      columns: ['id', 'tags', 'extra'],
      rows: [{ id: 1, tags: ['a'] }, { id: 2, extra: true }],
    });
    expect(await read('u.ndjson', '{"user":"ann"}\n\n{"user":"bob"}\n')).toMatchObject({ rows: [{ user: 'ann' }, { user: 'bob' }] });
    expect(await read('o.json', '{"id": 1}')).toEqual({ problem: 'o.json: expected a JSON array of objects, one per row' });
    expect(await read('n.json', '[1]')).toEqual({ problem: 'n.json: row 1: expected an object of column values' });
    expect(await read('b.jsonl', '{"a":1}\n{oops}\n')).toMatchObject({ problem: expect.stringMatching(/^b\.jsonl: line 2: not valid JSON/) });
    expect(readDataFile(dataFilesBeside(join(dir, 'perf-gate.yml')), 'missing.csv')).toMatchObject({ problem: expect.stringMatching(/^cannot read missing\.csv \(looked for .*missing\.csv\)/) });
  });
});

describe('rows for iterations', () => {
  const source = (order: DataSource['order']): DataSource => ({ name: 'p', file: 'p.csv', order, columns: ['id'], rows: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });

  it('go round in order, draw at random, or give each row once', () => {
    expect([1, 2, 3, 4, 5].map((n) => rowFor(source('sequential'), n)?.id)).toEqual(['a', 'b', 'c', 'a', 'b']);
    expect(new Set(Array.from({ length: 100 }, (_, n) => rowFor(source('random'), n + 1)?.id))).toEqual(new Set(['a', 'b', 'c']));
    expect([1, 2, 3, 4].map((n) => rowFor(source('unique'), n)?.id)).toEqual(['a', 'b', 'c', undefined]);
  });
});
