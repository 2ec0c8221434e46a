import { readBaselineFileIfExists, writeBaselineFile } from '../files/baseline-file.js';
import { readResultFile } from '../files/result-file.js';
import { ensureWritable } from '../files/json-file.js';
import { InputError } from '../errors.js';
import { parseFlags, requiredFile } from './args.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { RECORD_FLAGS } from './manual/commands.js';
import { appendNaming, keepFlag, recordedLine } from './recording.js';

/** `perf-gate record`: read the results and the baseline, add the run, write the baseline. */
export async function recordCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('record', argv, RECORD_FLAGS);
  const resultsFile = requiredFile(values.results, '--results', 'record');
  const baselineFile = requiredFile(values.baseline, '--baseline', 'record');
  const keep = keepFlag(values.keep);
  await ensureWritable(baselineFile, '--baseline');

  const result = await readResultFile(resultsFile);
  const baseFile = values['base-results'];
  const base = baseFile === undefined ? undefined : await readResultFile(baseFile);
  if (base !== undefined && !base.scenarios.some((s) => result.scenarios.some((r) => r.name === s.name))) {
    throw new InputError(
      `--base-results ${baseFile}: it shares no scenario with ${resultsFile}; give the .base.json written by the same run`,
    );
  }
  // Read (and validated) before anything is written: a corrupt baseline must stay as it is.
  const baseline = await readBaselineFileIfExists(baselineFile);
  const outcome = appendNaming(baseline, result, keep, base, `${resultsFile} in ${baselineFile}`);
  await writeBaselineFile(baselineFile, outcome.baseline);

  io.stdout(`${recordedLine(outcome, result, baselineFile, base !== undefined)}\n`);
  return EXIT.ok;
}
