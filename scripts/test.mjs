// `npm test`: the two lanes of vitest.config.ts side by side, one vitest process each. Vitest
// itself runs projects that allow one worker each one after the other, and the point of the lanes
// is that a unit file and a loopback file run at the same time (see vitest.config.ts).
// Arguments go to both lanes (file filters, -t): `npm test -- test/cli`. A JSON report
// (`--outputFile.json=FILE`) is written per lane and merged into FILE.
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const given = process.argv.slice(2);
const jsonOption = given.find((arg) => arg.startsWith('--outputFile.json='));
const jsonFile = jsonOption?.slice('--outputFile.json='.length);
const laneJson = (name) => `${jsonFile}.${name}`;
const argsFor = (name) => given.map((arg) => (arg === jsonOption ? `--outputFile.json=${laneJson(name)}` : arg));

function lane(name, { buffered }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', '--project', name, '--passWithNoTests', ...argsFor(name)], {
      stdio: ['ignore', buffered ? 'pipe' : 'inherit', buffered ? 'pipe' : 'inherit'],
    });
    // The unit lane yields the CPU to the loopback lane, whose files measure on a real clock; it
    // still ends well before it.
    if (buffered && child.pid !== undefined) setPriority(child.pid, 19);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => {
      // The unit lane's report is printed whole when it ends, so the two never interleave mid-line.
      if (buffered) process.stdout.write(`\n── lane ${name} ──\n${output}`);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

console.log('perf-gate tests: lanes loopback (real-clock measurements, one file at a time) and unit (the rest) side by side');
const lanes = ['loopback', 'unit'];
const codes = await Promise.all(lanes.map((name, i) => lane(name, { buffered: i > 0 })));
if (jsonFile !== undefined) await mergeJsonReports();
process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;

/** The lanes' JSON reports as one: counts added, test results listed, success only if both succeeded. */
async function mergeJsonReports() {
  const reports = await Promise.all(lanes.map(async (name) => JSON.parse(await readFile(laneJson(name), 'utf8'))));
  const merged = { ...reports[0], testResults: reports.flatMap((r) => r.testResults ?? []), success: reports.every((r) => r.success) };
  for (const key of Object.keys(merged)) {
    if (typeof merged[key] === 'number' && key.startsWith('num')) merged[key] = reports.reduce((sum, r) => sum + (r[key] ?? 0), 0);
  }
  await writeFile(jsonFile, JSON.stringify(merged));
  await Promise.all(lanes.map((name) => rm(laneJson(name), { force: true })));
}
