import { request } from 'undici';
import { TargetUnreachableError } from '../errors.js';

/**
 * A preview deployment is often not serving yet when its workflow starts: poll it, backing off
 * from 1 s to 15 s, until it answers with a status below 500 or `timeoutMs` runs out.
 */
export async function waitUntilReady(
  target: URL,
  headers: Record<string, string>,
  timeoutMs: number,
  log: (message: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 1_000;
  let last = 'no answer';
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await request(target, { method: 'GET', headers, headersTimeout: 10_000, bodyTimeout: 10_000 });
      await response.body.dump();
      if (response.statusCode < 500) return;
      last = `HTTP ${response.statusCode}`;
    } catch (error) {
      last = (error as { code?: string }).code ?? (error as Error).message;
    }
    if (Date.now() + delay > deadline) {
      throw new TargetUnreachableError(
        `target ${target.origin} did not become ready within ${Math.round(timeoutMs / 1000)} s (${attempt} attempts; last: ${last}); raise wait-timeout if deployments take longer`,
      );
    }
    log(`waiting for ${target.origin} to be ready (attempt ${attempt}: ${last}); next try in ${delay / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 15_000);
  }
}
