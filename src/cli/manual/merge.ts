import { exitCodes, type CommandManual } from './command-manual.js';
import { commandFlags } from './flags.js';

export const MERGE_FLAGS = commandFlags({
  out: { type: 'string', short: 'o', value: 'FILE', description: 'where to write the merged results (`perf-gate/result@1`); required' },
});

export const MERGE = {
  name: 'merge',
  synopsis: ['merge --out FILE <shard results...>'],
  summary: 'Merge the shards of a sharded run (`run --shard I/N`) into one run.',
  about: [
    "Merges the results of a sharded run (`perf-gate run --shard I/N` on N machines, or an Actions matrix) into one run: per scenario and round the HDR histograms are added exactly (the merged percentiles are those of every request, not averages of the shards'), and counts and rates are summed. Judge the merged run with `perf-gate compare`, record it with `perf-gate record`.",
  ],
  flags: MERGE_FLAGS,
  exitCodes: exitCodes({
    ok: 'merged',
    usage: 'not every shard exactly once, another suite, commit or scenario definition, a file that does not validate',
  }),
} as const satisfies CommandManual;
