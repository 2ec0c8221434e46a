import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{package_default}from"./chunk-7AVRUK5B.js";var VERSION=package_default.version;export{VERSION};
//# sourceMappingURL=chunk-BOJL25Y7.js.map
