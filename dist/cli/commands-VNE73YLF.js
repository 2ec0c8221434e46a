import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{COMMAND_MANUALS,COMPARE_FLAGS,MERGE_FLAGS,RECORD_FLAGS,REPORT_FLAGS,RUN_FLAGS,SCHEMA_FLAGS,SEED_FLAGS}from"./chunk-AAGUAD5P.js";import"./chunk-VCWBUNNA.js";import"./chunk-4UAKAFNH.js";export{COMMAND_MANUALS,COMPARE_FLAGS,MERGE_FLAGS,RECORD_FLAGS,REPORT_FLAGS,RUN_FLAGS,SCHEMA_FLAGS,SEED_FLAGS};
//# sourceMappingURL=commands-VNE73YLF.js.map
