import Bottleneck from 'bottleneck/light.js';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { InputError } from '../errors.js';
import { docsUrl } from '../version.js';
import { proxyFetch } from './proxy-fetch.js';

/**
 * Octokit as @actions/github's getOctokit makes it (REST methods, pagination), built here from the
 * same parts: @actions/github loads undici and makes its proxy agent when it is imported, and
 * GitHub's API needs neither unless the runner names a proxy (see proxyFetch).
 */
const GitHub = Octokit.plugin(restEndpointMethods, paginateRest);
const GitHubWithEtiquette = GitHub.plugin(retry, throttling);

export type GitHubClient = InstanceType<typeof GitHub>;

/** A repository as the REST API's paths name it. */
export interface Repo {
  owner: string;
  repo: string;
}

/** Told when a request is retried, so the log says why the job waited. */
export type RetryNotice = (message: string) => void;

/**
 * Octokit with GitHub's recommended etiquette: 5xx and network failures are retried (plugin-retry),
 * primary and secondary rate limits wait for `retry-after` and retry (plugin-throttling), and
 * content-creating requests are spaced out as GitHub asks.
 */
export async function createClient(
  token: string,
  baseUrl: string,
  notice: RetryNotice,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GitHubClient> {
  if (token.trim() === '') {
    throw new InputError(
      `input github-token: empty. perf-gate needs a token to report (check run, comment, baseline branch); leave the input out to use the default \${{ github.token }}, or pass a token with the permissions ${docsUrl('action.md#permissions')} lists`,
    );
  }
  const throttle = writeSpacing(env);
  const fetch = await proxyFetch(baseUrl);
  const userAgent = orchestrationUserAgent(env);
  return new GitHubWithEtiquette({
    baseUrl,
    auth: `token ${token}`,
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(fetch === undefined ? {} : { request: { fetch } }),
    // Three retries of a 5xx or a network failure, never of 4xx answers (plugin-retry's doNotRetry).
    // A per-request `retries` would apply to every failure, and waited out 1 + 4 + 9 s for each 403 and 404.
    retry: { retries: 3 },
    throttle: {
      ...throttle,
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        notice(`GitHub rate limit on ${options.method} ${options.url}: retrying in ${retryAfter} s`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        notice(`GitHub secondary rate limit on ${options.method} ${options.url}: retrying in ${retryAfter} s`);
        return retryCount < 2;
      },
    },
  });
}

/** @actions/github's user agent: the job's orchestration id, when the runner gives one, so GitHub can tie the requests to the job. */
function orchestrationUserAgent(env: NodeJS.ProcessEnv): string | undefined {
  const id = env.ACTIONS_ORCHESTRATION_ID?.trim();
  return id ? `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : undefined;
}

/**
 * GitHub asks for content-creating requests to be spaced: plugin-throttling waits 1 s between
 * writes and 3 s between those that notify (comments). PERF_GATE_GITHUB_WRITE_SPACING_MS sets the
 * first (the second stays three times it) for an API that asks for none: the test suite's local
 * double. Unset, or against GitHub, the plugin's spacing applies.
 */
function writeSpacing(env: NodeJS.ProcessEnv): { write?: Bottleneck.Group; notifications?: Bottleneck.Group } {
  const text = env.PERF_GATE_GITHUB_WRITE_SPACING_MS;
  if (text === undefined || text === '') return {};
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) {
    throw new InputError(
      `PERF_GATE_GITHUB_WRITE_SPACING_MS: expected a whole number of milliseconds from 0 to 60000, found "${text.slice(0, 20)}"`,
    );
  }
  return {
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: ms }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3 * ms }),
  };
}

/** A token that may not write here (a fork's pull request, missing `permissions:`). */
export function isPermissionDenied(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  const message = (error as { message?: unknown }).message;
  return status === 403 && typeof message === 'string' && /Resource not accessible by (integration|personal access token)/i.test(message);
}
