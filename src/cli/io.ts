import type { Secret } from '../config/interpolate.js';
import { redactor } from '../config/redact.js';
/** The process as the CLI sees it, passed in so commands run the same in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTty: boolean;
  /** Whether stdout is a terminal (absent: it is not), for the report's colour. */
  stdoutIsTty?: boolean;
  env: NodeJS.ProcessEnv;
  /** Aborted on the first Ctrl-C: the run stops and keeps what it completed. */
  interrupt: AbortSignal;
  /**
   * The script this process runs (dist/cli.js): --workers starts it again in each worker thread.
   * A command's own module is a chunk of the bundle, whose import.meta.url is not the entry's.
   */
  script?: URL;
  /** What the output does to a text before printing it (withRedaction's mask); the identity when unset. */
  redact?: (text: string) => string;
}

/**
 * Runs `work` with output that never shows a value interpolated from the environment: every
 * line it prints, and the message of any error it throws, name the variable instead.
 */
export async function withRedaction<T>(secrets: readonly Secret[], io: CliIo, work: (io: CliIo) => Promise<T>): Promise<T> {
  const redact = redactor(secrets);
  try {
    return await work({ ...io, stdout: (text) => io.stdout(redact(text)), stderr: (text) => io.stderr(redact(text)), redact });
  } catch (error) {
    if (error instanceof Error) error.message = redact(error.message);
    throw error;
  }
}

/**
 * A path the command wrote, for a line that tells where. A secret's value is never printed, not
 * even inside a path (where it may only be a coincidence: a password "demo" in a folder
 * "perf-gate-demo-…"), so such a path is printed masked; then the line says so and names the flag
 * that gave it, so that the user still knows which file it is.
 */
export function writtenPath(path: string, flag: string, io: CliIo): string {
  const masked = io.redact?.(path) ?? path;
  return masked === path
    ? path
    : `${masked} (the path given to ${flag}, masked: it holds the value of a variable the suite reads from the environment)`;
}

/**
 * Whether the report on stdout is coloured. FORCE_COLOR decides when set (as Node's own output
 * reads it: "0" or "false" never, anything else always); else NO_COLOR (any value but empty)
 * turns it off; else a terminal shows colour, unless TERM says it cannot ("dumb"). A pipe or a
 * file gets plain text.
 */
export function stdoutColor(io: Pick<CliIo, 'stdoutIsTty' | 'env'>): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTty === true && io.env.TERM !== 'dumb';
}
