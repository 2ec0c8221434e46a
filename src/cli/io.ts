import type { Secret } from '../config/interpolate.js';
import { redactor } from '../config/redact.js';
/** The process as the CLI sees it, passed in so commands run the same in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTty: boolean;
  env: NodeJS.ProcessEnv;
  /** Aborted on the first Ctrl-C: the run stops and keeps what it completed. */
  interrupt: AbortSignal;
  /**
   * The script this process runs (dist/cli.js): --workers starts it again in each worker thread.
   * A command's own module is a chunk of the bundle, whose import.meta.url is not the entry's.
   */
  script?: URL;
}

/**
 * Runs `work` with output that never shows a value interpolated from the environment: every
 * line it prints, and the message of any error it throws, name the variable instead.
 */
export async function withRedaction<T>(secrets: readonly Secret[], io: CliIo, work: (io: CliIo) => Promise<T>): Promise<T> {
  const redact = redactor(secrets);
  try {
    return await work({ ...io, stdout: (text) => io.stdout(redact(text)), stderr: (text) => io.stderr(redact(text)) });
  } catch (error) {
    if (error instanceof Error) error.message = redact(error.message);
    throw error;
  }
}
