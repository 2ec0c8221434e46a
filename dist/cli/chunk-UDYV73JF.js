import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{package_default}from"./chunk-6WTXE7GX.js";var VERSION=package_default.version;export{VERSION};
//# sourceMappingURL=chunk-UDYV73JF.js.map
