import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{suiteFileSchema}from"./chunk-DQ4VLYCT.js";import"./chunk-ZR552HR3.js";import"./chunk-2VWJ2GDG.js";import"./chunk-TT453EZ2.js";import{toJSONSchema}from"./chunk-IF2AO3KP.js";import"./chunk-HRIZ6NLF.js";function suiteJsonSchema(){return toJSONSchema(suiteFileSchema,{io:"input"})}export{suiteJsonSchema};
//# sourceMappingURL=json-schema-WOWZIJRK.js.map
