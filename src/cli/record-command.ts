import { KEEP_HINT, MAX_KEEP, appendRun, type AppendOutcome, type Baseline } from '../result/baseline.js';
import { readBaselineFileIfExists, writeBaselineFile } from '../baseline/baseline-file.js';
import type { RunResult } from '../result/result.js';
import { readResultFile } from '../baseline/result-file.js';
import { ensureWritable } from '../baseline/json-file.js';
import { InputError } from '../errors.js';
import { parseFlags } from './args.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

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
  const resultsFile = required(values.results, '--results');
  const baselineFile = required(values.baseline, '--baseline');
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
  const outcome = append(baseline, result, keep, base, `${resultsFile} in ${baselineFile}`);
  await writeBaselineFile(baselineFile, outcome.baseline);

  io.stdout(`${summary(outcome, result, baselineFile)}${base === undefined ? '' : `; A/A record ${outcome.baseline.aa?.length ?? 0} of the deployment noise`}\n`);
  return EXIT.ok;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new InputError(`${flag} FILE is required (see "perf-gate record --help")`);
  return value;
}

function keepFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const keep = Number(text);
  if (!/^\d+$/.test(text) || keep < 1 || keep > MAX_KEEP) {
    throw new InputError(`--keep: expected ${KEEP_HINT}, found "${text.slice(0, 40)}"`);
  }
  return keep;
}

/** appendRun, its refusals naming both files (appendRun knows neither). */
function append(baseline: Baseline | undefined, result: RunResult, keep: number | undefined, base: RunResult | undefined, what: string) {
  try {
    return appendRun(baseline, result, keep, base);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`cannot record ${what}: ${error.message}`);
    throw error;
  }
}

/** `recorded run abc1234 (2026-11-23T01:02:03.000Z) in baselines/shop.json: 7 runs kept, 0 dropped` */
function summary({ baseline, dropped, replaced }: AppendOutcome, result: RunResult, file: string): string {
  const sha = result.git.sha;
  const run = `run ${sha === null ? 'without a commit' : sha.slice(0, 7)} (${result.startedAt})`;
  const kept = `${baseline.runs.length} run${baseline.runs.length === 1 ? '' : 's'} kept, ${dropped} dropped`;
  return replaced ? `replaced the ${run} already recorded in ${file}: ${kept}` : `recorded ${run} in ${file}: ${kept}`;
}
