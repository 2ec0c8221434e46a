import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { InterruptedError, TargetUnreachableError } from '../errors.js';

/** Stale previews: the deployment must serve this commit, as told by a response header or a path's body. */
export interface ExpectedSha {
  sha: string;
  /** A response header carrying the deployed sha (e.g. x-commit-sha). */
  header?: string;
  /** A path (below the target's base path) whose body carries the deployed sha. */
  path?: string;
}

/**
 * A preview deployment is often not serving yet when its workflow starts, or still serves the
 * previous commit: poll it, backing off from 1 s to 15 s, until it answers with a status below
 * 500 (and, with `expected`, serves the expected sha) or `timeoutMs` runs out. A cancelled job
 * (`signal`) stops it at once, in a request or between two, so the check run can be completed
 * within the runner's grace period.
 */
export async function waitUntilReady(
  target: URL,
  headers: Record<string, string>,
  timeoutMs: number,
  log: (message: string) => void,
  expected?: ExpectedSha,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 1_000;
  let last = 'no answer';
  let seen: string | undefined;
  // A function, not a property read: the signal can fire between two reads, which TypeScript's narrowing does not know.
  const aborted = () => signal?.aborted === true;
  const url = expected?.path === undefined ? target : new URL(`${target.pathname.replace(/\/$/, '')}${expected.path}`, target);
  for (let attempt = 1; ; attempt++) {
    const cancelled = () =>
      new InterruptedError(
        `the job was cancelled while waiting for ${target.origin} to be ready (attempt ${attempt}; last: ${last}); nothing was measured`,
      );
    if (aborted()) throw cancelled();
    try {
      const response = await request(url, {
        method: 'GET',
        headers,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
        ...(signal === undefined ? {} : { signal }),
      });
      const body = expected?.path === undefined ? (await response.body.dump(), '') : await response.body.text();
      const limit = expected?.path === undefined ? 500 : 400;
      if (response.statusCode < limit) {
        if (expected === undefined) return;
        const header = expected.header === undefined ? undefined : response.headers[expected.header];
        seen = expected.header === undefined ? shaIn(body) : typeof header === 'string' ? header.trim() : undefined;
        if (seen !== undefined && sameCommit(seen, expected.sha)) return;
        last =
          seen === undefined
            ? `no sha in ${expected.header === undefined ? `the body of ${expected.path}` : `header ${expected.header}`}`
            : `serves ${seen.slice(0, 12)}, expected ${expected.sha.slice(0, 12)}`;
      } else {
        last = `HTTP ${response.statusCode}`;
      }
    } catch (error) {
      if (aborted()) throw cancelled();
      last = (error as { code?: string }).code ?? (error as Error).message;
    }
    if (Date.now() + delay > deadline) {
      const stale =
        expected !== undefined && seen !== undefined
          ? `target ${target.origin} still serves commit ${seen.slice(0, 12)}, not ${expected.sha.slice(0, 12)}, after ${Math.round(timeoutMs / 1000)} s (${attempt} attempts): a stale preview; raise wait-timeout if deployments take longer`
          : undefined;
      throw new TargetUnreachableError(
        stale ??
          `target ${target.origin} did not become ready within ${Math.round(timeoutMs / 1000)} s (${attempt} attempts; last: ${last}); raise wait-timeout if deployments take longer`,
      );
    }
    log(`waiting for ${target.origin} to be ready (attempt ${attempt}: ${last}); next try in ${delay / 1000} s`);
    await sleep(delay, undefined, signal === undefined ? {} : { signal }).catch(() => {
      throw cancelled();
    });
    delay = Math.min(delay * 2, 15_000);
  }
}

/** Same commit when one sha is a prefix of the other and the shorter has at least 7 hex digits. */
export function sameCommit(seen: string, expected: string): boolean {
  const a = seen.toLowerCase();
  const b = expected.toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(a) || !/^[0-9a-f]{7,40}$/.test(b)) return false;
  return a.startsWith(b) || b.startsWith(a);
}

/** The first 7-40 hex-digit word of a body (plain text, or JSON such as {"sha":"…"}). */
function shaIn(body: string): string | undefined {
  return /\b[0-9a-fA-F]{7,40}\b/.exec(body.slice(0, 65_536))?.[0];
}
