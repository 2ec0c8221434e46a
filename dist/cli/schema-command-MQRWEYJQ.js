import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{suiteFileSchema}from"./chunk-6FMXMQB3.js";import"./chunk-NNU2J545.js";import"./chunk-HQ766RA6.js";import{parseFlags}from"./chunk-ZRZETDKM.js";import{toJSONSchema}from"./chunk-SRD4KG2N.js";import"./chunk-3JLFUJBL.js";import{SCHEMA_FLAGS}from"./chunk-6XRWZAB5.js";import{EXIT}from"./chunk-KI2Y4V3A.js";import"./chunk-4UAKAFNH.js";function suiteJsonSchema(){return toJSONSchema(suiteFileSchema,{io:"input"})}async function schemaCommand(argv,io){return parseFlags("schema",argv,SCHEMA_FLAGS),io.stdout(`${JSON.stringify(suiteJsonSchema(),null,2)}
`),EXIT.ok}export{schemaCommand};
//# sourceMappingURL=schema-command-MQRWEYJQ.js.map
