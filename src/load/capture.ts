/** Reading captures from a response, and the virtual user's cookies. */
import type { CaptureSource } from '../config/suite.js';
import type { TemplateValue } from '../config/template.js';

/** A response as a flow step sees it: raw header lines (name, value, name, value …) and the body if kept. */
export interface StepResponse {
  rawHeaders: readonly Buffer[];
  body: string | undefined;
  /** The body parsed as JSON (undefined when it is not JSON), once for every json capture of the step. */
  json(): unknown;
}

/** The captured value, or undefined when the response does not hold one (a capture error). */
export function readCapture(source: CaptureSource, response: StepResponse): TemplateValue | undefined {
  switch (source.from) {
    case 'json': {
      let node = response.json();
      for (const key of source.path) {
        if (node === null || typeof node !== 'object') return undefined;
        node = (node as Record<string | number, unknown>)[key];
      }
      return node === undefined || node === null ? undefined : (node as TemplateValue);
    }
    case 'header':
      return headerValues(response.rawHeaders, source.name)[0];
    case 'cookie':
      return headerValues(response.rawHeaders, 'set-cookie')
        .map(parseSetCookie)
        .find((cookie) => cookie?.name === source.name)?.value;
    case 'regex': {
      const match = source.regex.exec(response.body ?? '');
      return match === null ? undefined : (match[1] ?? match[0]);
    }
  }
}

export function headerValues(rawHeaders: readonly Buffer[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toString('latin1').toLowerCase() === name) values.push(rawHeaders[i + 1]!.toString('latin1'));
  }
  return values;
}

interface SetCookie {
  name: string;
  value: string;
  /** Max-Age ≤ 0 or an Expires in the past: the server deletes the cookie. */
  expired: boolean;
}

function parseSetCookie(line: string): SetCookie | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const equals = pair.indexOf('=');
  if (equals <= 0) return undefined;
  let expired = false;
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=', 2).map((part) => part.trim());
    if (key.toLowerCase() === 'max-age' && Number(value) <= 0) expired = true;
    if (key.toLowerCase() === 'expires' && Date.parse(value) <= Date.now()) expired = true;
  }
  return { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim(), expired };
}

/**
 * A virtual user's cookies. Requests only ever go to the target's origin, so the jar keeps one
 * value per name (Domain and Path are not needed to choose among origins); a cookie the server
 * expires is dropped.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the response's Set-Cookie lines. */
  update(rawHeaders: readonly Buffer[]): void {
    for (const line of headerValues(rawHeaders, 'set-cookie')) {
      const cookie = parseSetCookie(line);
      if (cookie === undefined) continue;
      if (cookie.expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  /** The Cookie header to send, or undefined with no cookie. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  clear(): void {
    this.cookies.clear();
  }
}
