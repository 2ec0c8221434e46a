import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{require_undici}from"./chunk-EXYSLIUH.js";import"./chunk-6KEZ2NZ3.js";export default require_undici();
//# sourceMappingURL=undici-JNKTNLID.js.map
