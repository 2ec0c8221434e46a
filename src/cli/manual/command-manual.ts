import { EXIT } from '../exit-codes.js';
import type { Flags } from './flags.js';

/** An exit code and what it means for a command. */
export interface ExitCode {
  readonly code: number;
  readonly meaning: string;
}

/**
 * What a command is, for the people who call it: one definition that its --help, the main help
 * and docs/cli.md all render, and whose flags are the ones its parser takes. Text may mark code
 * with backticks (kept in the docs, dropped in the terminal).
 */
export interface CommandManual {
  readonly name: string;
  /** How it is called, one line per form, each after "perf-gate ". */
  readonly synopsis: readonly string[];
  /** One line, for the main help's list of commands. */
  readonly summary: string;
  /** What it does, in paragraphs. */
  readonly about: readonly string[];
  readonly flags: Flags;
  readonly exitCodes: readonly ExitCode[];
}

/**
 * The exit codes by what ends with them: EXIT's, and two that are set elsewhere, an unreachable
 * target's by its error and SIGTERM's (128 + 15) by the entry, as shells report a signal.
 */
const CODES = { ...EXIT, unreachable: 3, terminated: 143 } as const;

/** What each exit code a command can end with means for it. `usage` names the bad input, after "bad input: ". */
export type ExitMeanings = Partial<Record<keyof typeof CODES, string>>;

/** What a bug and SIGTERM mean for any command that can end with them. */
export const BUG_AND_SIGTERM = {
  internal: 'perf-gate itself failed: a bug, please report it (`PERF_GATE_DEBUG=1` prints the stack)',
  terminated: 'terminated (SIGTERM, a cancelled CI job): the same as a first Ctrl-C',
} as const satisfies ExitMeanings;

/** A command's exit codes, listed by code. */
export function exitCodes(meanings: ExitMeanings): readonly ExitCode[] {
  return (Object.keys(CODES) as (keyof typeof CODES)[])
    .sort((a, b) => CODES[a] - CODES[b])
    .flatMap((name) => {
      const meaning = meanings[name];
      if (meaning === undefined) return [];
      return [{ code: CODES[name], meaning: name === 'usage' ? `bad input: ${meaning}` : meaning }];
    });
}
