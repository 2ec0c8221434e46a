import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{suiteFileSchema}from"./chunk-YXX52ZK6.js";import"./chunk-OFLLFWD6.js";import"./chunk-2VWJ2GDG.js";import{parseFlags}from"./chunk-IT2KDKU3.js";import{toJSONSchema}from"./chunk-SRD4KG2N.js";import"./chunk-HL7SCVEB.js";import{SCHEMA_FLAGS}from"./chunk-AAGUAD5P.js";import{EXIT}from"./chunk-VCWBUNNA.js";import"./chunk-4UAKAFNH.js";function suiteJsonSchema(){return toJSONSchema(suiteFileSchema,{io:"input"})}async function schemaCommand(argv,io){return parseFlags("schema",argv,SCHEMA_FLAGS),io.stdout(`${JSON.stringify(suiteJsonSchema(),null,2)}
`),EXIT.ok}export{schemaCommand};
//# sourceMappingURL=schema-command-S3KD3XX5.js.map
