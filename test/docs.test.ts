import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { actionReference } from '../scripts/docs/action-reference.js';
import { renderDocs } from '../scripts/docs/generate.js';
import { anchorsOf, headingAnchor, relativeLinks } from '../scripts/docs/links.js';
import { fillGenerated } from '../scripts/docs/markers.js';
import { cell } from '../scripts/docs/markdown.js';
import { suiteReference } from '../scripts/docs/suite-reference.js';
import { suiteJsonSchema } from '../src/config/json-schema.js';

/**
 * The reference tables of docs/ are generated from their one source each (action.yml, the CLI's
 * manuals, the suite file's schema) by `npm run docs`. As check-dist does for dist/, this
 * regenerates them in memory and fails when a page differs: a source changed and the docs were
 * not regenerated, or a generated block was edited by hand.
 */
const root = fileURLToPath(new URL('..', import.meta.url));

/** README.md and every page of docs/, as paths from the root. */
async function pages(): Promise<string[]> {
  const docs = (await readdir(`${root}/docs`)).filter((name) => name.endsWith('.md')).sort();
  return ['README.md', ...docs.map((name) => `docs/${name}`)];
}

describe('the docs pages', () => {
  it('are what their sources make them (run "npm run docs" and commit)', async () => {
    const pages = await renderDocs(root);
    expect(pages.map((page) => page.file).sort()).toEqual(['docs/action.md', 'docs/cli.md', 'docs/suite-file.md']);
    for (const { file, text } of pages)
      expect(await readFile(`${root}/${file}`, 'utf8'), `${file} differs from its sources: run "npm run docs"`).toBe(text);
  });

  it('list every input and output of action.yml, html-path included', async () => {
    const actionYml = await readFile(`${root}/action.yml`, 'utf8');
    const { inputs, outputs } = parse(actionYml) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    const page = await readFile(`${root}/docs/action.md`, 'utf8');
    for (const name of [...Object.keys(inputs), ...Object.keys(outputs)]) expect(page).toContain(`\n| \`${name}\` | `);
    expect(page).toContain('\n| `html-path` | ');
    // An input added to action.yml is a row added to the page.
    const added = actionReference(actionYml.replace('inputs:\n', 'inputs:\n  probe-input:\n    description: Added.\n    default: x\n'));
    expect(added['action-inputs']).toContain('| `probe-input` | Added. | `x` |');
  });

  it('show data: as a key of the suite file itself, beside scenarios:', () => {
    const { 'suite-fields': fields } = suiteReference(suiteJsonSchema());
    expect(fields).toContain('### `data`\n');
    expect(fields).toMatch(/\n\| `data\.<name>\.file` \| string, required \| /);
    expect(fields).toMatch(/\n\| `scenarios` \| list of objects, each with exactly one of `request`, `flow`, `mix`, required \| /);
  });
});

describe('the repository perf-gate is in', () => {
  it('is the one package.json names, in every uses: line of the docs (and their links to it)', async () => {
    const { repository } = JSON.parse(await readFile(`${root}/package.json`, 'utf8')) as { repository: { url: string } };
    const named = repository.url.match(/^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\.git$/)![1];
    for (const file of await pages()) {
      const text = await readFile(`${root}/${file}`, 'utf8');
      for (const [, used] of text.matchAll(/uses: ([\w.-]+\/perf-gate)@/g)) expect(used, file).toBe(named);
      for (const [, linked] of text.matchAll(/github\.com\/([\w.-]+\/perf-gate)\b/g)) expect(linked, file).toBe(named);
    }
  });
});

describe('the links of the README and docs/', () => {
  it('point at files that exist and, with a #fragment, at a heading there', async () => {
    const problems: string[] = [];
    const anchors = new Map<string, Set<string>>();
    const anchorsIn = async (file: string) =>
      anchors.get(file) ?? anchors.set(file, anchorsOf(await readFile(`${root}/${file}`, 'utf8'))).get(file)!;
    for (const page of await pages()) {
      for (const { target, line } of relativeLinks(await readFile(`${root}/${page}`, 'utf8'))) {
        const [path = '', fragment] = target.split('#', 2);
        const file = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(path)));
        const where = `${page}:${line} → ${target}`;
        if (file.startsWith('../') || !existsSync(`${root}/${file}`)) problems.push(`${where}: no such file`);
        else if (fragment !== undefined && !file.endsWith('.md')) problems.push(`${where}: a #fragment on a file that is not Markdown`);
        else if (fragment !== undefined && !(await anchorsIn(file)).has(decodeURIComponent(fragment)))
          problems.push(`${where}: no such heading in ${file}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reach every page of docs/ from the README', async () => {
    const linked = new Set(relativeLinks(await readFile(`${root}/README.md`, 'utf8')).map(({ target }) => target.split('#')[0]));
    const unlinked = (await pages()).filter((page) => page !== 'README.md' && !linked.has(page));
    expect(unlinked).toEqual([]);
  });

  it("are checked against GitHub's anchors, outside code only", () => {
    expect(headingAnchor('Start at K = 10')).toBe('start-at-k--10');
    expect(headingAnchor('Keeping the baseline: `mode: record`')).toBe('keeping-the-baseline-mode-record');
    expect(headingAnchor('The verdict (`perf-gate/verdict@1`)')).toBe('the-verdict-perf-gateverdict1');
    expect(headingAnchor("The service's own cost")).toBe('the-services-own-cost');
    expect(headingAnchor('[Shards](x.md) and snake_case ≥ 2×')).toBe('shards-and-snake_case--2');
    const page =
      '# Title\n\n## Part\n\n## Part\n\n```sh\n# not a heading [no](link.md)\n```\n\nSee [a](a.md#b), `[c](d.md)`, ![e](img.png) and [f](https://x.dev).\n';
    expect([...anchorsOf(page)]).toEqual(['title', 'part', 'part-1']);
    expect(relativeLinks(page)).toEqual([
      { target: 'a.md#b', line: 11 },
      { target: 'img.png', line: 11 },
    ]);
  });
});

describe('a generated block', () => {
  const page = 'Prose.\n\n<!-- generated:table -->\nold\n<!-- /generated -->\n\nMore prose.\n';

  it('is replaced between its markers, and the prose around it is kept', () => {
    expect(fillGenerated(page, { table: '| a |\n' }, 'x.md')).toBe(
      'Prose.\n\n<!-- generated:table -->\n| a |\n<!-- /generated -->\n\nMore prose.\n',
    );
  });

  it('must be on the page, must have a source, and must be closed', () => {
    expect(() => fillGenerated(page, { table: '', other: '' }, 'x.md')).toThrow('x.md: no marker for the block "other"');
    expect(() => fillGenerated(page, {}, 'x.md')).toThrow('x.md: no generator for the block "table"');
    expect(() => fillGenerated(`<!-- generated:first -->\n${page}`, { first: '', table: '' }, 'x.md')).toThrow(
      'has no "<!-- /generated -->" line after it',
    );
  });
});

describe('a table cell', () => {
  it('stays one cell: pipes escaped, in code too; "<" escaped outside code only, where it would open an HTML tag', () => {
    expect(cell('a | b\nc `x|<y>` <suite>')).toBe('a \\| b c `x\\|<y>` &lt;suite>');
  });
});
