import { ResponseParseError, ResponseParser } from '../../src/load/http1/response-parser.js';

export interface ParsedResponse {
  /** 1xx heads before the final one. */
  interim: number[];
  status: number;
  body: Buffer;
  keepAlive: boolean;
}

/** What the lean parser made of a connection's bytes: its responses in order, every head's headers, and the code it failed with. */
export interface Parsed {
  responses: ParsedResponse[];
  headers: string[][];
  error: string | undefined;
}

/**
 * Feeds bytes to the lean parser in the given pieces, as reads of a socket whose buffer is
 * reused: each piece is overwritten once parsed, so anything the parser kept without copying
 * would show. `methods` are the requests the bytes answer; `closes` ends the connection after
 * the last piece.
 */
export function parseInPieces(pieces: Buffer[], methods: readonly string[], options: { collectHeaders: boolean; closes: boolean }): Parsed {
  let sent = 0;
  const responses: ParsedResponse[] = [];
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
        responses.push({ interim, status, body: Buffer.concat(body), keepAlive });
        interim = [];
        body = [];
      },
    },
    options.collectHeaders,
  );
  try {
    for (const piece of pieces) {
      const read = Buffer.from(piece);
      parser.execute(read);
      read.fill(0x78);
    }
    if (options.closes) parser.end();
    return { responses, headers, error: undefined };
  } catch (error) {
    if (!(error instanceof ResponseParseError)) throw error;
    return { responses, headers, error: error.code };
  }
}
