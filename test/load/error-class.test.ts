import { describe, expect, it } from 'vitest';
import { classifyTransportError, errorCode, isConnectionFailure } from '../../src/load/error-class.js';

describe('transport error classes', () => {
  it('classifies undici and node:net codes by what the user can do about them', () => {
    const cases: [string, string][] = [
      ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
      ['UND_ERR_BODY_TIMEOUT', 'timeout'],
      ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
      ['ECONNREFUSED', 'refused'],
      ['ECONNRESET', 'reset'],
      ['UND_ERR_SOCKET', 'reset'],
      ['EPIPE', 'reset'],
      ['ENOTFOUND', 'dns'],
      ['EAI_AGAIN', 'dns'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'other'],
      ['UNKNOWN', 'other'],
    ];
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
