import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{suiteFileSchema}from"./chunk-WA6O3BUH.js";import"./chunk-HUSRXZNG.js";import"./chunk-IULU26F6.js";import"./chunk-TT453EZ2.js";import{toJSONSchema}from"./chunk-N3KAOKP4.js";import"./chunk-HRIZ6NLF.js";function suiteJsonSchema(){return toJSONSchema(suiteFileSchema,{io:"input"})}export{suiteJsonSchema};
//# sourceMappingURL=json-schema-TT7HKABN.js.map
