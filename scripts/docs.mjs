// Regenerates the generated parts of the docs pages (between <!-- generated:NAME --> and
// <!-- /generated -->) from their one source each: action.yml, the CLI's manuals, the suite
// file's schema. The prose around them is left as written. test/docs.test.ts fails when a page
// differs from what this would write.
//   npm run docs
import { build } from 'esbuild';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;

// The generator is TypeScript beside the sources it reads: bundled as the build bundles the CLI
// (bundled CommonJS dependencies get a require), into a temporary folder, and imported from there.
const out = await mkdtemp(join(tmpdir(), 'perf-gate-docs-'));
let renderDocs;
try {
  await build({
    entryPoints: [join(root, 'scripts/docs/generate.ts')],
    outfile: join(out, 'generate.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.18',
    banner: { js: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  ({ renderDocs } = await import(pathToFileURL(join(out, 'generate.mjs')).href));
} finally {
  await rm(out, { recursive: true, force: true });
}

for (const { file, text } of await renderDocs(root)) {
  const path = join(root, file);
  if ((await readFile(path, 'utf8')) === text) continue;
  await writeFile(path, text);
  console.log(`wrote ${file}`);
}
