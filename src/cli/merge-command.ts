import { mergeShards } from '../result/merge.js';
import { runnerLabel, type RunResult } from '../result/result.js';
import { readResultFile, writeResultFile } from '../baseline/result-file.js';
import { InputError } from '../errors.js';
import { parseFlags } from './args.js';
import { EXIT } from './exit-codes.js';
import { printReport } from './gate-output.js';
import type { CliIo } from './io.js';

export const MERGE_HELP = `Usage: perf-gate merge --out FILE <shard results...>

Merges the results of a sharded run ("perf-gate run --shard i/n" on n machines, or an
Actions matrix) into one run: per scenario and round the HDR histograms are added exactly
(the merged percentiles are those of every request, not averages of the shards'), and
counts and rates are summed. Judge the merged run with "perf-gate compare", record it with
"perf-gate record".

Options:
  -o, --out FILE    where to write the merged results (perf-gate/result@1); required
  -h, --help        show this help

Exit codes:
  0    merged
  2    bad input: not every shard exactly once, another suite, commit or scenario definition,
       a file that does not validate`;

const FLAGS = {
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function mergeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('merge', argv, FLAGS, -1);
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
      const rounds = scenario.shards?.find((shard) => shard.index === index)?.rounds.filter((round) => round.saturated === true).length ?? 0;
      return rounds === 0 ? [] : [`${scenario.name} (${rounds} of ${scenario.rounds.length} rounds)`];
    });
    const note = saturated.length === 0 ? '' : `; its generator was saturated in ${saturated.join(', ')}: those latencies are its own queueing`;
    return `  shard ${index}: ${runnerLabel(environment)}${note}\n`;
  });
}
