import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { actionReference } from '../scripts/docs/action-reference.js';
import { renderDocs } from '../scripts/docs/generate.js';
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

describe('the docs pages', () => {
  it('are what their sources make them (run "npm run docs" and commit)', async () => {
    const pages = await renderDocs(root);
    expect(pages.map((page) => page.file).sort()).toEqual(['docs/action.md', 'docs/cli.md', 'docs/suite-file.md']);
    for (const { file, text } of pages) expect(await readFile(`${root}/${file}`, 'utf8'), `${file} differs from its sources: run "npm run docs"`).toBe(text);
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
    for (const file of ['README.md', 'docs/action.md', 'docs/cli.md']) {
      const text = await readFile(`${root}/${file}`, 'utf8');
      for (const [, used] of text.matchAll(/uses: ([\w.-]+\/perf-gate)@/g)) expect(used, file).toBe(named);
      for (const [, linked] of text.matchAll(/github\.com\/([\w.-]+\/perf-gate)\b/g)) expect(linked, file).toBe(named);
    }
  });
});

describe('a generated block', () => {
  const page = 'Prose.\n\n<!-- generated:table -->\nold\n<!-- /generated -->\n\nMore prose.\n';

  it('is replaced between its markers, and the prose around it is kept', () => {
    expect(fillGenerated(page, { table: '| a |\n' }, 'x.md')).toBe('Prose.\n\n<!-- generated:table -->\n| a |\n<!-- /generated -->\n\nMore prose.\n');
  });

  it('must be on the page, must have a source, and must be closed', () => {
    expect(() => fillGenerated(page, { table: '', other: '' }, 'x.md')).toThrow('x.md: no marker for the block "other"');
    expect(() => fillGenerated(page, {}, 'x.md')).toThrow('x.md: no generator for the block "table"');
    expect(() => fillGenerated(`<!-- generated:first -->\n${page}`, { first: '', table: '' }, 'x.md')).toThrow('has no "<!-- /generated -->" line after it');
  });
});

describe('a table cell', () => {
  it('stays one cell: pipes escaped, in code too; "<" escaped outside code only, where it would open an HTML tag', () => {
    expect(cell('a | b\nc `x|<y>` <suite>')).toBe('a \\| b c `x\\|<y>` &lt;suite>');
  });
});
