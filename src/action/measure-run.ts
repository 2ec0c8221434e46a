import * as core from '@actions/core';
import { join } from 'node:path';
import { writeResultFile } from '../files/result-file.js';
import { shardSuite, type Shard } from '../config/shard.js';
import type { Suite } from '../config/suite.js';
import { InterruptedError } from '../errors.js';
import { runPipeline, type PipelineOutcome } from '../pipeline/pipeline.js';
import { progressDisplay } from '../pipeline/progress.js';
import type { ReferenceSource } from '../pipeline/reference.js';
import { headCommit, type RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { outputDir } from './output-dir.js';
import { writePrResults } from './pr-results.js';
import { waitUntilReady } from './wait-ready.js';

export interface MeasureRunOptions {
  inputs: ActionInputs;
  context: RunContext;
  suite: Suite;
  target: URL;
  base: URL | undefined;
  reference: ReferenceSource;
  judge: boolean;
  /** What the judge must say beside its own warnings (how the pull request's suite differs from the base's). */
  warnings?: string[];
  pullRequest: number | undefined;
  signal: AbortSignal;
  /** This job's part of a sharded run: the suite given is the whole, and this measures its share. */
  shard?: Shard;
}

/**
 * The measuring half of the gate and record modes: wait until the deployment(s) serve the
 * commit, run the pipeline, write the results (and for a pull request the file a reporting job
 * reads) before anything else can fail. An interrupted run ends here, its rounds kept.
 */
export async function measureRun(options: MeasureRunOptions): Promise<{ outcome: PipelineOutcome; out: string }> {
  const { inputs, context, target, base, pullRequest } = options;
  const commit = headCommit(context);
  const expectSha =
    commit !== null && (inputs.shaHeader !== undefined || inputs.shaPath !== undefined)
      ? {
          sha: commit,
          ...(inputs.shaHeader === undefined ? {} : { header: inputs.shaHeader }),
          ...(inputs.shaPath === undefined ? {} : { path: inputs.shaPath }),
        }
      : undefined;
  // A service perf-gate starts itself is not up yet: the pipeline starts it and waits for its ready path.
  if (options.suite.service?.command === undefined)
    await waitUntilReady(target, inputs.headers, inputs.waitTimeoutMs, core.info, expectSha, options.signal);
  if (base !== undefined) await waitUntilReady(base, inputs.headers, inputs.waitTimeoutMs, core.info, undefined, options.signal);
  const { shard } = options;
  const outcome = await runPipeline({
    suite: shard === undefined ? options.suite : shardSuite(options.suite, shard),
    ...(shard === undefined ? {} : { shard }),
    target,
    ...(base === undefined ? {} : { base }),
    reference: options.reference,
    judge: options.judge,
    failOn: inputs.failOn,
    ...(options.warnings === undefined ? {} : { warnings: options.warnings }),
    maxDurationMs: options.suite.gate.maxDurationMs,
    sha: commit,
    ...(inputs.service === undefined ? {} : { service: inputs.service }),
    env: process.env,
    onEvent: progressDisplay('plain', (text) => process.stdout.write(text)),
    signal: options.signal,
    ...(pullRequest === undefined ? {} : { context: `PR #${pullRequest}` }),
  });

  const out = await outputDir();
  const resultsPath = join(out, 'results.json');
  await writeResultFile(resultsPath, outcome.current);
  if (outcome.baseRun !== undefined) await writeResultFile(join(out, 'results.base.json'), outcome.baseRun);
  if (pullRequest !== undefined && commit !== null) {
    await writePrResults(join(out, 'pr-results.json'), {
      pullRequest,
      headSha: commit,
      results: outcome.current,
      ...(outcome.baseRun === undefined ? {} : { base: outcome.baseRun }),
    });
  }
  core.setOutput('results-path', resultsPath);
  if (outcome.interrupted) {
    const rounds = outcome.current.scenarios.reduce((sum, s) => sum + s.rounds.length, 0);
    throw new InterruptedError(
      `the job was cancelled after ${rounds} completed round(s); they are in ${resultsPath}, and nothing was judged or recorded`,
    );
  }
  return { outcome, out };
}
