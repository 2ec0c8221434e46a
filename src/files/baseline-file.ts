import { stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { BASELINE_SCHEMA, BaselineSchema, type Baseline } from '../result/baseline.js';
import { parseVersionedJson, readJsonFile, writeJsonAtomic } from './json-file.js';

const WHAT = 'perf-gate baseline file';

export async function readBaselineFile(file: string): Promise<Baseline> {
  const baseline = await readBaselineFileIfExists(file);
  if (baseline === undefined) {
    throw new InputError(`${file}: no such ${WHAT}; to create one, run perf-gate record --results results.json --baseline ${file}`);
  }
  return baseline;
}

/**
 * Undefined only when there is no file at all (the first run of a suite). Anything else wrong
 * with it is an error: a corrupt baseline must be reported, never silently replaced.
 */
export async function readBaselineFileIfExists(file: string): Promise<Baseline | undefined> {
  try {
    await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Any other failure (permissions, a file in the path) is worded by the read below.
  }
  return readJsonFile(file, BaselineSchema, BASELINE_SCHEMA, WHAT);
}

/**
 * A baseline's text read from elsewhere than a file (a branch, a commit), checked as a file is;
 * `where` names it in every message.
 */
export function parseBaseline(text: string, where: string): Baseline {
  return parseVersionedJson(text, {
    where,
    schema: BaselineSchema,
    schemaId: BASELINE_SCHEMA,
    what: WHAT,
    hint: 'fix or remove it, perf-gate never overwrites a corrupt baseline',
  });
}

export function writeBaselineFile(file: string, baseline: Baseline): Promise<void> {
  return writeJsonAtomic(file, baseline);
}
