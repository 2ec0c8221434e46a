import { afterEach, describe, expect, it } from 'vitest';
import { parseHeaders, readInputs } from '../../src/action/inputs.js';
import { InputError } from '../../src/errors.js';

describe('the headers input', () => {
  it('takes one "name: value" a line, names lower-cased, comments and blank lines skipped', () => {
    expect(parseHeaders('X-Bypass: s3cret\n\n# a comment\nAuthorization: Bearer abc')).toEqual({
      'x-bypass': 's3cret',
      authorization: 'Bearer abc',
    });
  });

  it.each([
    ['host: evil.example.com', /line 1 \(host\): the host header cannot be set: perf-gate sends the host of target/],
    ['x-ok: 1\ncontent-length: 5', /line 2 \(content-length\): the content-length header cannot be set/],
    ['x-token: abc\u0001def', /line 1 \(x-token\): expected a header value without line breaks or other control characters/],
    ['X-Run: 1\nx-run: 2', /line 2 \(x-run\)|case-insensitive/],
    ['no colon here', /line 1: expected "name: value"/],
  ])('refuses %j by the suite file\u2019s rules, naming the line and never the value', (text, message) => {
    let error: unknown;
    try {
      parseHeaders(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^input headers, line/);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('evil.example.com');
    expect((error as Error).message).not.toContain('abc');
  });
});

describe('the shard inputs', () => {
  const names = ['INPUT_SHARD', 'INPUT_SHARDS', 'INPUT_BASELINE-URL', 'INPUT_MODE'];
  afterEach(() => {
    for (const name of names) delete process.env[name];
  });

  it('reads shard i/n and the merge folder, and names the input of a bad one', () => {
    process.env.INPUT_SHARD = '2/3';
    expect(readInputs().shard).toEqual({ index: 2, count: 3 });
    process.env.INPUT_MODE = 'merge';
    process.env.INPUT_SHARDS = 'shards';
    expect(readInputs()).toMatchObject({ mode: 'merge', shards: 'shards' });
    process.env.INPUT_SHARD = '4/3';
    expect(() => readInputs()).toThrow('input shard: expected i/n with 1 ≤ i ≤ n and 2 ≤ n ≤ 256, such as 1/4, found "4/3"');
    process.env.INPUT_SHARD = '1/2';
    process.env['INPUT_BASELINE-URL'] = 'http://127.0.0.1:8081';
    expect(() => readInputs()).toThrow(/^inputs shard and baseline-url: the A\/B mode/);
  });
});
