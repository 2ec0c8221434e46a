import { loadSuiteFile } from '../config/load-suite.js';
import { runSuite } from '../load/engine.js';
import { realClock } from '../load/clock.js';
import { connectionTo } from '../load/dispatcher.js';
import { probeTarget } from '../load/probe.js';
import { environmentFingerprint } from '../load/fingerprint.js';
import { progressDisplay, type ProgressMode } from '../load/progress.js';
import { RESULT_SCHEMA, type RunResult } from '../baseline/result.js';
import { writeResultFile } from '../baseline/result-file.js';
import { summarizeScenario } from '../stats/aggregate.js';
import { judgeBudgets } from '../stats/budgets.js';
import { renderRunReport } from '../report/run-table.js';
import { InputError } from '../errors.js';
import { VERSION } from '../version.js';
import { parseFlags, parseTargetFlag } from './args.js';
import { detectGitSha } from './git-sha.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

const FLAGS = {
  config: { type: 'string', short: 'c', default: 'perf-gate.yml' },
  target: { type: 'string', short: 't' },
  out: { type: 'string', short: 'o' },
  progress: { type: 'string' },
  sha: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `perf-gate run`: load the suite, check the target, measure, write, report, judge. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('run', argv, FLAGS);
  const progress = progressMode(values.progress, io);
  const suite = await loadSuiteFile(values.config, io.env);
  const target = values.target !== undefined ? parseTargetFlag(values.target) : suite.target && new URL(suite.target);
  if (!target) throw new InputError(`no target to test: give --target URL, or "target:" in ${suite.file}`);
  const sha = await detectGitSha(values.sha, io.env);

  const startedAt = realClock.date();
  const probeTimeout = Math.min(...suite.scenarios.map((s) => s.timeoutMs));
  const rttMs = await probeTarget(target, realClock, probeTimeout);

  const run = await runSuite({
    suite,
    target,
    clock: realClock,
    connect: connectionTo(target),
    onEvent: progressDisplay(progress, io.stderr),
    signal: io.interrupt,
  });

  const result: RunResult = {
    schema: RESULT_SCHEMA,
    suite: suite.name,
    target: target.href.replace(/\/$/, ''),
    startedAt: startedAt.toISOString(),
    finishedAt: realClock.date().toISOString(),
    git: { sha },
    interrupted: run.interrupted,
    environment: environmentFingerprint(VERSION, rttMs, io.env),
    scenarios: run.scenarios,
  };
  // Written before anything is judged or printed, so no failure after it can lose the data.
  if (values.out !== undefined) {
    await writeResultFile(values.out, result);
    io.stderr(`perf-gate: results written to ${values.out}\n`);
  }

  const summaries = result.scenarios.map(summarizeScenario);
  const checks = judgeBudgets(suite.budgets, summaries);
  io.stdout(renderRunReport(summaries, checks));
  if (run.interrupted) return EXIT.interrupted;
  return checks.some((check) => !check.passed) ? EXIT.budgetFailed : EXIT.ok;
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
