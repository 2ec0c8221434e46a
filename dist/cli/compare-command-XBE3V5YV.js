import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{COMPARE_HELP,compareCommand,readReference}from"./chunk-I2EDJGQI.js";import"./chunk-B4ENXRIC.js";import"./chunk-KA47FEJI.js";import"./chunk-CX7LIF6T.js";import"./chunk-WE4XBTUH.js";import"./chunk-YBDRYQ63.js";import"./chunk-JH2QJ3DX.js";import"./chunk-X35ANAVZ.js";import"./chunk-VCWBUNNA.js";import"./chunk-UI337IRM.js";import"./chunk-ODQKWIMH.js";import"./chunk-X2DJQC44.js";import"./chunk-YRWLMRU2.js";import"./chunk-EJZVQ3CN.js";import"./chunk-TT453EZ2.js";import"./chunk-HXZOOKEF.js";import"./chunk-4UAKAFNH.js";export{COMPARE_HELP,compareCommand,readReference};
//# sourceMappingURL=compare-command-XBE3V5YV.js.map
