/**
 * `npm run bench:workers`: how perf-gate's throughput scales with --workers, side by side in
 * one run: 1, 2 and 4 worker threads in turn (A B C A B C …) against the raw target, 40
 * connections, and each count's median req/s over the median for one thread.
 *
 *   node bench/workers.mjs [--duration 5] [--reps 3]
 *
 * The target runs in its own process on the same machine: on a machine with few cores the
 * target and the workers compete, and the ratio shows that rather than the engine's own scaling.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { PERF_GATE_CLI } from './generators.mjs';
import { runCommand, startServer } from './processes.mjs';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '5' }, reps: { type: 'string', default: '3' } } });
const durationS = Number(values.duration);
const reps = Number(values.reps);
const COUNTS = [1, 2, 4];
const CONNECTIONS = 40;

const dir = await mkdtemp(join(tmpdir(), 'perf-gate-bench-workers-'));
const server = await startServer(fileURLToPath(new URL('targets/raw.mjs', import.meta.url)));
try {
  const suite = join(dir, 'suite.yml');
  await writeFile(
    suite,
    `version: 1\ndefaults: { warmup: 1s, rounds: 1, timeout: 5s }\nscenarios:\n  - name: raw\n    request: { path: / }\n    load: { connections: ${CONNECTIONS}, duration: ${durationS}s }\n`,
  );
  const rps = Object.fromEntries(COUNTS.map((n) => [n, []]));
  for (let rep = 1; rep <= reps; rep++) {
    for (const workers of COUNTS) {
      const out = join(dir, `w${workers}.json`);
      const args = [PERF_GATE_CLI, 'run', '-c', suite, '-t', server.url, '--workers', String(workers), '-o', out, '--progress', 'none'];
      const result = await runCommand(process.execPath, args, { timeoutMs: durationS * 1000 + 30_000 });
      if (result.code !== 0) throw new Error(`perf-gate --workers ${workers} exited ${result.code}: ${result.stderr.trim().split('\n').at(-1)}`);
      const value = JSON.parse(await readFile(out, 'utf8')).scenarios[0].rounds[0].rps;
      rps[workers].push(value);
      console.error(`rep ${rep}/${reps}: --workers ${workers}: ${Math.round(value).toLocaleString('en-US')} req/s`);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`Node ${process.version}, ${cpus()[0]?.model.trim()}, ${availableParallelism()} CPUs; ${CONNECTIONS} connections, ${durationS} s x ${reps} reps`);
  console.log('workers  median req/s  vs 1 worker');
  for (const workers of COUNTS) {
    console.log(`${String(workers).padStart(7)}  ${Math.round(median(rps[workers])).toLocaleString('en-US').padStart(12)}  ${(median(rps[workers]) / median(rps[1])).toFixed(2).padStart(11)}`);
  }
} finally {
  server.stop();
  await rm(dir, { recursive: true, force: true });
}
