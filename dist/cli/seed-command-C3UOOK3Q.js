import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{MEASURE_FLAGS,measureSetup,progressDisplay,progressMode,resolveReference,runPipeline,workersFlag}from"./chunk-FUXB6MTM.js";import"./chunk-DOIU2U2K.js";import"./chunk-IXAO36FP.js";import{appendNaming,keepFlag,recordedLine}from"./chunk-PIXCZ6UR.js";import{loadSuiteFile}from"./chunk-CTQ7TIXJ.js";import"./chunk-7H6BY6OK.js";import"./chunk-QEXFJZPB.js";import"./chunk-Y6N5CE6U.js";import{DEFAULT_KEEP,KEEP_HINT,MAX_KEEP,writeBaselineFile}from"./chunk-IWBEKHX3.js";import{budgetsTitle,withRedaction,writtenPath}from"./chunk-VMBRFCFI.js";import"./chunk-ICEP7YNT.js";import"./chunk-2VWJ2GDG.js";import{ensureWritable,parseFlags,requiredFile}from"./chunk-X2FSNGTB.js";import"./chunk-TT453EZ2.js";import{EXIT}from"./chunk-VCWBUNNA.js";import"./chunk-6DO7PWXD.js";import"./chunk-C2XF3GH6.js";import{InputError}from"./chunk-NLPGKMY5.js";import"./chunk-HRIZ6NLF.js";var SEED_HELP=`Usage: perf-gate seed --baseline FILE [--runs N] [--config FILE] [--target URL] [options]

Starts a baseline at K = N runs rather than the one to three a new suite has. With 3 runs
the gate's run-to-run noise rests on 2 degrees of freedom and a prior: at 2 % run-to-run
noise it catches a +15 % change 63 % of the time, where 10 runs catch it 93 % of the time
(README, "How the gate judges").

Measures the suite N times against the target, one complete run after another, each with
its own warm-up, connections and start time (and its own service process when the suite
starts one), and records each run in the baseline file as soon as it ends, as
"perf-gate record" would: atomically, with its history entry. Nothing is judged; budgets
are checked on every run (a run over budget is recorded all the same, and exits 1).

Ctrl-C stops the seeding: the runs recorded before it are kept (the last line says how
many); the run it stopped is not recorded.

Runs on one machine share its speed: they vary less from run to run than runs of main on
different CI runners, so a gate that judges pull requests measured elsewhere learns less
noise from them than it will meet. The honest way is one run per runner: the GitHub
Action's mode: record in a workflow_dispatch matrix (README, "Start at K = 10").

Options:
  -b, --baseline FILE        the baseline file to record into (perf-gate/baseline@1), created
                             when missing; one of another suite is refused; required
      --runs N               runs to measure and record, 1 to ${MAX_KEEP}            default: ${DEFAULT_KEEP}
      --keep N               runs the baseline keeps, at least --runs
                             default: the file's (else ${DEFAULT_KEEP}), raised to --runs if fewer
  -c, --config FILE          suite file, YAML or JSON                  default: perf-gate.yml
  -t, --target URL           base URL to measure (main's deployment); overrides "target:"
      --baseline-url URL     also measure this deployment of the same code alongside, round
                             for round, and record each run's A/A record of the deployment noise
      --progress MODE        live | plain | none      default: live on a terminal, else plain
      --workers N            spread the load over N worker threads
      --service-pid PID      read the service's CPU time and memory from this local process
      --baseline-service-pid PID, --baseline-metrics URL
                             with --baseline-url: the base deployment's process, or its
                             Prometheus endpoint
      --sha SHA              git commit recorded in every run
                             default: $GITHUB_SHA, else "git rev-parse HEAD", else none
  -h, --help                 show this help

Exit codes:
  0    every run is recorded
  1    every run is recorded, and at least one exceeded a budget (each run's line says which)
  2    bad input: a flag, the suite file or the baseline file (the message names the file
       and field)
  3    the target is unreachable, or the suite's setup or service.command failed: the runs
       recorded before are kept, and the line before the error says how many
  70   perf-gate itself failed: a bug, please report it
  130  interrupted (Ctrl-C): the runs recorded before are kept; the run it stopped is not
  143  terminated (SIGTERM, a cancelled CI job): the same as Ctrl-C`,FLAGS={...MEASURE_FLAGS,baseline:{type:"string",short:"b"},runs:{type:"string"},keep:{type:"string"},help:{type:"boolean",short:"h"}};async function seedCommand(argv,io){let{values}=parseFlags("seed",argv,FLAGS),file=requiredFile(values.baseline,"--baseline","seed"),runs=runsFlag(values.runs),keep=keepFlag(values.keep);if(keep!==void 0&&keep<runs)throw new InputError(`--keep ${keep} is fewer than --runs ${runs}: the baseline would drop runs the seeding has just measured; give --keep ${runs} or more`);let seeding={file,runs,keep,workers:workersFlag(values.workers,io),progress:progressMode(values.progress,io)},suite=await loadSuiteFile(values.config,io.env);return withRedaction(suite.secrets,io,out=>seed(values,suite,seeding,out))}function runsFlag(text){if(text===void 0)return DEFAULT_KEEP;let runs=Number(text);if(!/^\d+$/.test(text)||runs<1||runs>MAX_KEEP)throw new InputError(`--runs: expected ${KEEP_HINT}, found "${text.slice(0,40)}"`);return runs}async function seed(values,suite,seeding,io){let{file,runs}=seeding,setup=await measureSetup(values,suite,io.env);await ensureWritable(file,"--baseline");let{baseline}=await resolveReference({kind:"file",path:file},suite),keep=seeding.keep??Math.max(baseline?.keep??DEFAULT_KEEP,runs),shown=writtenPath(file,"--baseline",io),recorded=0,overBudget=0,stopped;for(let run=1;run<=runs;run++){if(io.interrupt.aborted){stopped=`seeding interrupted before run ${run} of ${runs}`;break}seeding.progress!=="silent"&&io.stderr(`perf-gate: seeding run ${run} of ${runs}
`);let measured;try{measured=await measure(suite,setup,seeding,io)}catch(error){throw io.stderr(`perf-gate: seeding stopped at run ${run} of ${runs}: ${kept(recorded,baseline,shown)}
`),error}if(measured.interrupted){stopped=`seeding interrupted during run ${run} of ${runs}, which is not recorded`;break}let outcome=appendNaming(baseline,measured.current,keep,measured.baseRun,`run ${run} in ${file}`);await writeBaselineFile(file,outcome.baseline),baseline=outcome.baseline,recorded+=1;let exceeded=measured.budgets.some(b=>!b.passed);exceeded&&(overBudget+=1);let budgets=exceeded?`; ${budgetsTitle(measured.budgets)}`:"";io.stderr(`perf-gate: run ${run} of ${runs}: ${recordedLine(outcome,measured.current,shown,measured.baseRun!==void 0)}${budgets}
`)}return recorded>=2&&io.stderr(oneMachineNote(recorded)),stopped!==void 0?(io.stderr(`perf-gate: ${stopped}: ${kept(recorded,baseline,shown)}
`),EXIT.interrupted):(io.stdout(`seeded ${shown} with ${runs} run${runs===1?"":"s"}: K = ${baseline.runs.length} now (it keeps the newest ${keep})
`),overBudget===0?EXIT.ok:(io.stderr(`perf-gate: fail: ${overBudget} of ${runs} runs exceeded a budget (see each run's line); they are recorded all the same
`),EXIT.budgetFailed))}function measure(suite,setup,seeding,io){return runPipeline({suite,...setup,reference:{kind:"none"},judge:!1,maxDurationMs:suite.gate.maxDurationMs,...seeding.workers,env:io.env,onEvent:progressDisplay(seeding.progress,io.stderr,"this run is not recorded"),signal:io.interrupt})}function kept(recorded,baseline,file){return recorded===0?`nothing was recorded${baseline===void 0?"":`; ${file} holds K = ${baseline.runs.length}, as before`}`:`the ${recorded===1?"run":`${recorded} runs`} recorded before it ${recorded===1?"is":"are"} kept; ${file} holds K = ${baseline.runs.length} now`}function oneMachineNote(recorded){return`perf-gate: note: these ${recorded} runs were measured on this one machine, one after another: they share its speed, so they vary less from run to run than runs on different CI runners do; a gate that judges pull requests measured on other runners learns less noise from them than it will meet. The honest way is one run per runner: the GitHub Action's mode: record in a workflow_dispatch matrix (README, "Start at K = 10").
`}export{SEED_HELP,seedCommand};
//# sourceMappingURL=seed-command-C3UOOK3Q.js.map
