// Builds dist/ (the bundled action and CLI) and perf-gate.schema.json.
// `--check` builds into a temporary folder and fails if the committed files differ; it writes nothing.
// `--analyze` also prints what each bundle holds, largest first (esbuild's metafile).
//
// Each front door is its own build, split into chunks (ESM code splitting): the entry file holds only
// what every start needs, and a command's code is a chunk it imports when it runs (dist/cli/ for the
// CLI, dist/action/ for the action), so `perf-gate --version` and `--help` load a few kilobytes, not
// the load engine. Chunk names carry a hash of their contents, so a fresh build names them the same.
import { analyzeMetafile, build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const analyze = process.argv.includes('--analyze');
const outRoot = check ? await mkdtemp(join(tmpdir(), 'perf-gate-build-')) : root;
const outDir = join(outRoot, 'dist');
const require = createRequire(import.meta.url);

/** The front doors: the CLI (package.json `bin`, published to npm) and the action (action.yml `runs.main`). */
const FRONT_DOORS = [
  { entry: 'src/cli.ts', name: 'cli', chunks: 'cli' },
  { entry: 'src/index.ts', name: 'index', chunks: 'action' },
];

await rm(outDir, { recursive: true, force: true });
for (const door of FRONT_DOORS) {
  const result = await build({
    entryPoints: { [door.name]: join(root, door.entry) },
    // Built for dist/ in the project even with --check, and written below: the source maps name
    // the sources relative to dist/, and a chunk's name is a hash that covers its map.
    outdir: join(root, 'dist'),
    write: false,
    chunkNames: `${door.chunks}/[name]-[hash]`,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.18',
    // Bundled CommonJS dependencies call require(); ESM output has none unless we make one (in each file that needs it).
    banner: {
      js: "import { createRequire as __perfGateCreateRequire } from 'node:module';\nconst require = __perfGateCreateRequire(import.meta.url);",
    },
    // Whitespace and syntax only: names stay as written, so a stack trace names its functions and
    // classes (and error classes keep their names). Each file links its source map (positions only,
    // no sources inside); the entries turn maps on when a stack trace is to be shown (PERF_GATE_DEBUG,
    // a debug run of the workflow), as they cost Node 20 a sixth more start-up.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [rawText(), sideEffectFree()],
  });
  for (const file of result.outputFiles) {
    const path = join(outDir, relative(join(root, 'dist'), file.path));
    await mkdir(dirname(path), { recursive: true });
    // The CLI's entry starts with #!: executable, as npm links it for `bin`.
    await writeFile(path, file.contents, { mode: file.text.startsWith('#!') ? 0o755 : 0o644 });
  }
  if (analyze) console.log(await analyzeMetafile(result.metafile));
}

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
  return {
    name: 'raw-text',
    setup(build) {
      // Paths relative to the project: esbuild writes them into the bundle, which must not depend on where the clone is.
      build.onResolve({ filter: /\?raw$/ }, (args) => ({
        path: relative(root, require.resolve(args.path.slice(0, -'?raw'.length), { paths: [args.resolveDir] })),
        namespace: 'raw-text',
      }));
      build.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
        contents: await readFile(join(root, args.path), 'utf8'),
        loader: 'text',
      }));
    },
  };
}

/**
 * @actions/core imports @actions/http-client (and so undici) for OIDC tokens, which perf-gate never
 * asks for: neither package does anything when loaded, and told so, esbuild leaves out what is unused.
 */
function sideEffectFree() {
  return {
    name: 'side-effect-free',
    setup(build) {
      build.onResolve({ filter: /^@actions\/(core|http-client)(\/|$)/ }, async (args) => {
        if (args.pluginData?.sideEffectFree) return undefined;
        const { path, external, namespace, errors } = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { sideEffectFree: true },
        });
        return errors.length > 0 ? { errors } : { path, external, namespace, sideEffects: false };
      });
    },
  };
}

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

async function readOrNull(file) {
  return readFile(file).catch(() => null);
}
