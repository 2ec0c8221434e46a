import type { Dispatcher } from 'undici';

/** A request undici would refuse too, with undici's code, so both clients fail it alike. */
export class InvalidRequestError extends Error {
  readonly code = 'UND_ERR_INVALID_ARG';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

// The same character rules undici applies to a request's path, header names and values.
const INVALID_PATH = /[^\u0021-\u00ff]/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_VALUE = /[^\t\u0020-\u007e\u0080-\u00ff]/;
// Methods whose requests carry a body: undici sends content-length: 0 when they have none.
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A request serialised for the wire, as undici sends it: the request line, `host`,
 * `connection: keep-alive`, the caller's headers, `content-length` when there is a body (or
 * the method expects one), and the body. Headers are latin1 on the wire, the body UTF-8.
 */
export function serialiseRequest(options: Dispatcher.DispatchOptions, host: string): Buffer {
  const { method, path } = options;
  if (INVALID_PATH.test(path)) throw new InvalidRequestError(`invalid request path ${JSON.stringify(path)}`);
  if (!TOKEN.test(method)) throw new InvalidRequestError(`invalid request method ${JSON.stringify(method)}`);
  const body = requestBody(options.body);
  let lines = '';
  let hasHost = false;
  let hasConnection = false;
  let hasLength = false;
  forEachHeader(options.headers, (name, value) => {
    if (!TOKEN.test(name)) throw new InvalidRequestError(`invalid header name ${JSON.stringify(name)}`);
    if (INVALID_VALUE.test(value)) throw new InvalidRequestError(`invalid value for header ${name}`);
    const lower = name.toLowerCase();
    hasHost ||= lower === 'host';
    hasConnection ||= lower === 'connection';
    hasLength ||= lower === 'content-length';
    lines += `${name}: ${value}\r\n`;
  });
  let head = `${method} ${path} HTTP/1.1\r\n`;
  if (!hasHost) head += `host: ${host}\r\n`;
  if (!hasConnection) head += 'connection: keep-alive\r\n';
  head += lines;
  if (!hasLength && (body !== undefined || PAYLOAD_METHODS.has(method))) head += `content-length: ${body?.length ?? 0}\r\n`;
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return body === undefined ? headBytes : Buffer.concat([headBytes, body]);
}

function requestBody(body: Dispatcher.DispatchOptions['body']): Buffer | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new InvalidRequestError('a request body must be a string or bytes on this connection');
}

/** Headers as undici takes them: an object, or a flat [name, value, name, value …] array. */
function forEachHeader(headers: Dispatcher.DispatchOptions['headers'], each: (name: string, value: string) => void): void {
  if (headers === null || headers === undefined) return;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) each(String(headers[i]), String(headers[i + 1]));
    return;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) each(name, String(one));
  }
}
