import { loadSuiteFile } from '../config/load-suite.js';
import { realClock } from '../load/clock.js';
import { openConnection } from '../load/dispatcher.js';
import { probeTarget } from '../load/probe.js';
import { environmentFingerprint } from '../load/fingerprint.js';
import { progressDisplay, type ProgressMode } from '../load/progress.js';
import { RESULT_SCHEMA, type RunResult, type ScenarioResult } from '../baseline/result.js';
import { writeResultFile } from '../baseline/result-file.js';
import { readBaselineFileIfExists } from '../baseline/baseline-file.js';
import { parseDuration } from '../config/units.js';
import { adaptiveRun } from '../gate/adaptive-run.js';
import { InputError } from '../errors.js';
import { VERSION } from '../version.js';
import { parseFlags, parseTargetFlag } from './args.js';
import { detectGitSha } from './git-sha.js';
import { gateOutcome, judgeBudgets, policyFor, printRunTable, reportGate } from './gate-output.js';
import type { CliIo } from './io.js';

const FLAGS = {
  config: { type: 'string', short: 'c', default: 'perf-gate.yml' },
  target: { type: 'string', short: 't' },
  out: { type: 'string', short: 'o' },
  baseline: { type: 'string', short: 'b' },
  'baseline-url': { type: 'string' },
  'max-duration': { type: 'string' },
  json: { type: 'boolean' },
  markdown: { type: 'string' },
  'fail-on-inconclusive': { type: 'boolean' },
  progress: { type: 'string' },
  sha: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `perf-gate run`: load the suite, check the target(s), measure (adaptively when judging
 * against a baseline), write the results, report, judge.
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('run', argv, FLAGS);
  if (values.baseline !== undefined && values['baseline-url'] !== undefined) {
    throw new InputError('give --baseline FILE (stored baseline) or --baseline-url URL (interleaved A/B), not both');
  }
  if (values.json === true && values.baseline === undefined && values['baseline-url'] === undefined) {
    throw new InputError('--json prints the verdict of the gate: give --baseline FILE or --baseline-url URL with it');
  }
  const progress = progressMode(values.progress, io);
  const suite = await loadSuiteFile(values.config, io.env);
  const target = values.target !== undefined ? parseTargetFlag(values.target, '--target') : suite.target && new URL(suite.target);
  if (!target) throw new InputError(`no target to test: give --target URL, or "target:" in ${suite.file}`);
  const base = values['baseline-url'] === undefined ? undefined : parseTargetFlag(values['baseline-url'], '--baseline-url');
  const maxDurationMs = values['max-duration'] === undefined ? suite.gate.maxDurationMs : maxDuration(values['max-duration']);
  const sha = await detectGitSha(values.sha, io.env);
  // A missing baseline file is no error: the first run has none, and says how to make one.
  const baseline = values.baseline === undefined ? undefined : await readBaselineFileIfExists(values.baseline);
  if (baseline !== undefined && baseline.suite !== suite.name) {
    throw new InputError(`${values.baseline} holds suite "${baseline.suite}", but ${suite.file} is suite "${suite.name}"`);
  }

  const startedAt = realClock.date();
  const probeTimeout = Math.min(...suite.scenarios.map((s) => s.timeoutMs));
  const rttMs = await probeTarget(target, realClock, probeTimeout);
  const baseRttMs = base === undefined ? null : await probeTarget(base, realClock, probeTimeout);

  const run = await adaptiveRun({
    suite,
    candidate: target,
    ...(base === undefined ? {} : { base }),
    baselineRuns: baseline?.runs ?? [],
    policyFor: policyFor(suite),
    clock: realClock,
    connect: openConnection,
    onEvent: progressDisplay(values.json === true ? 'silent' : progress, io.stderr),
    signal: io.interrupt,
    maxDurationMs,
  });

  const resultOf = (url: URL, scenarios: ScenarioResult[], rtt: number | null): RunResult => ({
    schema: RESULT_SCHEMA,
    suite: suite.name,
    target: url.href.replace(/\/$/, ''),
    startedAt: startedAt.toISOString(),
    finishedAt: realClock.date().toISOString(),
    git: { sha },
    interrupted: run.interrupted,
    environment: environmentFingerprint(VERSION, rtt, io.env),
    scenarios,
  });
  const current = resultOf(target, run.candidate, rttMs);
  const baseRun = base === undefined ? undefined : resultOf(base, run.base, baseRttMs);
  // Written before anything is judged or printed, so no failure after it can lose the data.
  if (values.out !== undefined) {
    await writeResultFile(values.out, current);
    io.stderr(`perf-gate: results written to ${values.out}\n`);
    if (baseRun !== undefined) {
      const baseOut = values.out.replace(/(\.json)?$/, '.base.json');
      await writeResultFile(baseOut, baseRun);
      io.stderr(`perf-gate: base deployment's results written to ${baseOut}\n`);
    }
  }

  const budgets = judgeBudgets(suite.budgets, current);
  if (values.json !== true) printRunTable(current, budgets, io);
  if (values.baseline === undefined && base === undefined) return gateOutcome(undefined, budgets, run.interrupted, values, io);
  const gate = await reportGate(
    {
      suite,
      current,
      baselineRuns: baseRun !== undefined ? [baseRun] : (baseline?.runs ?? []),
      adaptive: run,
      budgets,
      ...(values.baseline === undefined ? {} : { baselineFile: values.baseline }),
    },
    values,
    io,
  );
  return gateOutcome(gate, budgets, run.interrupted, values, io);
}

function maxDuration(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new InputError(`--max-duration: expected a duration such as 90s or 3m, found "${text}"`);
  return ms;
}

function progressMode(flag: string | undefined, io: CliIo): ProgressMode {
  switch (flag) {
    case undefined:
      return io.stderrIsTty && io.env.CI === undefined ? 'live' : 'plain';
    case 'live':
    case 'plain':
      return flag;
    case 'none':
      return 'silent';
    default:
      throw new InputError(`--progress: expected live, plain or none, found "${flag}"`);
  }
}
