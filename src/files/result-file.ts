import { readJsonFile, writeJsonAtomic } from './json-file.js';
import { RESULT_SCHEMA, RunResultSchema, type RunResult } from '../result/result.js';

export function writeResultFile(file: string, result: RunResult): Promise<void> {
  return writeJsonAtomic(file, result);
}

export async function readResultFile(file: string): Promise<RunResult> {
  return readJsonFile(file, RunResultSchema, RESULT_SCHEMA, 'perf-gate result file');
}
