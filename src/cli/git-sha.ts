import { execFile } from 'node:child_process';
import { InputError } from '../errors.js';

const SHA = /^[0-9a-f]{7,64}$/;

/** The commit being measured: an explicit value, $GITHUB_SHA, or the checkout's HEAD; null if none. */
export async function detectGitSha(explicit: string | undefined, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (explicit !== undefined) {
    const sha = explicit.trim().toLowerCase();
    if (!SHA.test(sha)) throw new InputError(`--sha: expected a hexadecimal commit id (7 to 64 digits), found "${explicit.slice(0, 80)}"`);
    return sha;
  }
  const fromEnv = env.GITHUB_SHA?.trim().toLowerCase();
  if (fromEnv !== undefined && SHA.test(fromEnv)) return fromEnv;
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { timeout: 2_000 }, (error, stdout) => {
      const sha = stdout?.trim().toLowerCase() ?? '';
      resolve(error === null && SHA.test(sha) ? sha : null);
    });
  });
}
