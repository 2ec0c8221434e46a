import { main } from '../../src/cli/main.js';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as `perf-gate <argv>` would run. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stderrIsTty: false,
    env,
    interrupt: new AbortController().signal,
  });
  return { code, stdout, stderr };
}
