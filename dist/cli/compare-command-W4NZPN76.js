import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{COMPARE_HELP,compareCommand,readReference}from"./chunk-BKMFGSZB.js";import"./chunk-B4ENXRIC.js";import"./chunk-NHNUGZ2S.js";import"./chunk-CX7LIF6T.js";import"./chunk-TZIYIBJU.js";import"./chunk-DGQKRDLR.js";import"./chunk-FSYNCFCT.js";import"./chunk-5LO2VU7B.js";import"./chunk-VCWBUNNA.js";import"./chunk-V6OKTI54.js";import"./chunk-ODQKWIMH.js";import"./chunk-X2DJQC44.js";import"./chunk-YRWLMRU2.js";import"./chunk-EJZVQ3CN.js";import"./chunk-TT453EZ2.js";import"./chunk-HXZOOKEF.js";import"./chunk-4UAKAFNH.js";export{COMPARE_HELP,compareCommand,readReference};
//# sourceMappingURL=compare-command-W4NZPN76.js.map
