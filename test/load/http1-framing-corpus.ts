/**
 * Framing cases for the lean HTTP/1.1 client: the bytes a server sends for one or more
 * requests, and what a client must make of them. Shared by the parser's tests (every split of
 * the bytes) and the connection's (real sockets, against undici's reading of the same bytes).
 */
export interface ExpectedResponse {
  /** 1xx heads before the final one. */
  interim?: number[];
  status: number;
  body: string;
  /** Whether the connection may carry another request after it. */
  keepAlive: boolean;
}

export interface FramingCase {
  name: string;
  /** The requests' methods, in order (all GET when absent). */
  methods?: string[];
  /** What the server sends for each request, in order. */
  answers: string[];
  /** The responses, in order; a case that ends in an error lists the ones before it. */
  responses: ExpectedResponse[];
  /** The body runs to the close: the response completes when the connection ends. */
  endsWithClose?: boolean;
  /** The code the client fails with after the listed responses. */
  error?: string;
}

/** A response after which the connection carries the next request, and one after which it closes. */
function kept(status: number, body: string, interim?: number[]): ExpectedResponse {
  return { ...(interim && { interim }), status, body, keepAlive: true };
}
function closing(status: number, body: string): ExpectedResponse {
  return { status, body, keepAlive: false };
}

const ok = (body: string, extra = '') => `HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

export const FRAMING_CASES: FramingCase[] = [
  { name: 'content-length body', answers: [ok('hello')], responses: [kept(200, 'hello')] },
  {
    name: 'header names in any case, with optional whitespace',
    answers: ['HTTP/1.1 201 Created\r\nCONTENT-LENGTH:   3  \r\nX-Other:\tv\r\n\r\nabc'],
    responses: [kept(201, 'abc')],
  },
  {
    name: 'content-length 0',
    answers: ['HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'],
    responses: [kept(200, '')],
  },
  {
    name: 'status line without a reason phrase',
    answers: ['HTTP/1.1 404\r\ncontent-length: 2\r\n\r\nno'],
    responses: [kept(404, 'no')],
  },
  {
    name: 'chunked, with chunk extensions and trailers',
    answers: [
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n' +
        '5;name=value\r\nhello\r\n6;ext="q;x"\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Sum: 42\r\nX-More: yes\r\n\r\n',
    ],
    responses: [kept(200, 'hello world0123456789')],
  },
  {
    name: 'chunked as the last of several codings',
    answers: ['HTTP/1.1 200 OK\r\ntransfer-encoding: identity, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
    responses: [kept(200, 'abc')],
  },
  {
    name: '1xx heads before the final response',
    answers: ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n' + ok('done')],
    responses: [kept(200, 'done', [100, 103])],
  },
  {
    name: '204 and 304 carry no body, whatever their headers say',
    answers: [
      'HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n',
      'HTTP/1.1 304 Not Modified\r\nContent-Length: 120\r\nETag: "x"\r\n\r\n',
      ok('next'),
    ],
    responses: [kept(204, ''), kept(304, ''), kept(200, 'next')],
  },
  {
    // Found by the differential test: a final coding other than chunked closed the connection
    // even where there is no body to run to the close.
    name: 'a 204 keeps the connection whatever its transfer-encoding says',
    answers: ['HTTP/1.1 204 No Content\r\nTransfer-Encoding: gzip\r\n\r\n', ok('next')],
    responses: [kept(204, ''), kept(200, 'next')],
  },
  {
    name: 'a HEAD response has no body, whatever its content-length says',
    methods: ['HEAD', 'GET'],
    answers: ['HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n', ok('after head')],
    responses: [kept(200, ''), kept(200, 'after head')],
  },
  {
    name: 'connection: close ends the connection after the response',
    answers: [ok('bye', 'Connection: close\r\n')],
    responses: [closing(200, 'bye')],
  },
  {
    name: 'connection options as a list',
    answers: [ok('x', 'Connection: Upgrade, close\r\n')],
    responses: [closing(200, 'x')],
  },
  {
    // Found by the differential test: a later keep-alive undid an earlier close.
    name: 'connection: close, whatever another connection header says',
    answers: [ok('bye', 'Connection: close\r\nConnection: keep-alive\r\n')],
    responses: [closing(200, 'bye')],
  },
  {
    name: 'a body with no length runs to the close',
    answers: ['HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nevery byte until the end'],
    responses: [closing(200, 'every byte until the end')],
    endsWithClose: true,
  },
  {
    name: 'HTTP/1.0 closes unless it says keep-alive',
    answers: ['HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nv0'],
    responses: [closing(200, 'v0')],
  },
  {
    name: 'HTTP/1.0 with keep-alive',
    answers: [
      'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nv0',
      'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\n!',
    ],
    responses: [kept(200, 'v0'), kept(200, '!')],
  },
  {
    name: 'pipelined responses of every framing, back to back',
    methods: ['GET', 'GET', 'HEAD', 'GET', 'GET'],
    answers: [
      ok('first'),
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nsec\r\n3\r\nond\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n',
      ok('last ünïcode'),
    ],
    responses: [kept(200, 'first'), kept(200, 'second'), kept(200, ''), kept(204, '', [100]), kept(200, 'last ünïcode')],
  },
  {
    name: 'LF-only line endings',
    answers: ['HTTP/1.1 200 OK\ncontent-length: 3\n\nabc'],
    responses: [kept(200, 'abc')],
  },
  // Responses no client can frame.
  { name: 'not an HTTP/1.x status line', answers: ['HTTP/2 200\r\n\r\n'], responses: [], error: 'HPE_INVALID_CONSTANT' },
  // RFC 9110 §15: three digits, the first of them the class; no class starts with 0.
  {
    name: 'a status code below 100',
    answers: ['HTTP/1.1 099 Early\r\ncontent-length: 0\r\n\r\n'],
    responses: [],
    error: 'HPE_INVALID_STATUS',
  },
  {
    name: 'a status code of four digits',
    answers: ['HTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\n'],
    responses: [],
    error: 'HPE_INVALID_STATUS',
  },
  {
    name: 'a non-numeric content-length',
    answers: ['HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n'],
    responses: [],
    error: 'HPE_INVALID_CONTENT_LENGTH',
  },
  {
    name: 'two different content-lengths',
    answers: ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc'],
    responses: [],
    error: 'HPE_INVALID_CONTENT_LENGTH',
  },
  {
    // A request-smuggling shape: RFC 9112 §6.1 lets a client refuse it, and undici does.
    name: 'both transfer-encoding and content-length',
    answers: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n2\r\nok\r\n0\r\n\r\n'],
    responses: [],
    error: 'HPE_UNEXPECTED_CONTENT_LENGTH',
  },
  {
    name: 'a chunk size that is not hex',
    answers: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    responses: [],
    error: 'HPE_INVALID_CHUNK_SIZE',
  },
  {
    name: 'chunk data longer than its size',
    answers: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n'],
    responses: [],
    error: 'HPE_STRICT',
  },
  {
    name: 'a header line without a colon',
    answers: ['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n'],
    responses: [],
    error: 'HPE_INVALID_HEADER_TOKEN',
  },
  // Found by the differential test: a CR before the name hid the framing header, and the
  // chunked body was read to the close as it stood (RFC 9112 §2.2: a bare CR is invalid).
  {
    name: 'a bare CR before a header name',
    answers: ['HTTP/1.1 200 OK\r\n\rTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'],
    responses: [],
    error: 'HPE_INVALID_HEADER_TOKEN',
  },
  {
    name: 'a trailer line without a colon',
    answers: ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nno colon here\r\n\r\n'],
    responses: [],
    error: 'HPE_INVALID_HEADER_TOKEN',
  },
  {
    name: 'a head over 16 KiB',
    answers: [`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\ncontent-length: 0\r\n\r\n`],
    responses: [],
    error: 'UND_ERR_HEADERS_OVERFLOW',
  },
  {
    name: 'a response nobody asked for',
    answers: [ok('one') + ok('two')],
    responses: [kept(200, 'one')],
    error: 'UND_ERR_SOCKET',
  },
  {
    name: 'the connection closes in the middle of a body',
    answers: ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'],
    responses: [],
    endsWithClose: true,
    error: 'UND_ERR_SOCKET',
  },
];

/** How many requests a case answers. */
export const requestCount = (framing: FramingCase): number => framing.answers.length;

/** Every byte the server sends, back to back: how a pipelining client reads them. */
export const allBytes = (framing: FramingCase): string => framing.answers.join('');
