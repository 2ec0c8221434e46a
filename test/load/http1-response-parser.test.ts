import { describe, expect, it } from 'vitest';
import { ResponseParseError, ResponseParser } from '../../src/load/http1/response-parser.js';
import { allBytes, FRAMING_CASES, requestCount, type ExpectedResponse, type FramingCase } from './http1-framing-corpus.js';

interface Parsed {
  responses: ExpectedResponse[];
  error: string | undefined;
  headers: string[][];
}

/**
 * Feeds the case's bytes in the given pieces, as reads of a socket whose buffer is reused: each
 * piece is overwritten once parsed, so anything the parser kept without copying would show.
 */
function parse(framing: FramingCase, pieces: Buffer[]): Parsed {
  const methods = Array.from({ length: requestCount(framing) }, (_, i) => framing.methods?.[i] ?? 'GET');
  let sent = 0;
  const responses: ExpectedResponse[] = [];
  const headers: string[][] = [];
  let interim: number[] = [];
  let status = 0;
  let body: Buffer[] = [];
  const parser = new ResponseParser(
    {
      onMessageBegin() {
        if (sent === methods.length) throw new ResponseParseError('UND_ERR_SOCKET', 'the server sent data no request asked for');
        return methods[sent++] === 'HEAD';
      },
      onHead(code, raw) {
        if (code < 200) interim.push(code);
        else status = code;
        headers.push(raw.map((b) => b.toString('latin1')));
      },
      onBody(chunk) {
        body.push(Buffer.from(chunk));
      },
      onEnd(keepAlive) {
        responses.push({ ...(interim.length > 0 && { interim }), status, body: Buffer.concat(body).toString('utf8'), keepAlive });
        interim = [];
        body = [];
      },
    },
    true,
  );
  try {
    for (const piece of pieces) {
      const read = Buffer.from(piece);
      parser.execute(read);
      read.fill(0x78);
    }
    if (framing.endsWithClose) parser.end();
    return { responses, error: undefined, headers };
  } catch (error) {
    if (!(error instanceof ResponseParseError)) throw error;
    return { responses, error: error.code, headers };
  }
}

const expected = (framing: FramingCase) => ({ responses: framing.responses, error: framing.error });

describe('the lean HTTP/1.1 response parser', () => {
  for (const framing of FRAMING_CASES) {
    describe(framing.name, () => {
      const bytes = Buffer.from(allBytes(framing), 'utf8');

      it('reads it in one piece', () => {
        const { headers: _headers, ...parsed } = parse(framing, [bytes]);
        expect(parsed).toEqual(expected(framing));
      });

      it('reads it split in two at every byte boundary', () => {
        for (let at = 1; at < bytes.length; at++) {
          const { headers: _headers, ...parsed } = parse(framing, [bytes.subarray(0, at), bytes.subarray(at)]);
          expect(parsed, `split at byte ${at}`).toEqual(expected(framing));
        }
      });

      it('reads it one byte at a time', () => {
        const pieces = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
        const { headers: _headers, ...parsed } = parse(framing, pieces);
        expect(parsed).toEqual(expected(framing));
      });
    });
  }

  it('hands every header to a flow, names as the server wrote them, values without surrounding whitespace', () => {
    const framing: FramingCase = {
      name: 'headers',
      answers: ['HTTP/1.1 200 OK\r\nSet-Cookie: sid=1; Path=/\r\nX-Token:  abc \r\ncontent-length: 0\r\n\r\n'],
      responses: [{ status: 200, body: '', keepAlive: true }],
    };
    const bytes = Buffer.from(allBytes(framing));
    for (let at = 1; at < bytes.length; at++) {
      expect(parse(framing, [bytes.subarray(0, at), bytes.subarray(at)]).headers).toEqual([['Set-Cookie', 'sid=1; Path=/', 'X-Token', 'abc', 'content-length', '0']]);
    }
  });

  it('keeps no header for a single request, which reads only the status', () => {
    let raw: Buffer[] | undefined;
    const parser = new ResponseParser({ onMessageBegin: () => false, onHead: (_s, headers) => (raw = headers), onBody: () => undefined, onEnd: () => undefined }, false);
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nSet-Cookie: a=b\r\ncontent-length: 0\r\n\r\n'));
    expect(raw).toEqual([]);
  });

  it('refuses a protocol switch on a plain request', () => {
    const framing: FramingCase = { name: '101', answers: ['HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'], responses: [], error: 'HPE_UNEXPECTED_UPGRADE' };
    expect(parse(framing, [Buffer.from(allBytes(framing))])).toMatchObject(expected(framing));
  });
});
