import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { proxyFetch } from '../../src/github/proxy-fetch.js';
import { startServer } from '../helpers/servers.js';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

/** The runner's proxy variables, none set but those given. */
function proxyEnv(set: Record<string, string>): void {
  for (const name of PROXY_VARIABLES) vi.stubEnv(name, set[name]);
}

/** An HTTP proxy that tunnels CONNECT requests to `upstreamPort` on loopback, whatever host they name, and remembers them. */
async function startTunnellingProxy(
  upstreamPort: number,
): Promise<{ url: string; connects: { target: string; authorization: string | undefined }[]; close(): Promise<void> }> {
  const connects: { target: string; authorization: string | undefined }[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push({ target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    const upstream = connect(upstreamPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the GitHub client's fetch", () => {
  it("is Node's own when no proxy is set (undefined: Octokit's default)", async () => {
    proxyEnv({});
    expect(await proxyFetch('https://api.github.com')).toBeUndefined();
  });

  it('goes through a proxy when HTTPS_PROXY (or https_proxy) is set for an https: API', async () => {
    proxyEnv({ HTTPS_PROXY: 'http://proxy.internal:3128' });
    expect(await proxyFetch('https://api.github.com')).toBeTypeOf('function');
    proxyEnv({ https_proxy: 'http://proxy.internal:3128' });
    expect(await proxyFetch('https://github.example.com/api/v3')).toBeTypeOf('function');
    // HTTP_PROXY is for http: APIs only, as @actions/http-client reads it.
    proxyEnv({ HTTP_PROXY: 'http://proxy.internal:3128' });
    expect(await proxyFetch('https://api.github.com')).toBeUndefined();
  });

  it('leaves out hosts NO_PROXY names, and loopback', async () => {
    proxyEnv({ HTTPS_PROXY: 'http://proxy.internal:3128', NO_PROXY: 'localhost,.github.com' });
    expect(await proxyFetch('https://api.github.com')).toBeUndefined();
    expect(await proxyFetch('https://github.example.com/api/v3')).toBeTypeOf('function');
    proxyEnv({ HTTP_PROXY: 'http://proxy.internal:3128' });
    expect(await proxyFetch('http://127.0.0.1:8080')).toBeUndefined();
  });

  it("sends the client's requests through the proxy, with the proxy's credentials", async () => {
    let authorization: string | undefined;
    const api = await startServer((req, res) => {
      authorization = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"login":"octocat"}');
    });
    const proxy = await startTunnellingProxy(Number(api.url.port));
    try {
      // A host the proxy resolves (here: tunnels to the loopback API); loopback itself is never proxied.
      proxyEnv({ HTTP_PROXY: proxy.url.replace('http://', 'http://perf:gate@') });
      const client = await createClient('ghs_token', 'http://api.github.test', () => undefined);
      const { data } = await client.request('GET /user');
      expect(data).toEqual({ login: 'octocat' });
      expect(proxy.connects).toEqual([
        { target: 'api.github.test:80', authorization: `Basic ${Buffer.from('perf:gate').toString('base64')}` },
      ]);
      expect(authorization).toBe('token ghs_token');
    } finally {
      await proxy.close();
      await api.close();
    }
  });
});

describe("the GitHub client's write spacing", () => {
  it('spaces writes a second apart by default, as GitHub asks, and as PERF_GATE_GITHUB_WRITE_SPACING_MS says otherwise', async () => {
    const arrivals: number[] = [];
    const api = await startServer((req, res) => {
      if (req.method === 'POST') arrivals.push(performance.now());
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
    try {
      const gaps = async (env: NodeJS.ProcessEnv) => {
        arrivals.length = 0;
        const client = await createClient('ghs_token', api.url.href.replace(/\/$/, ''), () => undefined, env);
        await Promise.all(
          [1, 2].map((n) =>
            client.request('POST /repos/{owner}/{repo}/statuses/{sha}', { owner: 'o', repo: 'r', sha: String(n), state: 'success' }),
          ),
        );
        return arrivals[1]! - arrivals[0]!;
      };
      // plugin-throttling's own spacing (1 s between writes), as it leaves: a timer never fires early.
      expect(await gaps({})).toBeGreaterThanOrEqual(950);
      expect(await gaps({ PERF_GATE_GITHUB_WRITE_SPACING_MS: '200' })).toBeGreaterThanOrEqual(180);
    } finally {
      await api.close();
    }
  });
});
