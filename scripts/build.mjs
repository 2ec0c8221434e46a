// Builds dist/ (the bundled action and CLI) and perf-gate.schema.json.
// `--check` builds into a temporary folder and fails if the committed files differ; it writes nothing.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const outRoot = check ? await mkdtemp(join(tmpdir(), 'perf-gate-build-')) : root;
const outDir = join(outRoot, 'dist');

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
await build({
  entryPoints: { index: join(root, 'src/index.ts'), cli: join(root, 'src/cli.ts') },
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.18',
  // Bundled CommonJS dependencies call require(); ESM output has none unless we make one.
  banner: { js: "import { createRequire as __perfGateCreateRequire } from 'node:module';\nconst require = __perfGateCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [rawText()],
});

// The schema comes from the built CLI itself, so it can never drift from what the CLI accepts.
const schema = execFileSync(process.execPath, [join(outDir, 'cli.js'), 'schema'], { encoding: 'utf8' });
await writeFile(join(outRoot, 'perf-gate.schema.json'), schema);

if (check) {
  const built = [...(await listFiles(outDir)).map((f) => join('dist', relative(outDir, f))), 'perf-gate.schema.json'];
  const committed = (await listFiles(join(root, 'dist'))).map((f) => join('dist', relative(join(root, 'dist'), f)));
  const differing = [];
  for (const file of new Set([...built, ...committed])) {
    const [fresh, current] = await Promise.all([readOrNull(join(outRoot, file)), readOrNull(join(root, file))]);
    if (fresh === null || current === null || !fresh.equals(current)) differing.push(file);
  }
  await rm(outRoot, { recursive: true, force: true });
  if (differing.length > 0) {
    console.error(`dist/ does not match a fresh build; run "npm run build" and commit:\n  ${differing.join('\n  ')}`);
    process.exit(1);
  }
  console.log('dist/ and perf-gate.schema.json match a fresh build');
}

/** `import text from 'pkg/file?raw'`: the file's contents as a string (the HTML report inlines its chart library). */
function rawText() {
  const require = createRequire(import.meta.url);
  return {
    name: 'raw-text',
    setup(build) {
      // Paths relative to the project: esbuild writes them into the bundle, which must not depend on where the clone is.
      build.onResolve({ filter: /\?raw$/ }, (args) => ({ path: relative(root, require.resolve(args.path.slice(0, -'?raw'.length), { paths: [args.resolveDir] })), namespace: 'raw-text' }));
      build.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({ contents: await readFile(join(root, args.path), 'utf8'), loader: 'text' }));
    },
  };
}

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name)).sort();
}

async function readOrNull(file) {
  return readFile(file).catch(() => null);
}
