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
