import { defineConfig } from 'vitest/config';

// Files that measure on a real clock (loopback load, the action's runs whose assertions rest on a
// measured verdict) run one at a time, after everything else: another file starting or ending
// beside them changes the machine between the runs they compare (tried: two lanes side by side
// made an unchanged run read 13 % faster than its baseline, and left a +55 % slowdown undecided
// once in CI). The rest runs first, four files at a time, and is over before the first
// measurement starts (sequence.groupOrder): pure code, parsing, the GitHub double, the browser,
// and the files that drive real servers but assert only outcomes (statuses, bytes, merges, exit
// codes, what was recorded or reached the API: the globs below leave them out), which a busy
// machine does not change: a neighbour slows them down, it does not make them wrong. Many of them
// mostly wait (on servers, timers, child processes), hence four workers on two cores (measured on
// 2 cores: 70 s for this phase against 76–83 s with three).
// test/pipeline/service-cost.test.ts is among them: it judges CPU time and memory, not latency.
const MEASURING = [
  'test/action/action.e2e.test.ts',
  'test/cli/!(dist|file-limit|help|package|record-command|report-command|shards).test.ts',
  'test/load/!(capture|deadline|error-class|file-limit|flow-memory|http1-differential|http1-response-parser|lean-vs-undici|pauses|prometheus-text|round-order|schedule|worker-engine).test.ts',
];

export default defineConfig({
  test: {
    // Vitest stubs CSS imports to "" unless told: the HTML report inlines uPlot's stylesheet as text.
    css: { include: [/uPlot\.min\.css/] },
    // Finds the headless Chromium that `npm ci` installs, once, before any file starts.
    globalSetup: ['test/browser-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        // Vitest's default is one worker fewer than the cores: one, on a 2-core runner.
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: MEASURING,
          maxWorkers: 4,
          pool: 'threads',
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'measuring',
          include: MEASURING,
          fileParallelism: false,
          pool: 'threads',
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
