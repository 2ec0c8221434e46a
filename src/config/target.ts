/**
 * What a target URL may be, wherever it comes from (the suite file or --target). Messages
 * never include the URL itself: it may come from the environment and carry a secret.
 */
export function targetProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'expected a URL such as http://127.0.0.1:8080';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'expected an http or https URL such as http://127.0.0.1:8080';
  }
  if (url.username || url.password) {
    return 'expected a URL without a user name or password; send credentials in a header instead';
  }
  if (url.search || url.hash) return 'expected a URL without a query or fragment; put those in request.path';
  return undefined;
}

/** Origin and base path without trailing slashes, so that `target + path` never doubles a slash. */
export function normalizeTarget(text: string): string {
  const url = new URL(text);
  return url.origin + url.pathname.replace(/\/+$/, '');
}
