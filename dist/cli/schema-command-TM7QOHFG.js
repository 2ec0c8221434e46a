import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{suiteFileSchema}from"./chunk-Z6MUEAZQ.js";import"./chunk-EBDNH2GM.js";import"./chunk-2VWJ2GDG.js";import{parseFlags}from"./chunk-4NUHBZOS.js";import{toJSONSchema}from"./chunk-SRD4KG2N.js";import"./chunk-A66MB67J.js";import{SCHEMA_FLAGS}from"./chunk-47HRXQWE.js";import{EXIT}from"./chunk-VCWBUNNA.js";import"./chunk-4UAKAFNH.js";function suiteJsonSchema(){return toJSONSchema(suiteFileSchema,{io:"input"})}async function schemaCommand(argv,io){return parseFlags("schema",argv,SCHEMA_FLAGS),io.stdout(`${JSON.stringify(suiteJsonSchema(),null,2)}
`),EXIT.ok}export{schemaCommand};
//# sourceMappingURL=schema-command-TM7QOHFG.js.map
