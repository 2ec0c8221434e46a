import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{suiteFileSchema}from"./chunk-7H6BY6OK.js";import"./chunk-Y6N5CE6U.js";import"./chunk-2VWJ2GDG.js";import"./chunk-TT453EZ2.js";import{toJSONSchema}from"./chunk-C2XF3GH6.js";import"./chunk-HRIZ6NLF.js";function suiteJsonSchema(){return toJSONSchema(suiteFileSchema,{io:"input"})}export{suiteJsonSchema};
//# sourceMappingURL=json-schema-XCT445AH.js.map
