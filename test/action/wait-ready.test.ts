import { describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../src/action/wait-ready.js';
import { TargetUnreachableError } from '../../src/errors.js';
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
