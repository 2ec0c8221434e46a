import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, errorMessage } from '../errors.js';
import { normalizeTarget, targetProblem } from '../config/target.js';
import { closest, excerpt } from '../config/wording.js';

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
  const unknown = unknownFlag(argv, options);
  if (unknown !== undefined) throw new InputError(`${unknown} (see "perf-gate ${command} --help")`);
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

/**
 * The first flag the command does not have, said with the flag it most likely meant: node's own
 * message suggests none, and tells how to pass a positional that starts with "-" instead.
 */
function unknownFlag(argv: string[], options: NonNullable<ParseArgsConfig['options']>): string | undefined {
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const token = tokens.find((t) => t.kind === 'option' && !Object.hasOwn(options, t.name));
  if (token?.kind !== 'option') return undefined;
  const written = excerpt(token.rawName);
  // A short flag (-x) is one letter: any long name would be "close" to it.
  const meant = token.rawName.startsWith('--') ? closest(token.name, Object.keys(options)) : undefined;
  return meant === undefined ? `unknown option ${written}` : `unknown option ${written}; did you mean --${meant}?`;
}

/** A URL flag (--target, --baseline-url), held to the same rules as the suite file's `target:`. */
export function parseTargetFlag(value: string, flag: string): URL {
  const problem = targetProblem(value);
  if (problem !== undefined) throw new InputError(`${flag}: ${problem}`);
  return new URL(normalizeTarget(value));
}

/** A FILE flag the command cannot do without. */
export function requiredFile(value: string | undefined, flag: string, command: string): string {
  if (value === undefined) throw new InputError(`${flag} FILE is required (see "perf-gate ${command} --help")`);
  return value;
}
