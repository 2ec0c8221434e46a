import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{appendNaming,keepFlag,recordedLine}from"./chunk-PIXCZ6UR.js";import{MAX_KEEP,readBaselineFileIfExists,writeBaselineFile}from"./chunk-IWBEKHX3.js";import{readResultFile}from"./chunk-2WVKCL57.js";import{ensureWritable,parseFlags,requiredFile}from"./chunk-X2FSNGTB.js";import"./chunk-TT453EZ2.js";import{EXIT}from"./chunk-VCWBUNNA.js";import"./chunk-6DO7PWXD.js";import"./chunk-C2XF3GH6.js";import{InputError}from"./chunk-NLPGKMY5.js";import"./chunk-HRIZ6NLF.js";var RECORD_HELP=`Usage: perf-gate record --results FILE --baseline FILE [--keep N] [--base-results FILE]

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
       the file and field); nothing is written`,FLAGS={results:{type:"string"},baseline:{type:"string"},keep:{type:"string"},"base-results":{type:"string"},help:{type:"boolean",short:"h"}};async function recordCommand(argv,io){let{values}=parseFlags("record",argv,FLAGS),resultsFile=requiredFile(values.results,"--results","record"),baselineFile=requiredFile(values.baseline,"--baseline","record"),keep=keepFlag(values.keep);await ensureWritable(baselineFile,"--baseline");let result=await readResultFile(resultsFile),baseFile=values["base-results"],base=baseFile===void 0?void 0:await readResultFile(baseFile);if(base!==void 0&&!base.scenarios.some(s=>result.scenarios.some(r=>r.name===s.name)))throw new InputError(`--base-results ${baseFile}: it shares no scenario with ${resultsFile}; give the .base.json written by the same run`);let baseline=await readBaselineFileIfExists(baselineFile),outcome=appendNaming(baseline,result,keep,base,`${resultsFile} in ${baselineFile}`);return await writeBaselineFile(baselineFile,outcome.baseline),io.stdout(`${recordedLine(outcome,result,baselineFile,base!==void 0)}
`),EXIT.ok}export{RECORD_HELP,recordCommand};
//# sourceMappingURL=record-command-QOKX65YP.js.map
