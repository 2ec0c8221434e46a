import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface ScratchDir {
  /** The folder's path, once the tests have started. */
  readonly path: string;
  /** A path inside the folder. */
  file(...parts: string[]): string;
  /** Writes `text` (a suite, a data file) to `name` in the folder, and gives back its path. */
  write(name: string, text: string): Promise<string>;
}

/**
 * A temporary folder (`perf-gate-<name>-…`) for the tests of a file or a describe block: made before
 * them, removed with all it holds after them. Call it before the hooks that write into it: its
 * afterAll then runs after theirs.
 */
export function useScratchDir(name: string): ScratchDir {
  let path = '';
  beforeAll(async () => {
    path = await mkdtemp(join(tmpdir(), `perf-gate-${name}-`));
  });
  afterAll(() => rm(path, { recursive: true, force: true }));
  return {
    get path() {
      return path;
    },
    file: (...parts) => join(path, ...parts),
    async write(name, text) {
      const file = join(path, name);
      await writeFile(file, text);
      return file;
    },
  };
}
