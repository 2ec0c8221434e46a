import { getProxyUrl } from '@actions/http-client/lib/proxy';

/**
 * The fetch the GitHub client sends its requests with. Without a proxy for the API, undefined:
 * Octokit uses Node's own fetch, and undici is not loaded. A proxy is what @actions/http-client
 * (and so @actions/github) finds: HTTPS_PROXY or https_proxy for an https: API (HTTP_PROXY or
 * http_proxy for an http: one), unless NO_PROXY or no_proxy names the host, or it is a loopback
 * address. With one, undici's fetch through a ProxyAgent, made as @actions/http-client makes it.
 */
export async function proxyFetch(apiUrl: string): Promise<typeof fetch | undefined> {
  const proxy = getProxyUrl(new URL(apiUrl));
  if (proxy === undefined || proxy.hostname === '') return undefined;
  const { fetch: undiciFetch, ProxyAgent } = await import('undici');
  const credentials =
    proxy.username !== '' || proxy.password !== ''
      ? { token: `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}` }
      : {};
  // pipelining 0: no kept-alive connections, as @actions/http-client's default client asks.
  const dispatcher = new ProxyAgent({ uri: proxy.href, pipelining: 0, ...credentials });
  return ((url: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(url, { ...init, dispatcher })) as unknown as typeof fetch;
}
