import { RESPONSE_TIMEOUT_CODE } from './deadline.js';

/**
 * Transport failures, by what a user can do about them. Undici and node:net report these as
 * error codes; codes (not classes) are matched because a bundle may hold two undici copies.
 */
export type TransportErrorClass = 'timeout' | 'refused' | 'reset' | 'dns' | 'other';

const CLASS_BY_CODE: Record<string, TransportErrorClass> = {
  [RESPONSE_TIMEOUT_CODE]: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
};

/** The code of an error; for the AggregateError of a dual-stack connect, the first inner code. */
export function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UNKNOWN';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return errorCode(inner[0]);
  return 'UNKNOWN';
}

export function classifyTransportError(code: string): TransportErrorClass {
  return CLASS_BY_CODE[code] ?? 'other';
}

/** Failures that mean no connection could be made at all. */
export function isConnectionFailure(errorClass: TransportErrorClass, code: string): boolean {
  return errorClass === 'refused' || errorClass === 'dns' || code === 'UND_ERR_CONNECT_TIMEOUT';
}
