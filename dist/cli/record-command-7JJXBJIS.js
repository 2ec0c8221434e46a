import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{KEEP_HINT,MAX_KEEP,appendRun,readBaselineFileIfExists,writeBaselineFile}from"./chunk-2NZMEAY3.js";import{ensureWritable,parseFlags,readResultFile}from"./chunk-HL6TEAOL.js";import{EXIT}from"./chunk-VCWBUNNA.js";import"./chunk-XAVSCA74.js";import{InputError}from"./chunk-NLPGKMY5.js";import"./chunk-TT453EZ2.js";import"./chunk-IF2AO3KP.js";import"./chunk-HRIZ6NLF.js";var RECORD_HELP=`Usage: perf-gate record --results FILE --baseline FILE [--keep N] [--base-results FILE]

Adds a run (the results written by "perf-gate run --out") to the baseline of its
suite: the last N runs on the main branch, which the gate compares pull requests
with. The baseline is created when it does not exist. A run recorded already (same
start time and commit) is replaced, not added twice; the oldest runs beyond N are
dropped. The file is written atomically, and a baseline that cannot be read is
reported and left as it is. Only complete runs are recorded. Every recorded run also
goes into the baseline's history (which outlives --keep): how much one run of main
differs from the next, which the gate learns its run-to-run noise from.

With --base-results (the FILE.base.json that "perf-gate run --baseline-url" writes),
the run was measured alongside another deployment of the same code (main's preview
against production): an A/A measurement. It is recorded as deployment noise, which
the A/B mode (--baseline-url with --baseline) then uses instead of a default.

Options:
      --results FILE    results of a complete run (perf-gate/result@1); required
      --baseline FILE   the baseline file (perf-gate/baseline@1), such as
                        baselines/shop.json; required
      --keep N          runs to keep, 1 to ${MAX_KEEP}         default: the file's, else 10
      --base-results FILE  the base deployment's results of the same A/A run
  -h, --help            show this help

Exit codes:
  0    the run is recorded
  2    bad input: a flag, the results file or the baseline file (the message names
       the file and field); nothing is written`,FLAGS={results:{type:"string"},baseline:{type:"string"},keep:{type:"string"},"base-results":{type:"string"},help:{type:"boolean",short:"h"}};async function recordCommand(argv,io){let{values}=parseFlags("record",argv,FLAGS),resultsFile=required(values.results,"--results"),baselineFile=required(values.baseline,"--baseline"),keep=keepFlag(values.keep);await ensureWritable(baselineFile,"--baseline");let result=await readResultFile(resultsFile),baseFile=values["base-results"],base=baseFile===void 0?void 0:await readResultFile(baseFile);if(base!==void 0&&!base.scenarios.some(s=>result.scenarios.some(r=>r.name===s.name)))throw new InputError(`--base-results ${baseFile}: it shares no scenario with ${resultsFile}; give the .base.json written by the same run`);let baseline=await readBaselineFileIfExists(baselineFile),outcome=append(baseline,result,keep,base,`${resultsFile} in ${baselineFile}`);return await writeBaselineFile(baselineFile,outcome.baseline),io.stdout(`${summary(outcome,result,baselineFile)}${base===void 0?"":`; A/A record ${outcome.baseline.aa?.length??0} of the deployment noise`}
`),EXIT.ok}function required(value,flag){if(value===void 0)throw new InputError(`${flag} FILE is required (see "perf-gate record --help")`);return value}function keepFlag(text){if(text===void 0)return;let keep=Number(text);if(!/^\d+$/.test(text)||keep<1||keep>MAX_KEEP)throw new InputError(`--keep: expected ${KEEP_HINT}, found "${text.slice(0,40)}"`);return keep}function append(baseline,result,keep,base,what){try{return appendRun(baseline,result,keep,base)}catch(error){throw error instanceof InputError?new InputError(`cannot record ${what}: ${error.message}`):error}}function summary({baseline,dropped,replaced},result,file){let sha=result.git.sha,run=`run ${sha===null?"without a commit":sha.slice(0,7)} (${result.startedAt})`,kept=`${baseline.runs.length} run${baseline.runs.length===1?"":"s"} kept, ${dropped} dropped`;return replaced?`replaced the ${run} already recorded in ${file}: ${kept}`:`recorded ${run} in ${file}: ${kept}`}export{RECORD_HELP,recordCommand};
//# sourceMappingURL=record-command-7JJXBJIS.js.map
