/**
 * The relative links of a Markdown page, and the anchors GitHub gives its headings: what
 * test/docs.test.ts needs to check that every link of README.md and docs/ points at a file that
 * exists and, with a #fragment, at a heading that does. Pure: text in, names out.
 */

/** A link as written: its target (path and fragment), and the line it is on. */
export interface Link {
  target: string;
  line: number;
}

/** Fenced code blocks blanked out (line count kept): a `# comment` or a [x](y) in one is neither a heading nor a link. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** Inline code spans blanked out, within a line. */
function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length));
}

/**
 * GitHub's anchor for a heading's text: the text as rendered (links as their text, no code
 * marks), lower-cased, every character but letters, digits, marks, `_`, `-` and spaces dropped,
 * each space a hyphen. "Start at K = 10" → "start-at-k--10".
 */
export function headingAnchor(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`/g, '');
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page has: its headings' (a repeated one gets -1, -2, … as on GitHub) and any `<a id>` or `<a name>`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = withoutCode(markdown);
  for (const [, heading] of text.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = headingAnchor(heading!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const [, id] of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id!);
  return anchors;
}

/** The page's links and images that are not absolute URLs: `[text](target)`, `![alt](target)`, outside code. */
export function relativeLinks(markdown: string): Link[] {
  const links: Link[] = [];
  withoutCode(markdown)
    .split('\n')
    .forEach((raw, index) => {
      const line = withoutCodeSpans(raw);
      for (const [, target] of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue; // https:, mailto:
        links.push({ target: target!, line: index + 1 });
      }
    });
  return links;
}
