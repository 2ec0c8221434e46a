import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{RESULT_SCHEMA,RunResultSchema,readJsonFile,writeJsonAtomic}from"./chunk-WIHV3YD2.js";function writeResultFile(file,result){return writeJsonAtomic(file,result)}async function readResultFile(file){return readJsonFile(file,RunResultSchema,RESULT_SCHEMA,"perf-gate result file")}export{writeResultFile,readResultFile};
//# sourceMappingURL=chunk-2L6WGK74.js.map
