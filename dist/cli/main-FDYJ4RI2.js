import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{VERSION}from"./chunk-UDYV73JF.js";import"./chunk-6WTXE7GX.js";import{PerfGateError,closest,errorMessage,excerpt}from"./chunk-3JLFUJBL.js";import{EXIT}from"./chunk-KI2Y4V3A.js";import"./chunk-4UAKAFNH.js";var COMMANDS={run:async(args,io)=>(await import("./run-command-KYWUMW6F.js")).runCommand(args,io),compare:async(args,io)=>(await import("./compare-command-MOXAYIWM.js")).compareCommand(args,io),record:async(args,io)=>(await import("./record-command-PKHSUSLH.js")).recordCommand(args,io),seed:async(args,io)=>(await import("./seed-command-FLSGN66W.js")).seedCommand(args,io),merge:async(args,io)=>(await import("./merge-command-OZ6UP7G4.js")).mergeCommand(args,io),report:async(args,io)=>(await import("./report-command-RAFTOMBP.js")).reportCommand(args,io),schema:async(args,io)=>(await import("./schema-command-MQRWEYJQ.js")).schemaCommand(args,io)};async function main(argv,io){let[command,...rest]=argv;try{return command===void 0||command==="--help"||command==="-h"?(io.stdout(`${(await import("./help-QGXFWRWA.js")).mainHelp()}
`),command===void 0?EXIT.usage:EXIT.ok):command==="--version"||command==="-v"?(io.stdout(`${VERSION}
`),EXIT.ok):command==="help"?await help(rest[0],io):rest.includes("--help")||rest.includes("-h")?await help(command,io):isCommand(command)?await COMMANDS[command](rest,io):await unknown(command,io)}catch(error){return error instanceof PerfGateError?(io.stderr(`perf-gate: ${error.message}
`),error.exitCode):(io.stderr(`perf-gate: unexpected error: ${errorMessage(error)}
`),io.env.PERF_GATE_DEBUG&&error instanceof Error&&error.stack?io.stderr(`${error.stack}
`):io.stderr(`This is a bug in perf-gate; set PERF_GATE_DEBUG=1 for details and please report it.
`),EXIT.internal)}}function isCommand(name){return Object.hasOwn(COMMANDS,name)}async function help(command,io){let{commandHelp,mainHelp}=await import("./help-QGXFWRWA.js");if(command===void 0)return io.stdout(`${mainHelp()}
`),EXIT.ok;let{COMMAND_MANUALS}=await import("./commands-2P3RJGFV.js"),manual=COMMAND_MANUALS.find(m=>m.name===command);return manual===void 0?await unknown(command,io):(io.stdout(`${commandHelp(manual)}
`),EXIT.ok)}async function unknown(command,io){let meant=closest(command,[...Object.keys(COMMANDS),"help"]),hint=meant===void 0?"":`; did you mean "${meant}"?`;return io.stderr(`perf-gate: unknown command ${excerpt(command,JSON.stringify)}${hint}

${(await import("./help-QGXFWRWA.js")).mainHelp()}
`),EXIT.usage}export{main};
//# sourceMappingURL=main-FDYJ4RI2.js.map
