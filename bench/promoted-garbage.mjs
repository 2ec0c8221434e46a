/**
 * Where a process's old-generation garbage comes from: a preload that samples allocations with
 * V8's heap profiler for the whole run, keeping the objects a full (major) collection freed and
 * dropping those a scavenge freed, and prints, at exit, the allocation sites of what was kept
 * (objects still live at the end are in the figures too), by their size. Garbage that outlives
 * the young generation is what grows a long run's heap between full collections: the allocation
 * sites it names are the objects a hot loop holds too long.
 *
 *   node --import ./bench/promoted-garbage.mjs dist/cli.js run -c suite.yml -t URL
 *   PROMOTED_GARBAGE_OUT=sites.txt node --import ./bench/promoted-garbage.mjs dist/cli.js …
 *
 * The sites are in the bundle (dist/cli/*.js, whose code is on a few long lines: read the
 * function names). Sampling every 4 kB of allocation costs a few per cent of CPU.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const TOP = 30;
const session = new Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', {
  samplingInterval: 4096,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: false,
});

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) return void process.stderr.write(`promoted-garbage: ${error.message}\n`);
    const bySite = new Map();
    const walk = (node, callers) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const stack = [`${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`, ...callers].slice(0, 4);
      const site = stack.join(' < ');
      if (node.selfSize > 0) bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      for (const child of node.children) walk(child, stack);
    };
    walk(result.profile.head, []);
    const total = [...bySite.values()].reduce((sum, bytes) => sum + bytes, 0);
    const mib = (bytes) => (bytes / 2 ** 20).toFixed(1).padStart(7);
    const lines = [...bySite]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([site, bytes]) => `${mib(bytes)} MiB ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${site}`);
    const text = `promoted-garbage: ${mib(total).trim()} MiB sampled, the largest sites (allocated at < called from):\n${lines.join('\n')}\n`;
    if (process.env.PROMOTED_GARBAGE_OUT) writeFileSync(process.env.PROMOTED_GARBAGE_OUT, text);
    else process.stderr.write(text);
  });
}
process.on('beforeExit', report);
process.on('exit', report);
