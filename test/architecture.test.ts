import { ESLint } from 'eslint';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layer order is written three times: LAYERS (which generates the lint rule), the folders of
 * src/, and the list in docs/architecture.md. These tests keep them one, and prove the rule
 * bites: a folder missing from LAYERS would escape it.
 */
const root = new URL('..', import.meta.url);
// A plain JavaScript config: imported by URL so the type checker does not ask for its types.
const { LAYERS } = (await import(new URL('eslint.config.js', root).href)) as { LAYERS: string[][] };
const order = LAYERS.flat();

describe('the layers', () => {
  it('name every folder of src/, once', async () => {
    const folders = (await readdir(new URL('src/', root), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect([...folders].sort()).toEqual([...order].sort());
  });

  it.each([
    ['docs/architecture.md', '## The layers'],
    ['README.md', '## Architecture'],
  ])('are listed in %s in the same order', async (file, heading) => {
    const page = await readFile(new URL(file, root), 'utf8');
    const section = page.slice(page.indexOf(heading));
    const listed = [...section.matchAll(/^src\/([a-z]+)\/ /gm)].map((m) => m[1]);
    expect(listed.slice(0, order.length)).toEqual(order);
  });

  it('fail lint on an import of any layer above, and of the other front door', async () => {
    const eslint = new ESLint({ cwd: new URL('.', root).pathname });
    const lint = async (from: string, to: string) => {
      const [result] = await eslint.lintText(`import { x } from '../${to}/anything.js';\nexport const y = x;\n`, {
        filePath: `src/${from}/probe.ts`,
      });
      return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
    };
    for (const [i, layer] of LAYERS.entries()) {
      for (const folder of layer) {
        for (const below of LAYERS.slice(0, i).flat()) expect(await lint(folder, below), `${folder} → ${below}`).toBe(0);
        for (const above of LAYERS.slice(i + 1).flat()) expect(await lint(folder, above), `${folder} → ${above}`).toBe(1);
        for (const peer of layer.filter((p) => p !== folder)) expect(await lint(folder, peer), `${folder} → ${peer}`).toBe(1);
      }
    }
  });
});

describe('the files of src/', () => {
  it('import no file that imports them back, directly or through others', async () => {
    const src = new URL('src/', root).pathname;
    const files = (await readdir(src, { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    const imports = new Map<string, string[]>();
    for (const file of files) {
      const { importedFiles } = ts.preProcessFile(await readFile(join(src, file), 'utf8'), true, true);
      const local = importedFiles.map((i) => i.fileName).filter((name) => name.startsWith('.'));
      imports.set(
        file,
        local.map((name) => join(dirname(file), name).replace(/\.js$/, '.ts')),
      );
    }
    expect(imports.get('load/engine.ts'), 'the imports are read').toContain('load/phase-run.ts');
    // Depth-first; a file met again while still on the path closes a circle.
    const circles: string[] = [];
    const done = new Set<string>();
    const visit = (file: string, path: string[]) => {
      if (path.includes(file)) return void circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      if (done.has(file)) return;
      for (const next of imports.get(file) ?? []) visit(next, [...path, file]);
      done.add(file);
    };
    for (const file of imports.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });
});
