import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The headless Chromium the browser tests drive (see test/helpers/browser.ts). */
    chromium: string;
  }
}

/**
 * Vitest's global setup: finds the browser once, before any test file starts.
 *
 * The browser comes with `npm ci`: @sparticuz/chromium ships a headless Chromium inside its npm
 * package, Brotli-compressed, with no download from another host (the machines and many runners
 * reach the npm registry only, so puppeteer's and playwright's own browser downloads fail). It
 * inflates the binary into os.tmpdir(), and trusts whatever `chromium` it finds there; so it
 * inflates here into a fresh folder that is renamed into place only when complete, under
 * node_modules/ (which `npm ci` empties) and named by the package's version: an interrupted
 * extraction, another version, or a second test run extracting at the same moment can never hand
 * a test a half-written or foreign binary. PERF_GATE_CHROMIUM names another browser.
 */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('chromium', process.env.PERF_GATE_CHROMIUM || (await bundledChromium()));
}

async function bundledChromium(): Promise<string> {
  const { root, version } = await packageOf(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  const cache = join(root, '..', '..', '.cache', 'perf-gate');
  const home = join(cache, `chromium-${version}`);
  if (existsSync(join(home, 'chromium'))) return join(home, 'chromium');

  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(join(cache, `.chromium-${version}-`));
  const tmpdir = process.env.TMPDIR;
  try {
    // The package reads os.tmpdir() when it inflates, and os.tmpdir() reads TMPDIR on each call.
    process.env.TMPDIR = staging;
    const { default: chromium } = await import('@sparticuz/chromium');
    await chromium.executablePath();
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  try {
    await rename(staging, home);
  } catch (error) {
    // A test run beside this one finished first: its copy is as good as ours.
    if (!existsSync(join(home, 'chromium'))) throw error;
    await rm(staging, { recursive: true, force: true });
  }
  return join(home, 'chromium');
}

/** The package's folder and version, from its entry point (its exports leave out package.json). */
async function packageOf(entry: string): Promise<{ root: string; version: string }> {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(await readFile(manifest, 'utf8')) as { name?: string; version: string };
    if (name === '@sparticuz/chromium') return { root: dir, version };
  }
  throw new Error(`@sparticuz/chromium: no package.json above ${entry}`);
}
