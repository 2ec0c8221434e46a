import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type * as z from 'zod';
import { InputError } from '../errors.js';

/**
 * Writes JSON so a reader never sees half a file: a temp file beside the target, then a rename
 * (atomic on one file system). A crash mid-write leaves the old file as it was.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Reads and validates a versioned JSON file (`"schema": "perf-gate/…@N"`); every failure is an
 * InputError naming the file and the field.
 */
export async function readJsonFile<T>(file: string, schema: z.ZodType<T>, schemaId: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such ${what}` : `${file}: cannot read the ${what} (${code ?? 'unknown error'})`);
  }
  return parseVersionedJson(text, { where: file, schema, schemaId, what });
}

export interface VersionedJson<T> {
  /** Names the text in every message: a path, or a path on a branch or at a commit. */
  where: string;
  schema: z.ZodType<T>;
  schemaId: string;
  /** What the file is, e.g. "perf-gate baseline file". */
  what: string;
  /** Said after every failure, e.g. what to do about it. */
  hint?: string;
}

/**
 * Parses and validates the text of a versioned JSON file, wherever it was read from (a file, a
 * branch, a commit): every failure is an InputError naming `where` and the field. Another
 * version is named as such, not as a field error.
 */
export function parseVersionedJson<T>(text: string, { where, schema, schemaId, what, hint }: VersionedJson<T>): T {
  const fail = (message: string) => new InputError(`${where}: ${message}${hint === undefined ? '' : `; ${hint}`}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw fail(`not valid JSON (${(error as Error).message})`);
  }
  const found = typeof data === 'object' && data !== null ? (data as { schema?: unknown }).schema : undefined;
  if (found !== schemaId) {
    const seen = typeof found === 'string' ? `"${found.slice(0, 60)}"` : 'no "schema" field';
    throw fail(`not a ${what}: expected "schema": "${schemaId}", found ${seen}`);
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.slice(0, 10).map((issue) => {
    const field = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    return `  ${field || '(top level)'}: ${issue.message}`;
  });
  const more = parsed.error.issues.length > 10 ? `\n  … and ${parsed.error.issues.length - 10} more` : '';
  throw fail(`not a valid ${what}:\n${lines.join('\n')}${more}`);
}

/**
 * Checks, before any measuring, that `file` can be written: a measurement that ends on a path it
 * cannot write loses minutes of work. A missing directory is fine (writing creates it); a
 * directory, a device or other special file, a path under a file, or no permission is an
 * InputError naming the flag and the reason.
 */
export async function ensureWritable(file: string, what: string): Promise<void> {
  const found = await stat(file).catch((error: NodeJS.ErrnoException) => error);
  if (!(found instanceof Error)) {
    if (found.isDirectory()) throw new InputError(`${what} ${file}: is a directory; give a file path`);
    if (!found.isFile()) throw new InputError(`${what} ${file}: is a device or other special file, not a file perf-gate can replace`);
    await writable(file, what, file);
    return;
  }
  // ENOTDIR: a file stands where a directory of the path should; the walk below names it.
  if (found.code !== 'ENOENT' && found.code !== 'ENOTDIR') throw new InputError(`${what} ${file}: cannot be written (${found.code})`);
  // The nearest existing ancestor must be a directory perf-gate can create files in.
  let dir = dirname(resolve(file));
  for (;;) {
    const info = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
    if (!(info instanceof Error)) {
      if (!info.isDirectory()) throw new InputError(`${what} ${file}: ${dir} is a file, not a directory`);
      await writable(dir, what, file);
      await canCreateIn(dir, what, file);
      return;
    }
    if (info.code !== 'ENOENT' && info.code !== 'ENOTDIR')
      throw new InputError(`${what} ${file}: cannot be written (${info.code} on ${dir})`);
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

async function writable(path: string, what: string, file: string): Promise<void> {
  try {
    await access(path, constants.W_OK);
  } catch (error) {
    throw new InputError(
      `${what} ${file}: no permission to write${path === file ? '' : ` in ${path}`} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/**
 * Creates (and removes) a folder in `dir`: access() says yes to root even where the file system
 * refuses every new entry (/proc, /sys), and there the folders the write needs could never be
 * made (Node's recursive mkdir on /proc loops forever).
 */
async function canCreateIn(dir: string, what: string, file: string): Promise<void> {
  let probe: string;
  try {
    probe = await mkdtemp(join(dir, '.perf-gate-'));
  } catch (error) {
    throw new InputError(`${what} ${file}: nothing can be created in ${dir} (${(error as NodeJS.ErrnoException).code})`);
  }
  await rm(probe, { recursive: true, force: true });
}
