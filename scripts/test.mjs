// `npm test`: the two lanes of vitest.config.ts side by side, one vitest process each. Vitest
// itself runs projects that allow one worker each one after the other, and the point of the lanes
// is that a unit file and a loopback file run at the same time (see vitest.config.ts).
// Arguments go to both lanes (file filters, -t): `npm test -- test/cli`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const args = process.argv.slice(2);

function lane(name, { buffered }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', '--project', name, '--passWithNoTests', ...args], {
      stdio: ['ignore', buffered ? 'pipe' : 'inherit', buffered ? 'pipe' : 'inherit'],
    });
    // The unit lane yields the CPU to the loopback lane, whose files measure on a real clock; it
    // still ends well before it.
    if (buffered && child.pid !== undefined) setPriority(child.pid, 10);
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
const codes = await Promise.all([lane('loopback', { buffered: false }), lane('unit', { buffered: true })]);
process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;
