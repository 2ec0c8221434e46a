import { describe, expect, it } from 'vitest';
import { CookieJar, readCapture, type StepResponse } from '../../src/load/capture.js';

const response = (headers: [string, string][], body?: string): StepResponse => ({
  rawHeaders: headers.flatMap(([name, value]) => [Buffer.from(name), Buffer.from(value)]),
  body,
  json: () => {
    try {
      return JSON.parse(body ?? '') as unknown;
    } catch {
      return undefined;
    }
  },
});

describe('captures', () => {
  const page = response(
    [
      ['Location', '/orders/77'],
      ['Set-Cookie', 'theme=dark; Path=/'],
      ['Set-Cookie', 'session=abc123; HttpOnly; SameSite=Lax'],
    ],
    '{"items":[{"id":5,"tags":["new"]}],"total":0,"next":null,"csrf":"<input name=csrf value=\\"t0k\\">"}',
  );

  it('read a JSON path, keeping the type, and find nothing past the end of the data', () => {
    expect(readCapture({ from: 'json', path: ['items', 0, 'id'] }, page)).toBe(5);
    expect(readCapture({ from: 'json', path: ['items', 0, 'tags'] }, page)).toEqual(['new']);
    expect(readCapture({ from: 'json', path: ['total'] }, page)).toBe(0);
    expect(readCapture({ from: 'json', path: ['items', 1, 'id'] }, page)).toBeUndefined();
    expect(readCapture({ from: 'json', path: ['next'] }, page)).toBeUndefined();
    expect(readCapture({ from: 'json', path: ['items', 0, 'id', 'deeper'] }, page)).toBeUndefined();
    expect(readCapture({ from: 'json', path: ['id'] }, response([], 'not json'))).toBeUndefined();
  });

  it('read a header by any case, a cookie the response sets, and a regular expression (its first group)', () => {
    expect(readCapture({ from: 'header', name: 'location' }, page)).toBe('/orders/77');
    expect(readCapture({ from: 'header', name: 'etag' }, page)).toBeUndefined();
    expect(readCapture({ from: 'cookie', name: 'session' }, page)).toBe('abc123');
    expect(readCapture({ from: 'cookie', name: 'missing' }, page)).toBeUndefined();
    expect(readCapture({ from: 'regex', regex: /value=\\?"(\w+)/ }, page)).toBe('t0k');
    expect(readCapture({ from: 'regex', regex: /"total":\d/ }, page)).toBe('"total":0');
    expect(readCapture({ from: 'regex', regex: /nothing here/ }, page)).toBeUndefined();
  });
});

describe('a cookie jar', () => {
  it('keeps what the server sets, replaces it, and drops what the server expires', () => {
    const jar = new CookieJar();
    expect(jar.header()).toBeUndefined();
    jar.update(
      response([
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2; Max-Age=3600'],
      ]).rawHeaders,
    );
    expect(jar.header()).toBe('a=1; b=2');
    jar.update(
      response([
        ['set-cookie', 'a=9'],
        ['set-cookie', 'b=; Max-Age=0'],
      ]).rawHeaders,
    );
    expect(jar.header()).toBe('a=9');
    jar.update(response([['set-cookie', 'a=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT']]).rawHeaders);
    expect(jar.header()).toBeUndefined();
    jar.update(response([['set-cookie', 'c=3']]).rawHeaders);
    jar.clear();
    expect(jar.header()).toBeUndefined();
  });
});
