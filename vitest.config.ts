import { defineConfig } from 'vitest/config';

/**
 * Two lanes that `npm test` (scripts/test.mjs) runs side by side, one file at a time each:
 * - `loopback`: files whose assertions rest on real-clock figures (latencies, rates, verdicts
 *   measured against loopback servers). One at a time, so they never compete with each other.
 * - `unit`: everything else (pure code, file formats, the API double, CLI runs whose assertions
 *   are exact counts, the readiness wait whose assertions are counts of whole-second polls). It keeps at most one core busy beside the loopback lane: the busy-core
 *   condition every loopback test is built to pass under (the 1-in-10,000 rule).
 */
const LOOPBACK = [
  'test/action/action.e2e.test.ts',
  'test/cli/gate.test.ts',
  'test/cli/stress.test.ts',
  'test/cli/workers.test.ts',
  'test/load/engine.test.ts',
  'test/load/stages.test.ts',
];

const shared = { testTimeout: 30_000, hookTimeout: 30_000, fileParallelism: false };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'loopback', include: LOOPBACK } },
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: LOOPBACK } },
    ],
  },
});
