import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, errorMessage } from '../errors.js';
import { normalizeTarget, targetProblem } from '../config/target.js';

/**
 * Parses one command's flags with node's own parser; anything it rejects (an unknown flag,
 * a missing value) becomes an InputError that points at the command's help.
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  positionals = 0,
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: positionals !== 0 });
  } catch (error) {
    throw new InputError(`${errorMessage(error)} (see "perf-gate ${command} --help")`);
  }
  // -1: any number of positionals, counted by the command itself.
  if (positionals > 0 && parsed.positionals.length !== positionals) {
    throw new InputError(
      `perf-gate ${command} takes ${positionals} file names, found ${parsed.positionals.length} (see "perf-gate ${command} --help")`,
    );
  }
  return parsed;
}

/** A URL flag (--target, --baseline-url), held to the same rules as the suite file's `target:`. */
export function parseTargetFlag(value: string, flag: string): URL {
  const problem = targetProblem(value);
  if (problem !== undefined) throw new InputError(`${flag}: ${problem}`);
  return new URL(normalizeTarget(value));
}


