import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{COMPARE_HELP,compareCommand,readReference}from"./chunk-6IFS2ENM.js";import"./chunk-B4ENXRIC.js";import"./chunk-IXRNWRPQ.js";import"./chunk-CX7LIF6T.js";import"./chunk-EZCV7UQC.js";import"./chunk-UX2FAL3M.js";import"./chunk-K5JIMJLU.js";import"./chunk-K6UNGCM4.js";import"./chunk-VCWBUNNA.js";import"./chunk-BWSLQRUV.js";import"./chunk-ODQKWIMH.js";import"./chunk-X2DJQC44.js";import"./chunk-YRWLMRU2.js";import"./chunk-EJZVQ3CN.js";import"./chunk-TT453EZ2.js";import"./chunk-HXZOOKEF.js";import"./chunk-4UAKAFNH.js";export{COMPARE_HELP,compareCommand,readReference};
//# sourceMappingURL=compare-command-FSJB3QAU.js.map
