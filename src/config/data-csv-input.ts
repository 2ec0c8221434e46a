/**
 * A CSV file's bytes on their way to the parser, and the lines they hold. The bytes are read into
 * buffers taken in turn, never written twice, since the parser keeps a view of the bytes it has
 * not parsed yet; and they are kept from the start of the row being parsed, so that a problem's
 * line can be counted (the lines of the bytes let go are counted as they go).
 */
import { breaksLine, startsWithBom } from './data-store.js';

const CR = 0x0d;
const LF = 0x0a;

export class CsvInput {
  private buffer = Buffer.alloc(0);
  private used = 0;
  /** The file's first bytes, until there are three to show whether they start with a byte-order mark. */
  private head: Buffer | undefined = Buffer.alloc(0);
  /** The bytes given to the parser from `keptFrom` on (a position in them all), which starts line `keptLine`. */
  private readonly kept: Buffer[] = [];
  private keptFrom = 0;
  private keptLine = 1;
  /** The byte before `keptFrom`, to tell a CRLF split between two reads. */
  private before: number | undefined;

  /** Where the next bytes are read: at most `want`, fewer where the buffer ends. */
  room(want: number): Uint8Array {
    if (this.used === this.buffer.length) {
      this.buffer = Buffer.allocUnsafe(want);
      this.used = 0;
    }
    return this.buffer.subarray(this.used, Math.min(this.used + want, this.buffer.length));
  }

  /** `count` bytes were read into the room: those to give the parser now, a byte-order mark left out. */
  took(count: number): Buffer | undefined {
    let bytes = this.buffer.subarray(this.used, this.used + count);
    this.used += count;
    if (this.head !== undefined) {
      bytes = Buffer.concat([this.head, bytes]);
      if (bytes.length < 3) {
        this.head = bytes;
        return undefined;
      }
      this.head = undefined;
      if (startsWithBom(bytes, bytes.length)) bytes = bytes.subarray(3);
    }
    this.kept.push(bytes);
    return bytes;
  }

  /** At the end, the bytes of a file too short to start with a byte-order mark, not given yet. */
  rest(): Buffer | undefined {
    const { head } = this;
    this.head = undefined;
    if (head === undefined || head.length === 0) return undefined;
    this.kept.push(head);
    return head;
  }

  /** Lets go of the bytes before `position` (the end of the last row parsed), counting their lines. */
  keepFrom(position: number): void {
    while (this.kept.length > 0 && this.keptFrom + this.kept[0]!.length <= position) {
      const bytes = this.kept.shift()!;
      this.keptLine += lineBreaks(bytes, bytes.length, this.before);
      this.before = bytes.at(-1) ?? this.before;
      this.keptFrom += bytes.length;
    }
  }

  /** The line the byte at `position` is on, counting from 1 as the file does. */
  lineAt(position: number): number {
    return this.keptLine + lineBreaks(Buffer.concat(this.kept), position - this.keptFrom, this.before);
  }

  /** Where the row after `position` starts: past any blank lines. */
  rowStart(position: number): number {
    const bytes = Buffer.concat(this.kept);
    let i = position - this.keptFrom;
    while (bytes[i] === CR || bytes[i] === LF) i++;
    return this.keptFrom + i;
  }
}

/** The line breaks in the first `end` bytes, `before` the byte before them. */
function lineBreaks(bytes: Uint8Array, end: number, before: number | undefined): number {
  let count = 0;
  let previous = before;
  for (let i = 0; i < end; i++) {
    const c = bytes[i];
    if (breaksLine(c, previous)) count++;
    previous = c;
  }
  return count;
}
