import { mergeShards } from '../result/merge.js';
import { runnerLabel, type RunResult } from '../result/result.js';
import { saturatedShards } from '../stats/aggregate.js';
import { readResultFile, writeResultFile } from '../files/result-file.js';
import { InputError } from '../errors.js';
import { parseFlags } from './args.js';
import { EXIT } from './exit-codes.js';
import { printReport } from './gate-output.js';
import type { CliIo } from './io.js';
import { MERGE_FLAGS } from './manual/commands.js';

export async function mergeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('merge', argv, MERGE_FLAGS, -1);
  if (values.out === undefined) throw new InputError('--out: required (where to write the merged results)');
  if (positionals.length < 2) throw new InputError('perf-gate merge needs the results of every shard, at least 2 files');
  const shards = await Promise.all(positionals.map(async (file) => ({ file, result: await readResultFile(file) })));
  const merged = mergeShards(shards);
  await writeResultFile(values.out, merged);
  io.stderr(`perf-gate: merged ${shards.length} shards into ${values.out}\n${shardLines(merged).join('')}`);
  printReport({ run: merged, budgets: [], written: [] }, {}, io);
  return EXIT.ok;
}

/** Each shard's runner, and where its generator was saturated: what a matrix's slow or overloaded runner looks like. */
function shardLines(merged: RunResult): string[] {
  return (merged.shards ?? []).map(({ index, environment }) => {
    const saturated = merged.scenarios.flatMap((scenario) => {
      const shard = saturatedShards(scenario).find((s) => s.index === index);
      return shard === undefined ? [] : [`${scenario.name} (${shard.rounds} of ${scenario.rounds.length} rounds)`];
    });
    const note =
      saturated.length === 0 ? '' : `; its generator was saturated in ${saturated.join(', ')}: those latencies are its own queueing`;
    return `  shard ${index}: ${runnerLabel(environment)}${note}\n`;
  });
}
