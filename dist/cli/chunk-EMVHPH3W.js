import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{package_default}from"./chunk-DL3FWNA2.js";var VERSION=package_default.version;export{VERSION};
//# sourceMappingURL=chunk-EMVHPH3W.js.map
