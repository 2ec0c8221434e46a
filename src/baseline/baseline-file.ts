import { stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { BASELINE_SCHEMA, BaselineSchema, type Baseline } from './baseline.js';
import { readJsonFile, writeJsonAtomic } from './json-file.js';

const WHAT = 'perf-gate baseline file';

export async function readBaselineFile(file: string): Promise<Baseline> {
  const baseline = await readBaselineFileIfExists(file);
  if (baseline === undefined) {
    throw new InputError(
      `${file}: no such ${WHAT}; to create one, run perf-gate record --results results.json --baseline ${file}`,
    );
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

export function writeBaselineFile(file: string, baseline: Baseline): Promise<void> {
  return writeJsonAtomic(file, baseline);
}
