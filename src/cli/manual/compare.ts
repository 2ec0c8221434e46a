import type { CommandManual } from './command-manual.js';
import { commandFlags } from './flags.js';
import { EXIT_CODES, GATE_FILE_FLAG, VERDICT_FLAGS } from './judging.js';

export const COMPARE_FLAGS = commandFlags({ config: GATE_FILE_FLAG, ...VERDICT_FLAGS });

export const COMPARE = {
  name: 'compare',
  synopsis: ['compare <baseline.json> <results.json> [--config FILE] [options]'],
  summary: 'Judge a results file against a baseline file (or an earlier results file).',
  about: [
    'Judges a run (results written by `perf-gate run --out`) against a baseline: a baseline file (`perf-gate/baseline@1`, the last runs of the main branch) or a single earlier run (`perf-gate/result@1`). Prints the verdict, the rows that need attention and the warnings (or the verdict as JSON with `--json`, or the Markdown report with `--markdown -`).',
    "For each scenario and metric (p50, p95, p99, throughput, error rate) it estimates the change with a confidence interval from the rounds of each side, and calls it a regression when the estimated degradation exceeds the threshold (10 % by default) and is significant after Holm's correction over the blocking metrics (p95 and error rate by default).",
  ],
  flags: COMPARE_FLAGS,
  exitCodes: EXIT_CODES,
} as const satisfies CommandManual;
