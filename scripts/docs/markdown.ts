/** Markdown tables: every cell escaped, so a pipe or a line break in a description cannot break a row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map((row) => line(row.map(cell)))].join('\n');
}

/**
 * A cell's text on one line, its pipes escaped (inside code spans too, as GitHub's tables need),
 * and outside code spans its "<" too, which would open an HTML tag (`<suite>` in a description).
 */
export function cell(text: string): string {
  const parts = text.replace(/\s*\n\s*/g, ' ').split(/(`+[^`]*?`+)/);
  return parts.map((part, i) => (i % 2 === 1 ? part : part.replaceAll('<', '&lt;')).replaceAll('|', '\\|')).join('');
}

/** Text as inline code, with a fence long enough for the backticks inside it. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
