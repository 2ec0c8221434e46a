/**
 * An HTTP/1.1 response parser that reads only what a load generator needs: the status line
 * and the framing (content-length, transfer-encoding: chunked, connection), and every other
 * header only when asked for (a flow's captures and cookies). Bytes are read in place from
 * the socket's buffer; only an incomplete line at the end of a read is copied. Every line it
 * must hold is bounded: a server that never ends one is refused at the limit, not buffered
 * without end.
 *
 * It follows RFC 9112 §6.3 for a response's length: no body after HEAD, 1xx, 204 and 304;
 * chunked when it is the final transfer coding (extensions and trailers skipped); else
 * content-length; else the body runs until the server closes the connection.
 */

/** What the parser tells its connection, in order, for every response. */
export interface ResponseEvents {
  /** A new response starts; returns whether it answers a HEAD request (no body then). Throws when no request is outstanding. */
  onMessageBegin(): boolean;
  /** A complete head: a 1xx interim one (more follow) or the final one. */
  onHead(status: number, rawHeaders: Buffer[]): void;
  /** Body bytes, valid only during the call (the buffer is reused). */
  onBody(chunk: Buffer): void;
  /** The response is complete; `keepAlive` says whether the connection may carry another. */
  onEnd(keepAlive: boolean): void;
}

/** A response the parser cannot frame; `code` follows llhttp's names, as undici reports them. */
export class ResponseParseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ResponseParseError';
  }
}

/** undici's default limit on a response head (Node's --max-http-header-size), so both clients fail the same responses. */
export const MAX_HEAD_BYTES = 16 * 1024;

/**
 * The limit on a chunk-size line with its extensions: what Node's own HTTP parser allows a
 * chunk's extensions (HPE_CHUNK_EXTENSIONS_OVERFLOW), so no server Node can talk to needs more.
 */
export const MAX_CHUNK_LINE_BYTES = 16 * 1024;

/** CRLF: all that may follow a chunk's data. */
const CHUNK_DATA_END_BYTES = 2;

const enum State {
  StatusLine,
  HeaderLine,
  Body,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailer,
  UntilClose,
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const COLON = 58;
const NO_HEADERS: Buffer[] = [];

export class ResponseParser {
  private state = State.StatusLine;
  /**
   * An incomplete line copied from earlier reads: the first `carriedBytes` bytes. Kept and reused
   * (no allocation per read), grown by doubling, so a line trickling in byte by byte costs linear
   * time, not quadratic; the limits cap it at 16 KiB.
   */
  private lineBuffer = Buffer.allocUnsafe(256);
  private carriedBytes = 0;
  /** Bytes the head, trailers or chunk line being read may still take before their limit. */
  private allowance = MAX_HEAD_BYTES;
  /** Body or chunk bytes still to come. */
  private remaining = 0;
  /** A response is under way (across 1xx heads too). */
  private inMessage = false;
  private headRequest = false;
  private status = 0;
  /** HTTP/1.1, or HTTP/1.0 with a keep-alive option: the connection may persist... */
  private keepAlive = true;
  /** ...unless a close option or the framing ends it, in whatever order the headers come (RFC 9112 §9.3). */
  private closes = false;
  private chunked = false;
  private transferEncoding = false;
  private contentLength = -1;
  private rawHeaders: Buffer[] = NO_HEADERS;
  /** Set by halt(): the rest of the current read is dropped (the connection was retired). */
  private halted = false;

  constructor(
    private readonly events: ResponseEvents,
    /** Keep every header's name and value for the handler (flows read them); else only the framing is read. */
    private readonly collectHeaders: boolean,
  ) {}

  /** Parses one read; throws ResponseParseError on a response it cannot frame. */
  execute(data: Buffer): void {
    this.halted = false;
    let offset = this.carriedBytes === 0 ? 0 : this.endCarriedLine(data);
    while (offset < data.length && !this.halted) {
      switch (this.state) {
        case State.Body: {
          const n = Math.min(this.remaining, data.length - offset);
          this.events.onBody(data.subarray(offset, offset + n));
          offset += n;
          this.remaining -= n;
          if (this.remaining === 0) this.finish();
          break;
        }
        case State.ChunkData: {
          const n = Math.min(this.remaining, data.length - offset);
          this.events.onBody(data.subarray(offset, offset + n));
          offset += n;
          this.remaining -= n;
          if (this.remaining === 0) this.expectLine(State.ChunkDataEnd, CHUNK_DATA_END_BYTES);
          break;
        }
        case State.UntilClose:
          this.events.onBody(data.subarray(offset));
          offset = data.length;
          break;
        default: {
          const lf = data.indexOf(LF, offset);
          if (lf === -1) {
            this.carry(data, offset);
            return;
          }
          this.take(lf + 1 - offset);
          this.line(data, offset, lf);
          offset = lf + 1;
        }
      }
    }
  }

  /**
   * The connection ended. Returns true when that completed the response under way (a body
   * delimited by the close), false when nothing was under way; throws when it cut a response short.
   */
  end(): boolean {
    if (this.state === State.UntilClose) {
      this.finish();
      return true;
    }
    if (this.inMessage || this.carriedBytes > 0)
      throw new ResponseParseError('UND_ERR_SOCKET', 'the server closed the connection before the response was complete');
    return false;
  }

  /** Drops the rest of the current read and any state: the connection is retired. */
  halt(): void {
    this.halted = true;
    this.reset();
    this.carriedBytes = 0;
  }

  /** Keeps the incomplete line at the end of a read, refused once it outgrows its limit. */
  private carry(data: Buffer, offset: number): void {
    const n = data.length - offset;
    if (n === 0) return;
    this.take(n);
    // A copy: the socket's buffer is overwritten by the next read.
    this.append(data, offset, data.length);
  }

  /** Ends the line carried from earlier reads if this read holds its end; returns where the rest of the read starts. */
  private endCarriedLine(data: Buffer): number {
    const lf = data.indexOf(LF);
    if (lf === -1) {
      this.carry(data, 0);
      return data.length;
    }
    this.take(lf + 1);
    this.append(data, 0, lf + 1);
    const length = this.carriedBytes;
    this.carriedBytes = 0;
    this.line(this.lineBuffer, 0, length - 1);
    return lf + 1;
  }

  private append(data: Buffer, start: number, end: number): void {
    const needed = this.carriedBytes + end - start;
    if (needed > this.lineBuffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, 2 * this.lineBuffer.length));
      this.lineBuffer.copy(grown, 0, 0, this.carriedBytes);
      this.lineBuffer = grown;
    }
    this.carriedBytes += data.copy(this.lineBuffer, this.carriedBytes, start, end);
  }

  /** Counts line bytes against the limit of what is being read: heads and trailers, a chunk-size line, the CRLF after chunk data. */
  private take(bytes: number): void {
    this.allowance -= bytes;
    if (this.allowance >= 0) return;
    if (this.state === State.ChunkSize)
      throw new ResponseParseError('HPE_CHUNK_EXTENSIONS_OVERFLOW', `chunk-size line longer than ${MAX_CHUNK_LINE_BYTES} bytes`);
    if (this.state === State.ChunkDataEnd) throw new ResponseParseError('HPE_STRICT', 'chunk data not followed by CRLF');
    throw new ResponseParseError(
      'UND_ERR_HEADERS_OVERFLOW',
      `response ${this.state === State.Trailer ? 'trailers' : 'head'} larger than ${MAX_HEAD_BYTES} bytes`,
    );
  }

  /** The next line is of this kind and may take this many bytes. */
  private expectLine(state: State, limit: number): void {
    this.state = state;
    this.allowance = limit;
  }

  /** A complete line, from `start` to the LF at `lf`; a CR before the LF is not part of it. */
  private line(buf: Buffer, start: number, lf: number): void {
    const end = lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
    switch (this.state) {
      case State.StatusLine:
        // Blank lines before a status line are tolerated (RFC 9112 §2.2), as llhttp does.
        if (start !== end) this.statusLine(buf, start, end);
        return;
      case State.HeaderLine:
        if (start === end) this.endOfHead();
        else this.header(buf, start, end);
        return;
      case State.ChunkSize:
        this.chunkSize(buf, start, end);
        return;
      case State.ChunkDataEnd:
        if (start !== end) throw new ResponseParseError('HPE_STRICT', 'chunk data not followed by CRLF');
        this.expectLine(State.ChunkSize, MAX_CHUNK_LINE_BYTES);
        return;
      case State.Trailer:
        // Trailers are read past, not kept (no check or capture reads them), once they look like fields.
        if (start === end) this.finish();
        else fieldColon(buf, start, end);
        return;
    }
  }

  private statusLine(buf: Buffer, start: number, end: number): void {
    if (!this.inMessage) {
      this.headRequest = this.events.onMessageBegin();
      this.inMessage = true;
    }
    const version =
      end - start >= 9 &&
      buf[start] === 72 &&
      buf[start + 1] === 84 &&
      buf[start + 2] === 84 &&
      buf[start + 3] === 80 &&
      buf[start + 4] === 47 &&
      buf[start + 5] === 49 &&
      buf[start + 6] === 46 &&
      (buf[start + 7] === 49 || buf[start + 7] === 48) &&
      buf[start + 8] === SPACE;
    if (!version) throw new ResponseParseError('HPE_INVALID_CONSTANT', `not an HTTP/1.x status line: ${quote(buf, start, end)}`);
    // Three digits whose first is a class, 1–9 (RFC 9110 §15), then the end or a space and a
    // reason phrase. llhttp reads 000–099 too, and undici then fails them on an assertion.
    const code = start + 9;
    const statusOk =
      end - code >= 3 &&
      buf[code]! >= 49 &&
      buf[code]! <= 57 &&
      isDigit(buf[code + 1]!) &&
      isDigit(buf[code + 2]!) &&
      (end - code === 3 || buf[code + 3] === SPACE);
    if (!statusOk) throw new ResponseParseError('HPE_INVALID_STATUS', `no status code 100–999 in ${quote(buf, start, end)}`);
    this.status = (buf[code]! - 48) * 100 + (buf[code + 1]! - 48) * 10 + (buf[code + 2]! - 48);
    // HTTP/1.0 closes after the response unless it says keep-alive.
    this.keepAlive = buf[start + 7] === 49;
    this.state = State.HeaderLine;
    if (this.collectHeaders) this.rawHeaders = [];
  }

  private header(buf: Buffer, start: number, end: number): void {
    const colon = fieldColon(buf, start, end);
    let valueStart = colon + 1;
    while (valueStart < end && (buf[valueStart] === SPACE || buf[valueStart] === TAB)) valueStart++;
    let valueEnd = end;
    while (valueEnd > valueStart && (buf[valueEnd - 1] === SPACE || buf[valueEnd - 1] === TAB)) valueEnd--;
    const nameLength = colon - start;
    if (nameLength === 14 && isName(buf, start, 'content-length')) this.readContentLength(buf, valueStart, valueEnd);
    else if (nameLength === 17 && isName(buf, start, 'transfer-encoding'))
      this.readTransferEncoding(buf.toString('latin1', valueStart, valueEnd));
    else if (nameLength === 10 && isName(buf, start, 'connection')) this.readConnection(buf, valueStart, valueEnd);
    if (this.collectHeaders) this.rawHeaders.push(Buffer.from(buf.subarray(start, colon)), Buffer.from(buf.subarray(valueStart, valueEnd)));
  }

  private readContentLength(buf: Buffer, start: number, end: number): void {
    let length = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (!isDigit(c) || length > Number.MAX_SAFE_INTEGER / 10)
        throw new ResponseParseError('HPE_INVALID_CONTENT_LENGTH', `invalid content-length: ${quote(buf, start, end)}`);
      length = length * 10 + (c - 48);
    }
    if (start === end || (this.contentLength !== -1 && this.contentLength !== length)) {
      throw new ResponseParseError('HPE_INVALID_CONTENT_LENGTH', `invalid or conflicting content-length: ${quote(buf, start, end)}`);
    }
    this.contentLength = length;
  }

  private readTransferEncoding(value: string): void {
    this.transferEncoding = true;
    const codings = value.split(',');
    this.chunked = codings[codings.length - 1]!.trim().toLowerCase() === 'chunked';
  }

  private readConnection(buf: Buffer, start: number, end: number): void {
    if (end - start === 10 && isName(buf, start, 'keep-alive')) {
      this.keepAlive = true;
      return;
    }
    for (const token of buf.toString('latin1', start, end).split(',')) {
      const option = token.trim().toLowerCase();
      if (option === 'close') this.closes = true;
      else if (option === 'keep-alive') this.keepAlive = true;
    }
  }

  private endOfHead(): void {
    const status = this.status;
    if (status < 200) {
      this.events.onHead(status, this.rawHeaders);
      // A protocol switch nobody asked for leaves the rest of the connection unreadable.
      if (status === 101)
        throw new ResponseParseError('HPE_UNEXPECTED_UPGRADE', 'the server switched protocols (101) on a plain HTTP request');
      // Any other 1xx is interim: no body, whatever its headers say, and the final head follows
      // (RFC 9110 §15.2). llhttp alone skips a body only after 100, 102 and 103; undici tells it
      // to for every 1xx, and so both clients read them alike.
      this.resetHead();
      this.state = State.StatusLine;
      return;
    }
    // Both framings at once is how responses are smuggled: refused, as undici refuses it (RFC 9112 §6.1).
    if (this.transferEncoding && this.contentLength !== -1)
      throw new ResponseParseError('HPE_UNEXPECTED_CONTENT_LENGTH', 'a response with both transfer-encoding and content-length');
    this.events.onHead(status, this.rawHeaders);
    if (this.headRequest || status === 204 || status === 304) this.finish();
    else if (this.chunked) this.expectLine(State.ChunkSize, MAX_CHUNK_LINE_BYTES);
    else if (this.contentLength > 0) {
      this.state = State.Body;
      this.remaining = this.contentLength;
    } else if (this.contentLength === 0) this.finish();
    else {
      // No length, or a final transfer coding other than chunked: the body runs to the close
      // (RFC 9112 §6.3). Not after HEAD, 204 or 304, which have no body to run.
      this.state = State.UntilClose;
      this.closes = true;
    }
  }

  private chunkSize(buf: Buffer, start: number, end: number): void {
    let size = 0;
    let i = start;
    for (; i < end; i++) {
      const digit = hexValue(buf[i]!);
      if (digit < 0) break;
      if (size > Number.MAX_SAFE_INTEGER / 16) throw new ResponseParseError('HPE_INVALID_CHUNK_SIZE', 'chunk size too large');
      size = size * 16 + digit;
    }
    // After the digits: the end, whitespace, or a chunk extension (";name=value"), which is skipped.
    const next = buf[i];
    if (i === start || (i < end && next !== 59 && next !== SPACE && next !== TAB)) {
      throw new ResponseParseError('HPE_INVALID_CHUNK_SIZE', `invalid chunk size line: ${quote(buf, start, end)}`);
    }
    if (size === 0) this.expectLine(State.Trailer, MAX_HEAD_BYTES);
    else {
      this.state = State.ChunkData;
      this.remaining = size;
    }
  }

  private finish(): void {
    const keepAlive = this.keepAlive && !this.closes;
    this.reset();
    this.events.onEnd(keepAlive);
  }

  private reset(): void {
    this.state = State.StatusLine;
    this.inMessage = false;
    this.headRequest = false;
    this.remaining = 0;
    this.resetHead();
  }

  private resetHead(): void {
    this.allowance = MAX_HEAD_BYTES;
    this.status = 0;
    this.keepAlive = true;
    this.closes = false;
    this.chunked = false;
    this.transferEncoding = false;
    this.contentLength = -1;
    this.rawHeaders = NO_HEADERS;
  }
}

/**
 * Where a field line's name ends, refusing a line with no name or a name that starts or ends
 * in whitespace (obs-fold, RFC 9112 §5.1–5.2) or a bare CR (§2.2): either would hide a framing
 * header from this parser. The name's other bytes are not checked: the parser reads only the
 * framing ones.
 */
function fieldColon(buf: Buffer, start: number, end: number): number {
  const colon = buf.indexOf(COLON, start);
  if (colon <= start || colon >= end || isBlank(buf[start]!) || isBlank(buf[colon - 1]!)) {
    throw new ResponseParseError('HPE_INVALID_HEADER_TOKEN', `malformed response header line: ${quote(buf, start, end)}`);
  }
  return colon;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/** A line's first 40 bytes, quoted, for an error message. */
function quote(buf: Buffer, start: number, end: number): string {
  return JSON.stringify(buf.toString('latin1', start, Math.min(end, start + 40)));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Whether the bytes at `start` spell `lowerName` (lower case letters and '-'), ignoring case. */
function isName(buf: Buffer, start: number, lowerName: string): boolean {
  for (let i = 0; i < lowerName.length; i++) {
    const want = lowerName.charCodeAt(i);
    const got = buf[start + i]!;
    if (got !== want && !(want >= 97 && want <= 122 && got === want - 32)) return false;
  }
  return true;
}
