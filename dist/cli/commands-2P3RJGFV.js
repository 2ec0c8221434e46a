import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{COMMAND_MANUALS,COMPARE_FLAGS,MERGE_FLAGS,RECORD_FLAGS,REPORT_FLAGS,RUN_FLAGS,SCHEMA_FLAGS,SEED_FLAGS}from"./chunk-6XRWZAB5.js";import"./chunk-KI2Y4V3A.js";import"./chunk-4UAKAFNH.js";export{COMMAND_MANUALS,COMPARE_FLAGS,MERGE_FLAGS,RECORD_FLAGS,REPORT_FLAGS,RUN_FLAGS,SCHEMA_FLAGS,SEED_FLAGS};
//# sourceMappingURL=commands-2P3RJGFV.js.map
