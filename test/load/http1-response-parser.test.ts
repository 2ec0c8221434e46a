import { describe, expect, it, vi } from 'vitest';
import { MAX_CHUNK_LINE_BYTES, MAX_HEAD_BYTES, ResponseParser } from '../../src/load/http1/response-parser.js';
import { parseInPieces } from '../helpers/parse-in-pieces.js';
import { allBytes, FRAMING_CASES, requestCount, type ExpectedResponse, type FramingCase } from './http1-framing-corpus.js';

/** The case's bytes read in the given pieces, responses as the corpus states them. */
function parse(framing: FramingCase, pieces: Buffer[]) {
  const methods = Array.from({ length: requestCount(framing) }, (_, i) => framing.methods?.[i] ?? 'GET');
  const { responses, headers, error } = parseInPieces(pieces, methods, { collectHeaders: true, closes: framing.endsWithClose === true });
  const stated = responses.map(({ interim, status, body, keepAlive }): ExpectedResponse => ({
    ...(interim.length > 0 && { interim }),
    status,
    body: body.toString('utf8'),
    keepAlive,
  }));
  return { responses: stated, error, headers };
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
      expect(parse(framing, [bytes.subarray(0, at), bytes.subarray(at)]).headers).toEqual([
        ['Set-Cookie', 'sid=1; Path=/', 'X-Token', 'abc', 'content-length', '0'],
      ]);
    }
  });

  it('keeps no header for a single request, which reads only the status', () => {
    let raw: Buffer[] | undefined;
    const parser = new ResponseParser(
      { onMessageBegin: () => false, onHead: (_s, headers) => (raw = headers), onBody: () => undefined, onEnd: () => undefined },
      false,
    );
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nSet-Cookie: a=b\r\ncontent-length: 0\r\n\r\n'));
    expect(raw).toEqual([]);
  });

  it('refuses a protocol switch on a plain request', () => {
    const framing: FramingCase = {
      name: '101',
      answers: ['HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'],
      responses: [],
      error: 'HPE_UNEXPECTED_UPGRADE',
    };
    expect(parse(framing, [Buffer.from(allBytes(framing))])).toMatchObject(expected(framing));
  });

  describe('lines it must hold are bounded, however they arrive', () => {
    const chunkedHead = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n';
    // A chunk-size line of exactly `bytes` bytes, CRLF included: "5;x=aaaa…\r\n".
    const chunkLine = (bytes: number) => `5;x=${'a'.repeat(bytes - 6)}\r\n`;
    const framing = (name: string, answer: string, error?: string): FramingCase => ({
      name,
      answers: [answer],
      responses: error === undefined ? [{ status: 200, body: 'hello', keepAlive: true }] : [],
      ...(error !== undefined && { error }),
    });
    // In one read, and in reads of 1 KiB: the copied pieces of a line count against its limit.
    const readsOf = (bytes: Buffer, size: number) =>
      Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
    const expectEverySplit = (framing: FramingCase) => {
      const bytes = Buffer.from(allBytes(framing));
      for (const size of [bytes.length, 1024, 7])
        expect(parse(framing, readsOf(bytes, size)), `reads of ${size} bytes`).toEqual({
          ...expected(framing),
          headers: expect.any(Array),
        });
    };

    it(`reads a chunk-size line of ${MAX_CHUNK_LINE_BYTES} bytes with its extensions`, () => {
      expectEverySplit(framing('at the limit', `${chunkedHead}${chunkLine(MAX_CHUNK_LINE_BYTES)}hello\r\n0\r\n\r\n`));
    });

    it('refuses a chunk-size line one byte longer, and one that never ends', () => {
      expectEverySplit(
        framing(
          'over the limit',
          `${chunkedHead}${chunkLine(MAX_CHUNK_LINE_BYTES + 1)}hello\r\n0\r\n\r\n`,
          'HPE_CHUNK_EXTENSIONS_OVERFLOW',
        ),
      );
      expectEverySplit(framing('never ends', `${chunkedHead}5;x=${'a'.repeat(MAX_CHUNK_LINE_BYTES)}`, 'HPE_CHUNK_EXTENSIONS_OVERFLOW'));
    });

    it(`refuses a status line, header line or trailer that never ends once the head passes ${MAX_HEAD_BYTES} bytes`, () => {
      expectEverySplit(framing('status line', `HTTP/1.1 200 ${'a'.repeat(MAX_HEAD_BYTES)}`, 'UND_ERR_HEADERS_OVERFLOW'));
      expectEverySplit(framing('header line', `HTTP/1.1 200 OK\r\nx-long: ${'a'.repeat(MAX_HEAD_BYTES)}`, 'UND_ERR_HEADERS_OVERFLOW'));
      expectEverySplit(
        framing('trailer', `${chunkedHead}5\r\nhello\r\n0\r\nx-long: ${'a'.repeat(MAX_HEAD_BYTES)}`, 'UND_ERR_HEADERS_OVERFLOW'),
      );
    });

    it('refuses what follows chunk data when it is not CRLF, without waiting for a line end', () => {
      expectEverySplit(framing('no CRLF', `${chunkedHead}5\r\nhello${'x'.repeat(100)}`, 'HPE_STRICT'));
    });

    it('holds a line that arrives byte by byte in memory that grows with it, not with the number of reads', () => {
      const line = `HTTP/1.1 200 ${'a'.repeat(8 * 1024)}\r\ncontent-length: 5\r\n\r\nhello`;
      // Every buffer the parser allocates (Buffer.concat allocates through allocUnsafe too).
      const allocate = vi.spyOn(Buffer, 'allocUnsafe');
      try {
        expect(parse(framing('trickled', line), readsOf(Buffer.from(line), 1)).error).toBeUndefined();
        const allocated = allocate.mock.calls.reduce((total, [size]) => total + size, 0);
        // Growing by doubling: under twice the last size, itself under twice the line (a copy per read would be ~line²/2).
        expect(allocated).toBeLessThan(4 * line.length);
      } finally {
        allocate.mockRestore();
      }
    });
  });
});
