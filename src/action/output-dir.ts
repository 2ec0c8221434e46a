import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the action writes its files (results, reports): perf-gate/ in the runner's temp directory, made if missing. */
export async function outputDir(): Promise<string> {
  const dir = join(process.env.RUNNER_TEMP ?? tmpdir(), 'perf-gate');
  await mkdir(dir, { recursive: true });
  return dir;
}
