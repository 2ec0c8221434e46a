import { MAX_KEEP } from '../result/baseline.js';
import { readBaselineFileIfExists, writeBaselineFile } from '../baseline/baseline-file.js';
import { readResultFile } from '../baseline/result-file.js';
import { ensureWritable } from '../baseline/json-file.js';
import { InputError } from '../errors.js';
import { parseFlags, requiredFile } from './args.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { appendNaming, keepFlag, recordedLine } from './recording.js';

export const RECORD_HELP = `Usage: perf-gate record --results FILE --baseline FILE [--keep N] [--base-results FILE]

Adds a run (the results written by "perf-gate run --out") to the baseline of its
suite: the last N runs on the main branch, which the gate compares pull requests
with. The baseline is created when it does not exist. A run recorded already (same
start time and commit) is replaced, not added twice; the oldest runs beyond N are
dropped. The file is written atomically, and a baseline that cannot be read is
reported and left as it is. Only complete runs are recorded. Every recorded run also
goes into the baseline's history (which outlives --keep): how much one run of main
differs from the next, which the gate learns its run-to-run noise from.

With --base-results (the FILE.base.json that "perf-gate run --baseline-url" writes),
the run was measured alongside another deployment of the same code (main's preview
against production): an A/A measurement. It is recorded as deployment noise, which
the A/B mode (--baseline-url with --baseline) then uses instead of a default.

Options:
      --results FILE    results of a complete run (perf-gate/result@1); required
      --baseline FILE   the baseline file (perf-gate/baseline@1), such as
                        baselines/shop.json; required
      --keep N          runs to keep, 1 to ${MAX_KEEP}         default: the file's, else 10
      --base-results FILE  the base deployment's results of the same A/A run
  -h, --help            show this help

Exit codes:
  0    the run is recorded
  2    bad input: a flag, the results file or the baseline file (the message names
       the file and field); nothing is written`;

const FLAGS = {
  results: { type: 'string' },
  baseline: { type: 'string' },
  keep: { type: 'string' },
  'base-results': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `perf-gate record`: read the results and the baseline, add the run, write the baseline. */
export async function recordCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('record', argv, FLAGS);
  const resultsFile = requiredFile(values.results, '--results', 'record');
  const baselineFile = requiredFile(values.baseline, '--baseline', 'record');
  const keep = keepFlag(values.keep);
  await ensureWritable(baselineFile, '--baseline');

  const result = await readResultFile(resultsFile);
  const baseFile = values['base-results'];
  const base = baseFile === undefined ? undefined : await readResultFile(baseFile);
  if (base !== undefined && !base.scenarios.some((s) => result.scenarios.some((r) => r.name === s.name))) {
    throw new InputError(`--base-results ${baseFile}: it shares no scenario with ${resultsFile}; give the .base.json written by the same run`);
  }
  // Read (and validated) before anything is written: a corrupt baseline must stay as it is.
  const baseline = await readBaselineFileIfExists(baselineFile);
  const outcome = appendNaming(baseline, result, keep, base, `${resultsFile} in ${baselineFile}`);
  await writeBaselineFile(baselineFile, outcome.baseline);

  io.stdout(`${recordedLine(outcome, result, baselineFile, base !== undefined)}\n`);
  return EXIT.ok;
}
