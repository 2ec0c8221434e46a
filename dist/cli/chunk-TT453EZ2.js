import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
function targetProblem(text){let url;try{url=new URL(text)}catch{return"expected a URL such as http://127.0.0.1:8080"}if(url.protocol!=="http:"&&url.protocol!=="https:")return"expected an http or https URL such as http://127.0.0.1:8080";if(url.username||url.password)return"expected a URL without a user name or password; send credentials in a header instead";if(url.search||url.hash)return"expected a URL without a query or fragment; put those in request.path"}function normalizeTarget(text){let url=new URL(text);return url.origin+url.pathname.replace(/\/+$/,"")}export{targetProblem,normalizeTarget};
//# sourceMappingURL=chunk-TT453EZ2.js.map
