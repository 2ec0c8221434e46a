/**
 * The generated parts of a docs page sit between `<!-- generated:NAME -->` and `<!-- /generated -->`
 * on lines of their own; everything else on the page is written by hand and left as it is.
 */
const BLOCK = /^<!-- generated:([a-z-]+) -->\n([\s\S]*?)^<!-- \/generated -->$/gm;

/**
 * The page with each generated block's content replaced; every block the page has must be given, and every one given must be on the page.
 */
export function fillGenerated(page: string, blocks: Readonly<Record<string, string>>, file: string): string {
  const found = new Set<string>();
  const filled = page.replace(BLOCK, (_all, name: string) => {
    const content = blocks[name];
    if (content === undefined) throw new Error(`${file}: no generator for the block "${name}"`);
    if (found.has(name)) throw new Error(`${file}: the block "${name}" is there twice`);
    found.add(name);
    return `<!-- generated:${name} -->\n${content.trimEnd()}\n<!-- /generated -->`;
  });
  const opened = [...page.matchAll(/<!-- generated:([a-z-]+) -->/g)].length;
  if (opened !== found.size) throw new Error(`${file}: a "<!-- generated:NAME -->" marker has no "<!-- /generated -->" line after it`);
  const missing = Object.keys(blocks).filter((name) => !found.has(name));
  if (missing.length > 0)
    throw new Error(`${file}: no marker for the block${missing.length > 1 ? 's' : ''} ${missing.map((name) => `"${name}"`).join(', ')}`);
  return filled;
}
