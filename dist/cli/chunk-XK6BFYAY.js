import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{package_default}from"./chunk-XB5JZRUG.js";var VERSION=package_default.version;export{VERSION};
//# sourceMappingURL=chunk-XK6BFYAY.js.map
