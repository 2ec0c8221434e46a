import { COMPARE } from './compare.js';
import { MERGE } from './merge.js';
import { RECORD } from './record.js';
import { REPORT } from './report.js';
import { RUN } from './run.js';
import { SCHEMA } from './schema.js';
import { SEED } from './seed.js';

/** Every command's manual, in the order the main help and docs/cli.md list them. */
export const COMMAND_MANUALS = [RUN, COMPARE, RECORD, SEED, MERGE, REPORT, SCHEMA] as const;

// The commands take their flags from here too, not from each manual's module: the manuals then
// all belong to the same importers, and the bundle makes one chunk of them rather than one each,
// which --help (which reads them all) loads as a file, not a dozen.
export { RUN_FLAGS } from './run.js';
export { COMPARE_FLAGS } from './compare.js';
export { RECORD_FLAGS } from './record.js';
export { SEED_FLAGS } from './seed.js';
export { MERGE_FLAGS } from './merge.js';
export { REPORT_FLAGS } from './report.js';
export { SCHEMA_FLAGS } from './schema.js';
