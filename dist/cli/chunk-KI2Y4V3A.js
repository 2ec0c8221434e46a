import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
var EXIT={ok:0,budgetFailed:1,usage:2,inconclusive:4,internal:70,interrupted:130};export{EXIT};
//# sourceMappingURL=chunk-KI2Y4V3A.js.map
