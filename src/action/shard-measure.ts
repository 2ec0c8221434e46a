import * as core from '@actions/core';
import { join } from 'node:path';
import type { Shard } from '../config/shard.js';
import type { Suite } from '../config/suite.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import { measureRun } from './measure-run.js';

/**
 * Gate and record modes with the shard input: measure this job's share of the load and write its
 * results, nothing more. A shard alone is a fraction of the load: its figures are judged, and its
 * budgets checked, only once mode merge has put every shard together.
 */
export async function measureShard(options: {
  inputs: ActionInputs;
  context: RunContext;
  suite: Suite;
  target: URL;
  pullRequest: number | undefined;
  shard: Shard;
  signal: AbortSignal;
}): Promise<void> {
  const { shard } = options;
  const { out } = await measureRun({ ...options, base: undefined, reference: { kind: 'none' }, judge: false });
  core.info(
    `perf-gate: measured shard ${shard.index} of ${shard.count} (1/${shard.count} of every scenario's load) into ${join(out, 'results.json')}. ` +
      'Upload it (the results-path output) as an artifact; a job with mode: merge downloads every shard, merges them and judges or records the whole run.',
  );
}
