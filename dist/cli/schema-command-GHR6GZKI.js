import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{suiteFileSchema}from"./chunk-AATXVV7W.js";import"./chunk-K7GM74CG.js";import"./chunk-HQ766RA6.js";import{parseFlags}from"./chunk-PQRSYBGY.js";import{toJSONSchema}from"./chunk-SRD4KG2N.js";import"./chunk-74RZ4P7C.js";import{SCHEMA_FLAGS}from"./chunk-RUJIS3N5.js";import{EXIT}from"./chunk-KI2Y4V3A.js";import"./chunk-4UAKAFNH.js";function suiteJsonSchema(){return toJSONSchema(suiteFileSchema,{io:"input"})}async function schemaCommand(argv,io){return parseFlags("schema",argv,SCHEMA_FLAGS),io.stdout(`${JSON.stringify(suiteJsonSchema(),null,2)}
`),EXIT.ok}export{schemaCommand};
//# sourceMappingURL=schema-command-GHR6GZKI.js.map
