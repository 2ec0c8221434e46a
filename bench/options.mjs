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
