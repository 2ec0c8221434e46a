import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One file at a time. The loopback files measure on a real clock, and a stored-baseline test
    // compares runs measured seconds apart: another file starting or ending beside it changes the
    // machine between its runs (tried: two lanes side by side made an unchanged run read 13 %
    // faster than its baseline, and left a +55 % slowdown undecided once in CI).
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
