/** Reads a suite file (YAML, or JSON, which is YAML too) into a Suite, or fails with every issue located. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, isMap, isSeq, parseDocument, type YAMLError } from 'yaml';
import { ConfigError, InputError, errorMessage, type ConfigIssue } from '../errors.js';
import { interpolateSuite } from './interpolate.js';
import { resolveSuite } from './resolve.js';
import { dataFilesBeside, type DataFileReader } from './data.js';
import { crossCheck, suiteFileSchema } from './schema.js';
import { createLocator } from './source-map.js';
import type { Suite } from './suite.js';
import { fromZodIssue, genericMessage } from './zod-issues.js';

export async function loadSuiteFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Suite> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: ${readFailure(file, error)}`);
  }
  return parseSuite(text, file, env);
}

/** `dataFiles` reads the suite's data files (default: from the disk, next to `file`). */
export function parseSuite(text: string, file: string, env: NodeJS.ProcessEnv, dataFiles: DataFileReader = dataFilesBeside(file)): Suite {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlProblems = [...doc.errors, ...doc.warnings];
  if (yamlProblems.length > 0) throw new ConfigError(yamlIssues(yamlProblems, text, file, lineCounter));

  const whole = (message: string, line = 0, column = 0): ConfigError => new ConfigError([{ file, line, column, field: '', message }]);
  if (doc.contents === null) {
    throw whole('the file is empty; a suite needs at least version: 1 and a list of scenarios');
  }
  if (!isMap(doc.contents)) {
    const { line, col } = lineCounter.linePos(doc.contents.range?.[0] ?? 0);
    const found = isSeq(doc.contents) ? 'a list' : 'a single value';
    throw whole(`expected a mapping (key: value lines) at the top of the file, found ${found}`, line, col);
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // e.g. yaml's guard against alias bombs.
    throw whole(`cannot read the YAML: ${errorMessage(error)}`);
  }

  const locator = createLocator(doc, lineCounter, file);
  const interpolated = interpolateSuite(raw, env);
  const problems = [...interpolated.issues, ...crossCheck(raw)];
  const parsed = suiteFileSchema.safeParse(raw, { reportInput: true, error: genericMessage });
  if (!parsed.success) problems.push(...parsed.error.issues.flatMap((issue) => fromZodIssue(issue, suiteFileSchema)));
  // Templates are compiled once the file is valid, and their problems reported with the rest.
  const resolved = parsed.success ? resolveSuite(parsed.data, file, dataFiles, locator.line) : undefined;
  if (resolved !== undefined && 'issues' in resolved) problems.push(...resolved.issues);
  if (problems.length > 0 || resolved === undefined || 'issues' in resolved) throw new ConfigError(byPlace(problems.map(locator.issue)));
  return { ...resolved.suite, secrets: interpolated.secrets };
}

function byPlace(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * One issue per line: a single slip often confuses the YAML parser for the rest of the line.
 * `${{` in a flow mapping is the likely slip in a suite file, so say so where it happens.
 */
function yamlIssues(errors: YAMLError[], text: string, file: string, lineCounter: LineCounter): ConfigIssue[] {
  const lines = text.split(/\r?\n/);
  const issues = new Map<number, ConfigIssue>();
  for (const error of errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    if (issues.has(line)) continue;
    let message = error.code === 'MULTIPLE_DOCS' ? 'expected one YAML document, found more (---)' : error.message;
    if (lines[line - 1]?.includes('${{')) {
      message += '; in YAML, a value containing ${{ inside { ... } must be quoted: "Bearer ${{ env.TOKEN }}"';
    }
    issues.set(line, { file, line, column: col, field: '', message });
  }
  return byPlace([...issues.values()]);
}

function readFailure(file: string, error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `no such file (looked for ${resolve(file)})`;
    case 'EISDIR':
      return 'is a directory, not a suite file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read the file: ${errorMessage(error)}`;
  }
}
