import { loadSuiteFile } from '../config/load-suite.js';
import { parseShard, shardSuite, type Shard } from '../config/shard.js';
import type { Suite } from '../config/suite.js';
import { progressDisplay, type ProgressMode } from '../pipeline/progress.js';
import { runPipeline } from '../pipeline/pipeline.js';
import { writeResultFile } from '../files/result-file.js';
import { ensureWritable } from '../files/json-file.js';
import { parseDuration } from '../config/units.js';
import { writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { renderHtmlReport } from '../report/html.js';
import { stressFindings } from '../stats/breaking-point.js';
import { parseFlags } from './args.js';
import { failOnFlag, gateOutcome, markdownFile, printReport, writeMarkdown } from './gate-output.js';
import { withRedaction, writtenPath, type CliIo } from './io.js';
import { RUN_FLAGS } from './manual/commands.js';
import { measureSetup, progressMode, workersFlag } from './measure-flags.js';

/**
 * `perf-gate run`: load the suite, check the target(s), measure (adaptively when judging
 * against a baseline), write the results, report, judge.
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('run', argv, RUN_FLAGS);
  if (values.json === true && values.baseline === undefined && values['baseline-url'] === undefined) {
    throw new InputError('--json prints the verdict of the gate: give --baseline FILE or --baseline-url URL with it');
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const workers = workersFlag(values.workers, io);
  if (shard !== undefined && (values.baseline !== undefined || values['baseline-url'] !== undefined || values.markdown !== undefined)) {
    throw new InputError('--shard measures one part of a run: merge the shards (perf-gate merge), then compare the merged run');
  }
  const progress = progressMode(values.progress, io);
  const fullSuite = await loadSuiteFile(values.config, io.env);
  return withRedaction(fullSuite.secrets, io, (out) => measure(values, fullSuite, shard, workers, progress, out));
}

type RunFlags = ReturnType<typeof parseFlags<typeof RUN_FLAGS>>['values'];

/** Everything after the suite is read: its secrets are known, so every line printed (and every error) names them instead. */
async function measure(
  values: RunFlags,
  fullSuite: Suite,
  shard: Shard | undefined,
  workers: ReturnType<typeof workersFlag>,
  progress: ProgressMode,
  io: CliIo,
): Promise<number> {
  const suite = shard === undefined ? fullSuite : shardSuite(fullSuite, shard);
  const setup = await measureSetup(values, suite, io.env);
  const { base } = setup;
  const maxDurationMs = values['max-duration'] === undefined ? suite.gate.maxDurationMs : maxDuration(values['max-duration']);
  // Every file the run will write is checked before it measures: minutes of load must not end on a path it cannot write.
  if (values.out !== undefined) {
    await ensureWritable(values.out, '--out');
    if (base !== undefined) await ensureWritable(baseResultsPath(values.out), "--out (the base deployment's results)");
  }
  const markdown = markdownFile(values);
  if (markdown !== undefined) await ensureWritable(markdown, '--markdown');
  if (values.html !== undefined) await ensureWritable(values.html, '--html');
  // A missing baseline file is no error: the first run has none, and says how to make one. With
  // --baseline-url the baseline file, if given, lends only what it learnt of the noise (its A/A records).
  const run = await runPipeline({
    suite,
    ...setup,
    reference: values.baseline === undefined ? { kind: 'none' } : { kind: 'file', path: values.baseline },
    // --markdown asks for the gate's report: with no baseline, that of a run judged against none ("no baseline yet").
    judge: values.baseline !== undefined || base !== undefined || values.markdown !== undefined,
    failOn: failOnFlag(values),
    maxDurationMs,
    ...(shard === undefined ? {} : { shard }),
    ...workers,
    env: io.env,
    onEvent: progressDisplay(values.json === true ? 'silent' : progress, io.stderr),
    signal: io.interrupt,
  });
  // Written before anything is printed, so no failure after it can lose the data.
  const written: string[] = [];
  if (values.out !== undefined) {
    await writeResultFile(values.out, run.current);
    const path = writtenPath(values.out, '--out', io);
    io.stderr(`perf-gate: results written to ${path}\n`);
    written.push(`${path} (the results)`);
    if (run.baseRun !== undefined) {
      const baseOut = baseResultsPath(values.out);
      await writeResultFile(baseOut, run.baseRun);
      const basePath = writtenPath(baseOut, '--out', io);
      io.stderr(`perf-gate: base deployment's results written to ${basePath}\n`);
      written.push(`${basePath} (the base deployment's results)`);
    }
  }
  const stress = stressFindings(run.current, suite.budgets);
  const report = run.judged === undefined ? undefined : await writeMarkdown(run.judged, values, io);
  if (report !== undefined) written.push(report);
  if (values.html !== undefined) {
    // The page of the run just measured, with the verdict just given: nothing is judged again.
    const { judged } = run;
    const page =
      judged === undefined
        ? { suite: suite.name, current: run.current, baseline: [], budgets: run.budgets }
        : { ...judged.report, budgets: judged.gate.budgets };
    await writeFile(values.html, renderHtmlReport({ ...page, stress }));
    const path = writtenPath(values.html, '--html', io);
    io.stderr(`perf-gate: page written to ${path}\n`);
    written.push(`${path} (the HTML page)`);
  }
  // Printed once every file is written, so that its last lines can say where they are.
  printReport({ run: run.current, budgets: run.budgets, stress, ...(run.judged && { judged: run.judged }), written }, values, io);
  // A shard's budgets mean nothing alone (a quarter of the load): the merged run is judged.
  return gateOutcome(run.judged?.gate, shard === undefined ? run.budgets : [], run.interrupted, io);
}

function maxDuration(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new InputError(`--max-duration: expected a duration such as 90s or 3m, found "${text}"`);
  return ms;
}

/** Where the base deployment's results go beside `--out`: results.json → results.base.json. */
function baseResultsPath(out: string): string {
  return out.replace(/(\.json)?$/, '.base.json');
}
