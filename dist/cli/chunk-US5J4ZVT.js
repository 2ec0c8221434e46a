import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{EXIT_CODES}from"./chunk-TLSIJDPP.js";import{judgeRun,judged,loadSuiteFile}from"./chunk-CTQ7TIXJ.js";import{BASELINE_SCHEMA,readBaselineFile}from"./chunk-IWBEKHX3.js";import{failOnFlag,gateOutcome,markdownFile,printReport,writeMarkdown}from"./chunk-42UWW2VQ.js";import{readResultFile}from"./chunk-2WVKCL57.js";import{RESULT_SCHEMA,ensureWritable,parseFlags}from"./chunk-X2FSNGTB.js";import{InputError}from"./chunk-NLPGKMY5.js";import{readFile}from"node:fs/promises";var COMPARE_HELP=`Usage: perf-gate compare <baseline.json> <results.json> [options]

Judges a run (results written by "perf-gate run --out") against a baseline: a baseline
file (perf-gate/baseline@1, the last runs of the main branch) or a single earlier run
(perf-gate/result@1). Prints the verdict, the rows that need attention and the warnings
(or the verdict as JSON, or the Markdown report with --markdown -).

For each scenario and metric (p50, p95, p99, throughput, error rate) it estimates the
change with a confidence interval from the rounds of each side, and calls it a regression
when the estimated degradation exceeds the threshold (10 % by default) and is significant
after Holm's correction over the blocking metrics (p95 and error rate by default).

Options:
  -c, --config FILE          the suite file whose "gate:" thresholds, blocking metrics and
                             budgets apply; default: the built-in gate, no budgets
      --json                 print the verdict as JSON
      --markdown FILE        also write the Markdown report (as a PR comment shows it) to
                             FILE; "-" prints it on stdout instead of the terminal's report
      --fail-on-inconclusive exit 4 when a scenario could not be judged (default: the suite's gate.fail_on, else 0 with a warning)
  -h, --help                 show this help

${EXIT_CODES}`,FLAGS={config:{type:"string",short:"c"},json:{type:"boolean"},markdown:{type:"string"},"fail-on-inconclusive":{type:"boolean"},help:{type:"boolean",short:"h"}};async function compareCommand(argv,io){let{values,positionals}=parseFlags("compare",argv,FLAGS,2),[baselineFile,resultsFile]=positionals,markdown=markdownFile(values);markdown!==void 0&&await ensureWritable(markdown,"--markdown");let suite=values.config===void 0?void 0:await loadSuiteFile(values.config,io.env);await refuseBaselineAsResults(resultsFile,baselineFile,(results,baseline)=>`perf-gate compare ${baseline} ${results}`);let{reference,label}=await readReference(baselineFile),current=await readResultFile(resultsFile);for(let run of reference.runs)if(run.suite!==current.suite)throw new InputError(`${baselineFile} holds suite "${run.suite}", but ${resultsFile} is suite "${current.suite}"`);if(suite!==void 0&&suite.name!==current.suite)throw new InputError(`${values.config} is suite "${suite.name}", but ${resultsFile} is suite "${current.suite}"`);let gate=judgeRun({suite,current,reference,failOn:failOnFlag(values)}),verdict=judged(gate,current,reference,label),report=await writeMarkdown(verdict,values,io);return printReport({budgets:gate.budgets,judged:verdict,written:report===void 0?[]:[report]},values,io),gateOutcome(gate,gate.budgets,!1,io)}async function readReference(file){if(await peekSchema(file)===BASELINE_SCHEMA){let baseline=await readBaselineFile(file);return{reference:{mode:"stored-baseline",runs:baseline.runs,records:baseline},label:file}}return{reference:{mode:"stored-baseline",runs:[await readResultFile(file)]},label:file}}async function refuseBaselineAsResults(resultsFile,baselineFile,command){if(await peekSchema(resultsFile)!==BASELINE_SCHEMA)return;let what=`${resultsFile} is a baseline file (${BASELINE_SCHEMA}), but the results of the run to judge (${RESULT_SCHEMA}, written by "perf-gate run --out") go there`;throw baselineFile!==void 0&&await peekSchema(baselineFile)===RESULT_SCHEMA?new InputError(`${what}; the two files look swapped: ${command(shellWord(baselineFile),shellWord(resultsFile))}`):new InputError(what)}var shellWord=name=>/^[\w./@%+=:,-]+$/.test(name)?name:`'${name.replaceAll("'","'\\''")}'`;async function peekSchema(file){try{return JSON.parse(await readFile(file,"utf8")).schema}catch{return}}export{COMPARE_HELP,compareCommand,readReference,refuseBaselineAsResults};
//# sourceMappingURL=chunk-US5J4ZVT.js.map
