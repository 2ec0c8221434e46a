/**
 * Random HTTP/1.x response sequences for the differential test of the lean parser against
 * undici's: mostly well-formed responses of every framing, with the mistakes real servers and
 * attackers make mixed in (conflicting framing headers, bad lengths and chunk lines, obs-fold,
 * bare LF, overlong lines, bytes no header may hold). A case is what one connection carries:
 * the requests' methods, the bytes the server answers with, where it splits them into writes,
 * and whether it closes the connection once they are sent.
 *
 * Every choice on which the two parsers are known to differ leaves a quirk on the response it
 * shaped, so that the test can tell a documented difference from a new one.
 */
import { seededRandom } from '../helpers/random.js';

/** Choices on which the lean parser and undici's are documented to differ (see the test's KNOWN_DIFFERENCES). */
export type Quirk =
  | 'bare-lf'
  | 'continue-100'
  | 'length-on-204-304'
  | 'repeated-equal-length'
  | 'length-trailing-tab'
  | 'unread-header-bytes'
  | 'lenient-chunk-line'
  | 'long-chunk-line'
  | 'long-status-line'
  | 'head-size-between-counts'
  | 'head-without-framing'
  | 'http10-keep-alive-and-close'
  | 'version-other-than-1x'
  | 'cut-short'
  | 'switching-protocols';

export interface GeneratedCase {
  methods: ('GET' | 'HEAD')[];
  bytes: Buffer;
  /** The quirks of the response to each request, by request index (1xx heads count with the response they precede). */
  quirks: Quirk[][];
  /** Where the server cuts `bytes` into separate writes. */
  splits: number[];
  /** The server ends the connection after its last write (else it leaves it open: a response that is not complete then times out). */
  closes: boolean;
}

type Random = () => number;

const FILLER_NAMES = [
  'Content-Type',
  'Date',
  'Server',
  'Cache-Control',
  'ETag',
  'Set-Cookie',
  'X-Request-Id',
  'Vary',
  'Keep-Alive',
  'Trailer',
  'Link',
];
const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
const STATUSES = [200, 200, 200, 201, 202, 204, 206, 301, 302, 304, 400, 401, 404, 409, 429, 500, 502, 503, 599];

class Draw {
  constructor(private readonly random: Random) {}
  chance(p: number): boolean {
    return this.random() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  token(min: number, max: number): string {
    return Array.from({ length: this.int(min, max) }, () => this.pick([...TOKEN_CHARS])).join('');
  }
  /** Printable text with spaces and tabs inside, as header values hold. */
  text(min: number, max: number): string {
    return Array.from({ length: this.int(min, max) }, () =>
      this.chance(0.1) ? this.pick([' ', '\t']) : String.fromCharCode(this.int(33, 126)),
    ).join('');
  }
  /** Any bytes, CR and LF included: a body must be read by its length, never scanned. */
  body(max: number): Buffer {
    const length = this.chance(0.2) ? 0 : this.int(1, this.chance(0.1) ? max * 10 : max);
    return Buffer.from(Array.from({ length }, () => (this.chance(0.1) ? this.pick([13, 10, 0, 48]) : this.int(0, 255))));
  }
}

/** One response's parts, joined by the line ending it uses. */
class ResponseText {
  readonly quirks: Quirk[] = [];
  private readonly parts: Buffer[] = [];
  constructor(readonly eol: string) {}
  line(text: string): void {
    this.parts.push(Buffer.from(text + this.eol, 'latin1'));
  }
  raw(bytes: Buffer | string): void {
    this.parts.push(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }
  length(): number {
    return this.parts.reduce((total, part) => total + part.length, 0);
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

type Framing = 'length' | 'chunked' | 'close';

function statusLine(draw: Draw, out: ResponseText, status: string, version: string): void {
  const reason = draw.chance(0.1)
    ? ''
    : draw.chance(0.05)
      ? ' '
      : ` ${draw.pick(['OK', 'Not Found', 'Whatever It Says', draw.text(1, 30)])}`;
  if (draw.chance(0.005)) {
    out.quirks.push('long-status-line');
    out.line(`${version} ${status} ${'r'.repeat(draw.pick([8, 20]) * 1024)}`);
    return;
  }
  out.line(`${version} ${status}${reason}`);
}

function versionOf(draw: Draw, out: ResponseText): string {
  if (draw.chance(0.9)) return 'HTTP/1.1';
  if (draw.chance(0.85)) return 'HTTP/1.0';
  const odd = draw.pick(['HTTP/1.2', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/2', 'http/1.1', 'HTTP/1.1 ', 'HTTP/11', 'RTSP/1.0']);
  if (['HTTP/2.0', 'HTTP/0.9', 'RTSP/1.0'].includes(odd)) out.quirks.push('version-other-than-1x');
  return odd;
}

function statusCode(draw: Draw): string {
  if (draw.chance(0.97)) return String(draw.pick(STATUSES));
  return draw.pick(['099', '000', '1000', '20', 'abc', '600', '999', '2x0', ' 200']);
}

/** Headers that do not frame the message, some malformed. */
function fillerHeaders(draw: Draw, out: ResponseText): void {
  for (let i = draw.int(0, 5); i > 0; i--) {
    const name = draw.chance(0.8) ? draw.pick(FILLER_NAMES) : `X-${draw.token(1, 12)}`;
    const value = draw.text(0, 40);
    const colon = draw.pick([': ', ':', ':  ', ':\t']);
    const flaw = draw.chance(0.04) ? draw.int(0, 7) : -1;
    switch (flaw) {
      case 0:
        out.line(`${name}${colon}${value}`);
        out.line(` folded continuation`);
        break;
      case 1:
        // No colon, unless the value holds one: then a name with a space in it.
        if (value.includes(':')) out.quirks.push('unread-header-bytes');
        out.line(`${name} ${value}`);
        break;
      case 2:
        out.line(`${name} : ${value}`);
        break;
      case 3:
        out.line(`: ${value}`);
        break;
      case 4:
        // Bytes llhttp refuses in a name or a value, which the lean parser does not read unless asked.
        out.quirks.push('unread-header-bytes');
        out.line(`${name}${draw.pick(['@', '(', '\u00e9', ' x'])}${colon}${value}`);
        break;
      case 5:
        out.quirks.push('unread-header-bytes');
        out.line(`${name}${colon}${value}${draw.pick(['\u0001', '\u007f', '\u0000', '\r'])}${value}`);
        break;
      case 6:
        out.line(`${name}${colon}${value}`);
        out.raw('\r');
        break;
      default:
        out.line(`${name}${colon}${value}`);
    }
  }
  if (draw.chance(0.01)) out.line(`X-Long: ${'v'.repeat(draw.pick([8, 20]) * 1024)}`);
}

/**
 * A last header that takes the head a few bytes past 16 KiB counted whole, as the lean parser
 * counts it: undici counts only names and values, which leaves it some dozens of bytes short.
 */
function headJustOverLimit(draw: Draw, out: ResponseText, headStart: number): void {
  const over = draw.int(1, 8);
  const sofar = out.length() - headStart;
  const lineEnds = 2 * out.eol.length;
  out.quirks.push('head-size-between-counts');
  out.line(`X-Long: ${'v'.repeat(16 * 1024 + over - sofar - 'X-Long: '.length - lineEnds)}`);
}

function lengthHeaders(draw: Draw, out: ResponseText, length: number): void {
  const name = draw.pick(['Content-Length', 'content-length', 'CONTENT-LENGTH']);
  if (draw.chance(0.95)) {
    const value = draw.chance(0.05) ? `00${length}` : String(length);
    const trailing = draw.chance(0.03) ? draw.pick([' ', '\t']) : '';
    if (trailing === '\t') out.quirks.push('length-trailing-tab');
    out.line(`${name}: ${value}${trailing}`);
    if (draw.chance(0.03)) {
      const again = draw.chance(0.5) ? String(length) : String(length + 1);
      if (again === String(length)) out.quirks.push('repeated-equal-length');
      out.line(`Content-Length: ${again}`);
    }
    return;
  }
  out.line(
    `${name}: ${draw.pick([`${length}abc`, '', `+${length}`, `${length}, ${length}`, '-1', '99999999999999999999', `${length} ${length}`])}`,
  );
}

/** Returns whether chunked is the final coding. */
function chunkedHeaders(draw: Draw, out: ResponseText): boolean {
  const value = draw.pick(['chunked', 'chunked', 'chunked', 'Chunked', 'CHUNKED', 'gzip, chunked', 'chunked ']);
  out.line(`${draw.pick(['Transfer-Encoding', 'transfer-encoding'])}: ${value}`);
  if (draw.chance(0.03)) out.line(`Content-Length: ${draw.int(0, 50)}`);
  if (draw.chance(0.9)) return true;
  out.line('Transfer-Encoding: gzip');
  return false;
}

function connectionHeaders(draw: Draw, out: ResponseText, version: string): void {
  if (draw.chance(0.75)) return;
  const values = [
    draw.pick(['close', 'keep-alive', 'Keep-Alive', 'CLOSE', 'upgrade, close', 'keep-alive, close', 'close, keep-alive', 'closed', 'foo']),
  ];
  if (draw.chance(0.2)) values.push(draw.pick(['close', 'keep-alive']));
  for (const value of values) out.line(`${draw.pick(['Connection', 'connection'])}: ${value}`);
  const options = values.flatMap((value) => value.toLowerCase().split(', '));
  if (version === 'HTTP/1.0' && options.includes('close') && options.includes('keep-alive')) out.quirks.push('http10-keep-alive-and-close');
}

function chunkLine(draw: Draw, out: ResponseText, size: number): void {
  let digits = size.toString(16);
  if (draw.chance(0.2)) digits = digits.toUpperCase();
  if (draw.chance(0.05)) digits = `000${digits}`;
  let extensions = '';
  if (draw.chance(0.15))
    extensions = draw.pick([';name=value', ';a', ';a=b;c=d', ';ext="quoted; value"', `;${draw.token(1, 8)}=${draw.token(1, 8)}`]);
  if (draw.chance(0.03)) {
    // Whitespace RFC 9112 §7.1.1 allows around ';' and '=' (BWS), or after the size, which llhttp refuses.
    out.quirks.push('lenient-chunk-line');
    extensions = draw.pick([' ;a=b', '; a=b', ';a = b', ' ', '\t', ';']);
  }
  if (draw.chance(0.005)) {
    out.quirks.push('long-chunk-line');
    extensions = `;x=${'e'.repeat(draw.pick([8, 20]) * 1024)}`;
  }
  out.line(`${digits}${extensions}`);
}

function chunkedBody(draw: Draw, out: ResponseText, body: Buffer): void {
  let at = 0;
  while (at < body.length) {
    const size = Math.min(body.length - at, draw.int(1, 200));
    if (draw.chance(0.01)) {
      // A chunk whose data runs past its size.
      chunkLine(draw, out, size);
      out.raw(body.subarray(at, at + size));
      out.raw('x');
      out.line('');
    } else {
      chunkLine(draw, out, size);
      out.raw(body.subarray(at, at + size));
      out.line('');
    }
    at += size;
  }
  if (draw.chance(0.01)) out.line(draw.pick(['zz', '-1', '10000000000000000', '']));
  chunkLine(draw, out, 0);
  for (let i = draw.chance(0.2) ? draw.int(1, 2) : 0; i > 0; i--)
    out.line(draw.chance(0.05) ? 'bad trailer' : `X-Trailer-${i}: ${draw.text(0, 20)}`);
  out.line('');
}

/** One response to a request, with the 1xx heads that may come before it. */
function response(draw: Draw, method: 'GET' | 'HEAD'): ResponseText {
  const out = new ResponseText(draw.chance(0.01) ? '\n' : '\r\n');
  if (out.eol === '\n') out.quirks.push('bare-lf');
  for (let i = draw.chance(0.06) ? draw.int(1, 2) : 0; i > 0; i--) {
    const interim = draw.pick([100, 102, 103, 103, 150, 101]);
    if (interim === 100) out.quirks.push('continue-100');
    statusLine(draw, out, String(interim), 'HTTP/1.1');
    if (interim === 101 && draw.chance(0.5)) {
      out.quirks.push('switching-protocols');
      out.line('Upgrade: websocket');
      out.line('Connection: Upgrade');
    }
    if (draw.chance(0.5)) out.line(`Link: </${draw.token(1, 10)}.css>; rel=preload`);
    out.line('');
  }
  const headStart = out.length();
  const version = versionOf(draw, out);
  const code = statusCode(draw);
  const status = Number(code);
  statusLine(draw, out, code, version);
  fillerHeaders(draw, out);
  connectionHeaders(draw, out, version);

  const bodiless = method === 'HEAD' || status === 204 || status === 304;
  const body = draw.body(300);
  const framing: Framing = draw.pick(['length', 'length', 'chunked', 'chunked', 'close']);
  if (framing === 'length') lengthHeaders(draw, out, body.length);
  const chunkedLast = framing === 'chunked' && chunkedHeaders(draw, out);
  if (bodiless && framing === 'length' && body.length > 0 && method !== 'HEAD') out.quirks.push('length-on-204-304');
  // Neither a length nor chunked last: a body would run to the close, had a HEAD response one.
  if (method === 'HEAD' && framing !== 'length' && !chunkedLast) out.quirks.push('head-without-framing');
  if (draw.chance(0.005) && out.length() - headStart < 8 * 1024) headJustOverLimit(draw, out, headStart);
  out.line('');
  if (bodiless) return out;
  if (framing === 'chunked') chunkedBody(draw, out, body);
  else {
    const mismatch = framing === 'length' && draw.chance(0.02) ? draw.pick([-1, 1]) : 0;
    out.raw(body.subarray(0, Math.max(0, body.length + mismatch)));
    if (mismatch > 0) out.raw('!');
    // One byte short: the next response's first byte completes it, or the close cuts it short.
    if (mismatch < 0) out.quirks.push('cut-short');
  }
  return out;
}

/** Where to cut `length` bytes into writes: a few random points, sorted and distinct. */
function splitsOf(draw: Draw, length: number): number[] {
  const count = draw.pick([0, 1, 2, 3, 5, 8]);
  const points = new Set(Array.from({ length: count }, () => draw.int(1, Math.max(1, length - 1))));
  return [...points].filter((point) => point < length).sort((a, b) => a - b);
}

/** The `index`-th case of the seeded series: the same seed and index give the same case. */
export function generateCase(seed: number, index: number): GeneratedCase {
  const draw = new Draw(seededRandom((seed * 100_003 + index) >>> 0));
  const methods = Array.from(
    { length: draw.chance(0.5) ? 1 : draw.int(2, 5) },
    () => (draw.chance(0.1) ? 'HEAD' : 'GET') as 'GET' | 'HEAD',
  );
  const responses = methods.map((method) => response(draw, method));
  const parts = responses.map((r) => r.bytes());
  let bytes = Buffer.concat(parts);
  if (draw.chance(0.06)) {
    // The server stops in the middle of a response.
    const cut = draw.int(1, bytes.length - 1);
    let end = 0;
    const shortened = parts.findIndex((part) => (end += part.length) > cut);
    responses[shortened]!.quirks.push('cut-short');
    bytes = bytes.subarray(0, cut);
  } else {
    // Now and then blank lines between responses (RFC 9112 §2.2 lets a client skip them) or bytes after the last.
    if (draw.chance(0.03)) parts.splice(draw.int(1, parts.length), 0, Buffer.from('\r\n'));
    if (draw.chance(0.02)) parts.push(Buffer.from(draw.pick(['HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n', 'garbage'])));
    bytes = Buffer.concat(parts);
  }
  return { methods, bytes, quirks: responses.map((r) => r.quirks), splits: splitsOf(draw, bytes.length), closes: draw.chance(0.95) };
}

/** `bytes` cut at `splits`. */
export function piecesOf(bytes: Buffer, splits: number[]): Buffer[] {
  const bounds = [0, ...splits, bytes.length];
  return bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
}
