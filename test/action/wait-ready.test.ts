import { describe, expect, it } from 'vitest';
import { sameCommit, waitUntilReady } from '../../src/action/wait-ready.js';
import { InterruptedError, TargetUnreachableError } from '../../src/errors.js';
import { closedPort, ok, startServer } from '../helpers/servers.js';

describe('waitUntilReady', () => {
  it('polls with backoff until the deployment answers below 500', async () => {
    let calls = 0;
    const server = await startServer((_req, res) => {
      calls += 1;
      if (calls < 3) {
        res.writeHead(503);
        res.end();
      } else ok(res);
    });
    const log: string[] = [];
    try {
      await waitUntilReady(server.url, {}, 20_000, (line) => log.push(line));
    } finally {
      await server.close();
    }
    expect(calls).toBe(3);
    expect(log).toEqual([
      expect.stringMatching(/attempt 1: HTTP 503\); next try in 1 s$/),
      expect.stringMatching(/attempt 2: HTTP 503\); next try in 2 s$/),
    ]);
  });

  it('gives up after the wait timeout with a message that says what to do', async () => {
    const target = new URL(`http://127.0.0.1:${await closedPort()}`);
    const attempt = waitUntilReady(target, {}, 2_500, () => undefined);
    await expect(attempt).rejects.toBeInstanceOf(TargetUnreachableError);
    await expect(attempt).rejects.toThrow(/did not become ready within 3 s \(2 attempts; last: ECONNREFUSED\); raise wait-timeout/);
  });
});

describe('waitUntilReady, cancelled', () => {
  it('stops at once when the job is cancelled, between two attempts or in one that hangs', async () => {
    const refusing = new URL(`http://127.0.0.1:${await closedPort()}`);
    // A server that takes each request and never answers.
    const hanging = await startServer(() => undefined);
    try {
      for (const target of [refusing, hanging.url]) {
        const cancel = new AbortController();
        const started = performance.now();
        setTimeout(() => cancel.abort(), 300);
        const waiting = waitUntilReady(target, {}, 60_000, () => undefined, undefined, cancel.signal);
        await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
        await expect(waiting).rejects.toThrow(
          /the job was cancelled while waiting for http:\/\/127\.0\.0\.1:\d+ to be ready \(attempt 1; last: /,
        );
        // Not the next attempt's 1 s, nor the request's 10 s, nor the 60 s wait.
        expect(performance.now() - started).toBeLessThan(900);
      }
    } finally {
      await hanging.close();
    }
  });
});

describe('waitUntilReady with an expected sha (stale previews)', () => {
  const HEAD = 'abcdef1234567890abcdef1234567890abcdef12';

  it('waits until the sha header names the expected commit (prefix match)', async () => {
    let calls = 0;
    const server = await startServer((_req, res) => {
      calls += 1;
      res.writeHead(200, { 'x-commit-sha': calls < 2 ? '0123456789' : HEAD.slice(0, 7) });
      res.end('ok');
    });
    const log: string[] = [];
    try {
      await waitUntilReady(server.url, {}, 20_000, (line) => log.push(line), { sha: HEAD, header: 'x-commit-sha' });
    } finally {
      await server.close();
    }
    expect(calls).toBe(2);
    expect(log).toEqual([expect.stringMatching(/attempt 1: serves 0123456789, expected abcdef123456\); next try in 1 s$/)]);
  });

  it('reads the sha from a path and names the stale sha it saw on timeout', async () => {
    const paths = new Set<string>();
    const server = await startServer((req, res) => {
      paths.add(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sha: '9999999aaaa' }));
    });
    try {
      const attempt = waitUntilReady(server.url, {}, 2_500, () => undefined, { sha: HEAD, path: '/version.json' });
      await expect(attempt).rejects.toBeInstanceOf(TargetUnreachableError);
      await expect(attempt).rejects.toThrow(
        /still serves commit 9999999aaaa, not abcdef123456, after 3 s \(2 attempts\): a stale preview; raise wait-timeout/,
      );
    } finally {
      await server.close();
    }
    expect(paths).toEqual(new Set(['/version.json']));
  });

  it('matches shas by prefix of 7 or more hex digits only', () => {
    expect(sameCommit('abcdef1', HEAD)).toBe(true);
    expect(sameCommit(HEAD.toUpperCase(), HEAD)).toBe(true);
    expect(sameCommit('abcdef', HEAD)).toBe(false);
    expect(sameCommit('abcdef2', HEAD)).toBe(false);
  });
});
