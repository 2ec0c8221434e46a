/**
 * How many runs a baseline keeps: its own module, free of the schemas, so that the CLI's help
 * can name the limits without loading zod.
 */
export const DEFAULT_KEEP = 10;
export const MAX_KEEP = 100;
/** What `keep` may be, for "expected …" in the file's and the flag's messages. */
export const KEEP_HINT = `a whole number of runs from 1 to ${MAX_KEEP}`;
