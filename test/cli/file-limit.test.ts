import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The committed bundle in a child process whose open-file limit the shell has lowered, soft and
// hard, to 256: as a user or a runner with a low `ulimit -n` starts it.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const LIMIT = 256;

function underLimit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const script = `ulimit -n ${LIMIT} && exec "$0" "$@"`;
    execFile('sh', ['-c', script, process.execPath, cli, ...args], { env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

let dir: string;
let server: Server;
let target: string;
/** TCP connections the target accepted, the probe's included. */
let connections = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-file-limit-'));
  server = createServer((_req, res) => res.end('ok'));
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function suiteFile(connectionsAsked: number): Promise<string> {
  const file = join(dir, `c${connectionsAsked}.yml`);
  await writeFile(
    file,
    `version: 1\ndefaults: { warmup: 0s, rounds: 1 }\nscenarios:\n  - name: crowd\n    request: { path: / }\n    load: { connections: ${connectionsAsked}, duration: 200ms }\n`,
  );
  return file;
}

describe.runIf(process.platform === 'linux')('a run under a low open-file limit (ulimit -n 256)', () => {
  it('is refused before it opens any connection, with exit 2 and what to do, when its connections cannot all be open', async () => {
    const before = connections;
    const { code, stdout, stderr } = await underLimit(['run', '-c', await suiteFile(1_000), '-t', target, '--progress', 'none']);
    expect(code, stderr).toBe(2);
    expect(stderr).toContain('perf-gate: this run holds up to 1,000 connections open at once (scenario "crowd" 1,000)');
    expect(stderr).toContain(`this process may open only ${LIMIT}`);
    expect(stderr).toContain('`ulimit -n 1064`');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stdout).toBe('');
    expect(connections - before).toBe(0);
  });

  it('runs when they fit', async () => {
    const { code, stderr } = await underLimit(['run', '-c', await suiteFile(150), '-t', target, '--progress', 'none']);
    expect(code, stderr).toBe(0);
  });
});
