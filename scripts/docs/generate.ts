import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suiteJsonSchema } from '../../src/config/json-schema.js';
import { actionReference } from './action-reference.js';
import { cliReference } from './cli-reference.js';
import { fillGenerated } from './markers.js';
import { suiteReference } from './suite-reference.js';

/** A docs page as its sources make it. */
export interface Page {
  /** Relative to the project's root. */
  file: string;
  text: string;
}

/**
 * Every docs page with generated parts, as its sources make it today: the prose as written,
 * each generated block from its one source (action.yml, the CLI's manuals, the suite file's
 * schema). Writes nothing: `npm run docs` writes what differs, and a test fails on it.
 */
export async function renderDocs(root: string): Promise<Page[]> {
  const sources: Record<string, Record<string, string>> = {
    'docs/action.md': actionReference(await readFile(join(root, 'action.yml'), 'utf8')),
    'docs/cli.md': cliReference(),
    'docs/suite-file.md': suiteReference(suiteJsonSchema()),
  };
  return Promise.all(
    Object.entries(sources).map(async ([file, blocks]) => ({
      file,
      text: fillGenerated(await readFile(join(root, file), 'utf8'), blocks, file),
    })),
  );
}
