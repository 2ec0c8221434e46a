/**
 * Escaping for text that comes from the suite file or the results (scenario names, the suite
 * name, a CPU model, error codes, warnings …) on its way into GitHub-flavoured Markdown. Such
 * text is untrusted: a fork PR can name a scenario `</details><script> @org ![x](http://evil)`.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Control characters (newlines included) and the bidirectional overrides that can make text read backwards. */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Markdown punctuation that can start emphasis, code, links, images, math, headings or strike-through. */
const PUNCTUATION = /[`*_~[\]()!#$]/g;

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Untrusted text as one line of plain text, the first step of every output's escaping (Markdown,
 * HTML, the check run's title, the terminal): control characters and the bidirectional marks
 * and overrides become spaces, white space one space.
 */
export function plainText(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** A name made safe for a Markdown table cell: plain text (plainText), `\` and `|` escaped. */
export function tableCell(text: string): string {
  return plainText(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/**
 * Plain inline text, inert wherever it lands: a paragraph, a list item, a heading or a table
 * cell. One line; `\` and `|` escaped (tableCell); `<`, `>`, `&` as entities (no raw HTML);
 * Markdown punctuation backslash-escaped (no links, images, code, emphasis, math); a zero-width
 * space after `@` (no mentions, no e-mail links), inside `://` and `www.` (no autolinks) and
 * between `#` and a digit (no issue references). With `lineStart` (text that begins a line of a
 * paragraph), a leading list, quote or setext marker is escaped too.
 */
export function escapeText(text: string, options: { lineStart?: boolean } = {}): string {
  let out = tableCell(text).replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
  out = out.replace(PUNCTUATION, '\\$&');
  out = out.replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
  out = out.replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`);
  out = out.replace(/\b(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`);
  out = out.replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`);
  if (options.lineStart) out = out.replace(/^([-+=>])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  return out;
}

/**
 * Text for a quoted Mermaid xychart label. Mermaid's quoted strings have no escape: a `"` ends
 * them, `%%` can start a comment and a backtick a Markdown string, and the chart sits in a
 * fenced block that three backticks would close. So only letters, digits, spaces and `._/+-`
 * are kept (anything else becomes `_`), and the text is cut to `max` characters.
 */
export function mermaidText(text: string, max = 24): string {
  return keepOnly(text, /[^\p{L}\p{N} ._/+-]/gu, max);
}

/**
 * Text for a line of a monospace code block, one column a character: as mermaidText, but ASCII
 * letters only, since a wide character (CJK, emoji) would shift everything after it on the line.
 */
export function monospaceText(text: string, max: number): string {
  return keepOnly(text, /[^A-Za-z0-9 ._/+-]/g, max);
}

function keepOnly(text: string, unsafe: RegExp, max: number): string {
  const clean = text.replace(unsafe, '_').replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}

/** A quoted Mermaid label: `"` + mermaidText + `"`. */
export function mermaidLabel(text: string, max = 24): string {
  return `"${mermaidText(text, max)}"`;
}

/** Cuts text to at most `max` UTF-16 units, ending with "…" when cut, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}
