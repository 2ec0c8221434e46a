import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{VERSION}from"./chunk-DOIU2U2K.js";import{MAIN_HELP,RUN_HELP,SCHEMA_HELP}from"./chunk-TLSIJDPP.js";import{EXIT}from"./chunk-VCWBUNNA.js";import{PerfGateError,errorMessage}from"./chunk-NLPGKMY5.js";import{closest,excerpt}from"./chunk-HRIZ6NLF.js";function inModule(load,help2,run){return{help:async()=>help2(await load()),run:async(args,io)=>run(await load())(args,io)}}var COMMANDS={run:{help:async()=>RUN_HELP,run:async(args,io)=>(await import("./run-command-3TM2JLTX.js")).runCommand(args,io)},compare:inModule(()=>import("./compare-command-5FXZWQRW.js"),m=>m.COMPARE_HELP,m=>m.compareCommand),record:inModule(()=>import("./record-command-QOKX65YP.js"),m=>m.RECORD_HELP,m=>m.recordCommand),seed:inModule(()=>import("./seed-command-C3UOOK3Q.js"),m=>m.SEED_HELP,m=>m.seedCommand),merge:inModule(()=>import("./merge-command-LUP5DP34.js"),m=>m.MERGE_HELP,m=>m.mergeCommand),report:inModule(()=>import("./report-command-77II7RME.js"),m=>m.REPORT_HELP,m=>m.reportCommand),schema:{help:async()=>SCHEMA_HELP,run:async(_args,io)=>{let{suiteJsonSchema}=await import("./json-schema-XCT445AH.js");return io.stdout(`${JSON.stringify(suiteJsonSchema(),null,2)}
`),EXIT.ok}}};async function main(argv,io){let[command,...rest]=argv;try{return command===void 0||command==="--help"||command==="-h"?(io.stdout(`${MAIN_HELP}
`),command===void 0?EXIT.usage:EXIT.ok):command==="--version"||command==="-v"?(io.stdout(`${VERSION}
`),EXIT.ok):command==="help"?await help(rest[0],io):rest.includes("--help")||rest.includes("-h")?await help(command,io):Object.hasOwn(COMMANDS,command)?await COMMANDS[command].run(rest,io):unknown(command,io)}catch(error){return error instanceof PerfGateError?(io.stderr(`perf-gate: ${error.message}
`),error.exitCode):(io.stderr(`perf-gate: unexpected error: ${errorMessage(error)}
`),io.env.PERF_GATE_DEBUG&&error instanceof Error&&error.stack?io.stderr(`${error.stack}
`):io.stderr(`This is a bug in perf-gate; set PERF_GATE_DEBUG=1 for details and please report it.
`),EXIT.internal)}}async function help(command,io){return command===void 0?(io.stdout(`${MAIN_HELP}
`),EXIT.ok):Object.hasOwn(COMMANDS,command)?(io.stdout(`${await COMMANDS[command].help()}
`),EXIT.ok):unknown(command,io)}function unknown(command,io){let meant=closest(command,[...Object.keys(COMMANDS),"help"]),hint=meant===void 0?"":`; did you mean "${meant}"?`;return io.stderr(`perf-gate: unknown command ${excerpt(command,JSON.stringify)}${hint}

${MAIN_HELP}
`),EXIT.usage}export{main};
//# sourceMappingURL=main-LQBVMTYZ.js.map
