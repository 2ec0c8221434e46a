import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{suiteFileSchema}from"./chunk-X2DJQC44.js";import"./chunk-YRWLMRU2.js";import"./chunk-EJZVQ3CN.js";import"./chunk-TT453EZ2.js";import{toJSONSchema}from"./chunk-HXZOOKEF.js";import"./chunk-4UAKAFNH.js";function suiteJsonSchema(){return toJSONSchema(suiteFileSchema,{io:"input"})}export{suiteJsonSchema};
//# sourceMappingURL=json-schema-CEIREKZV.js.map
