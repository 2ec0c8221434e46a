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
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new InputError(`${errorMessage(error)} (see "perf-gate ${command} --help")`);
  }
}

/** The --target flag, held to the same rules as the suite file's `target:`. */
export function parseTargetFlag(value: string): URL {
  const problem = targetProblem(value);
  if (problem !== undefined) throw new InputError(`--target: ${problem}`);
  return new URL(normalizeTarget(value));
}


