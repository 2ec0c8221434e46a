import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{require_undici}from"./chunk-E4MB3VCU.js";import"./chunk-6KEZ2NZ3.js";export default require_undici();
//# sourceMappingURL=undici-BKMKU2M7.js.map
