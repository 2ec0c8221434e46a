import { describe, expect, it } from 'vitest';
import { classifyTransportError, errorCode, isConnectionFailure } from '../../src/load/error-class.js';

describe('transport error classes', () => {
  it('classifies undici and node:net codes by what the user can do about them', () => {
    // By the class each code falls in.
    const codes = {
      timeout: ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'],
      refused: ['ECONNREFUSED'],
      reset: ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'],
      dns: ['ENOTFOUND', 'EAI_AGAIN'],
      other: ['ERR_TLS_CERT_ALTNAME_INVALID', 'UNKNOWN'],
    };
    const cases = Object.entries(codes).flatMap(([kind, list]) => list.map((code): [string, string] => [code, kind]));
    expect(cases.map(([code]) => [code, classifyTransportError(code)])).toEqual(cases);
  });

  it('reads the code of an error, or of the first error of a dual-stack AggregateError', () => {
    expect(errorCode(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    const aggregate = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), new Error('b')]);
    expect(errorCode(aggregate)).toBe('ECONNREFUSED');
    expect(errorCode(new Error('no code'))).toBe('UNKNOWN');
    expect(errorCode('a string')).toBe('UNKNOWN');
  });

  it('treats only failures to connect at all as the target being down', () => {
    expect(isConnectionFailure('refused', 'ECONNREFUSED')).toBe(true);
    expect(isConnectionFailure('dns', 'ENOTFOUND')).toBe(true);
    expect(isConnectionFailure('timeout', 'UND_ERR_CONNECT_TIMEOUT')).toBe(true);
    expect(isConnectionFailure('timeout', 'UND_ERR_HEADERS_TIMEOUT')).toBe(false);
    expect(isConnectionFailure('reset', 'ECONNRESET')).toBe(false);
  });
});
