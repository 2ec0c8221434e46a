import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliOutcome } from './cli.js';

/** The committed bundle: what `npx perf-gate` runs. */
export const BUNDLED_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * Runs `node dist/cli.js <args>` in a child process, as users run it, and collects its output:
 * `nodeArgs` go to node before the script; the environment is PATH alone, plus `env`.
 */
export function runBundledCli(args: string[], options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), BUNDLED_CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', ...options.env } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}
