import { parseArgs } from 'node:util';

/**
 * The command line's options (node:util parseArgs), each declared by its default: a string for an
 * option that takes a value (undefined for one without a default), a boolean for a flag.
 */
export function readOptions(defaults) {
  const options = Object.fromEntries(
    Object.entries(defaults).map(([name, value]) => [
      name,
      typeof value === 'boolean'
        ? { type: 'boolean', default: value }
        : { type: 'string', ...(value === undefined ? {} : { default: value }) },
    ]),
  );
  return parseArgs({ options }).values;
}

/** An option's value that must be a whole number of at least 1. */
export function positiveInteger(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${text}`);
  return value;
}

/** An option's value that must be a number of at least 0. */
export function nonNegative(name, text) {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0, got ${text}`);
  return value;
}
