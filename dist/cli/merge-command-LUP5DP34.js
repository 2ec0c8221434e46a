import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{printReport}from"./chunk-42UWW2VQ.js";import{readResultFile,writeResultFile}from"./chunk-2WVKCL57.js";import{mergeShards}from"./chunk-VMBRFCFI.js";import"./chunk-ICEP7YNT.js";import"./chunk-2VWJ2GDG.js";import{parseFlags,runnerLabel}from"./chunk-X2FSNGTB.js";import"./chunk-TT453EZ2.js";import{EXIT}from"./chunk-VCWBUNNA.js";import"./chunk-6DO7PWXD.js";import"./chunk-C2XF3GH6.js";import{InputError}from"./chunk-NLPGKMY5.js";import"./chunk-HRIZ6NLF.js";var MERGE_HELP=`Usage: perf-gate merge --out FILE <shard results...>

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
       a file that does not validate`,FLAGS={out:{type:"string",short:"o"},help:{type:"boolean",short:"h"}};async function mergeCommand(argv,io){let{values,positionals}=parseFlags("merge",argv,FLAGS,-1);if(values.out===void 0)throw new InputError("--out: required (where to write the merged results)");if(positionals.length<2)throw new InputError("perf-gate merge needs the results of every shard, at least 2 files");let shards=await Promise.all(positionals.map(async file=>({file,result:await readResultFile(file)}))),merged=mergeShards(shards);return await writeResultFile(values.out,merged),io.stderr(`perf-gate: merged ${shards.length} shards into ${values.out}
${shardLines(merged).join("")}`),printReport({run:merged,budgets:[],written:[]},{},io),EXIT.ok}function shardLines(merged){return(merged.shards??[]).map(({index,environment})=>{let saturated=merged.scenarios.flatMap(scenario=>{let rounds=scenario.shards?.find(shard=>shard.index===index)?.rounds.filter(round=>round.saturated===!0).length??0;return rounds===0?[]:[`${scenario.name} (${rounds} of ${scenario.rounds.length} rounds)`]}),note=saturated.length===0?"":`; its generator was saturated in ${saturated.join(", ")}: those latencies are its own queueing`;return`  shard ${index}: ${runnerLabel(environment)}${note}
`})}export{MERGE_HELP,mergeCommand};
//# sourceMappingURL=merge-command-LUP5DP34.js.map
