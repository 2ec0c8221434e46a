import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{VERSION}from"./chunk-XK6BFYAY.js";import"./chunk-XB5JZRUG.js";import{PerfGateError,closest,errorMessage,excerpt}from"./chunk-A66MB67J.js";import{EXIT}from"./chunk-VCWBUNNA.js";import"./chunk-4UAKAFNH.js";var COMMANDS={run:async(args,io)=>(await import("./run-command-HMAIT2G5.js")).runCommand(args,io),compare:async(args,io)=>(await import("./compare-command-NVV34FCC.js")).compareCommand(args,io),record:async(args,io)=>(await import("./record-command-3FHAFWCN.js")).recordCommand(args,io),seed:async(args,io)=>(await import("./seed-command-ERB734S3.js")).seedCommand(args,io),merge:async(args,io)=>(await import("./merge-command-V6G3OVL5.js")).mergeCommand(args,io),report:async(args,io)=>(await import("./report-command-XWOIQHZM.js")).reportCommand(args,io),schema:async(args,io)=>(await import("./schema-command-TM7QOHFG.js")).schemaCommand(args,io)};async function main(argv,io){let[command,...rest]=argv;try{return command===void 0||command==="--help"||command==="-h"?(io.stdout(`${(await import("./help-J4PJXP2E.js")).mainHelp()}
`),command===void 0?EXIT.usage:EXIT.ok):command==="--version"||command==="-v"?(io.stdout(`${VERSION}
`),EXIT.ok):command==="help"?await help(rest[0],io):rest.includes("--help")||rest.includes("-h")?await help(command,io):isCommand(command)?await COMMANDS[command](rest,io):await unknown(command,io)}catch(error){return error instanceof PerfGateError?(io.stderr(`perf-gate: ${error.message}
`),error.exitCode):(io.stderr(`perf-gate: unexpected error: ${errorMessage(error)}
`),io.env.PERF_GATE_DEBUG&&error instanceof Error&&error.stack?io.stderr(`${error.stack}
`):io.stderr(`This is a bug in perf-gate; set PERF_GATE_DEBUG=1 for details and please report it.
`),EXIT.internal)}}function isCommand(name){return Object.hasOwn(COMMANDS,name)}async function help(command,io){let{commandHelp,mainHelp}=await import("./help-J4PJXP2E.js");if(command===void 0)return io.stdout(`${mainHelp()}
`),EXIT.ok;let{COMMAND_MANUALS}=await import("./commands-556BL36S.js"),manual=COMMAND_MANUALS.find(m=>m.name===command);return manual===void 0?await unknown(command,io):(io.stdout(`${commandHelp(manual)}
`),EXIT.ok)}async function unknown(command,io){let meant=closest(command,[...Object.keys(COMMANDS),"help"]),hint=meant===void 0?"":`; did you mean "${meant}"?`;return io.stderr(`perf-gate: unknown command ${excerpt(command,JSON.stringify)}${hint}

${(await import("./help-J4PJXP2E.js")).mainHelp()}
`),EXIT.usage}export{main};
//# sourceMappingURL=main-6BXVHPGM.js.map
