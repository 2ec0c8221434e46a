import { defineConfig } from 'vitest/config';

// Files that measure on a real clock (loopback load, the action end to end) run one at a time,
// after everything else: another file starting or ending beside them changes the machine between
// the runs they compare (tried: two lanes side by side made an unchanged run read 13 % faster than
// its baseline, and left a +55 % slowdown undecided once in CI). The rest (pure code, parsing,
// the GitHub double without timing) runs first, two files at a time, and is over before the first
// measurement starts (sequence.groupOrder). test/gate/service-cost.test.ts is among them: it runs
// real services, but judges their CPU time and memory, which work beside them does not change.
const MEASURING = ['test/action/action.e2e.test.ts', 'test/cli/**/*.test.ts', 'test/load/**/*.test.ts'];

export default defineConfig({
  test: {
    // Vitest stubs CSS imports to "" unless told: the HTML report inlines uPlot's stylesheet as text.
    css: { include: [/uPlot\.min\.css/] },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        // Vitest's default is one worker fewer than the cores: one, on a 2-core runner.
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: MEASURING, maxWorkers: 2, pool: 'threads', isolate: false, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'measuring', include: MEASURING, fileParallelism: false, pool: 'threads', isolate: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
