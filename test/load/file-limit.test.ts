import { describe, expect, it } from 'vitest';
import { FileLimitError } from '../../src/errors.js';
import { assertFileRoom, openFileLimit } from '../../src/load/file-limit.js';
import { closed, open, scenario, suite } from '../helpers/scenarios.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 4096                 files
Max locked memory         8388608              8388608              bytes
`;

/** The error assertFileRoom throws, or undefined when the run fits. */
function refusal(run: () => void): FileLimitError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof FileLimitError) return error;
    throw error;
  }
}

describe('the open-file limit', () => {
  it('is read from /proc/self/limits as Linux writes it, and is unknown where there is no such file', () => {
    expect(openFileLimit(() => LIMITS)).toEqual({ soft: 1024, hard: 4096 });
    expect(openFileLimit(() => LIMITS.replace('1024                 4096', 'unlimited            unlimited'))).toEqual({
      soft: Infinity,
      hard: Infinity,
    });
    expect(
      openFileLimit(() => {
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      }),
    ).toBeUndefined();
  });

  it("leaves room for every scenario's connections at once, with 64 files of perf-gate's own", () => {
    const two = suite([scenario('a', closed(600, 1_000)), scenario('b', open(100, 1_000, 336))]);
    expect(refusal(() => assertFileRoom(two, 1, 1, { soft: 1_000, hard: 1_000 }))).toBeUndefined();
    const refused = refusal(() => assertFileRoom(two, 1, 1, { soft: 999, hard: 4_096 }));
    expect(refused?.message).toContain('this run holds up to 936 connections open at once (scenario "a" 600, "b" 336)');
    expect(refused?.message).toContain('needs about 1,000 open files with its own, but this process may open only 999');
    expect(refused?.message).toContain('`ulimit -n 1000` in the shell or the CI step before it (its hard limit, 4,096, allows that)');
    expect(refusal(() => assertFileRoom(two, 1, 1, { soft: 999, hard: 999 }))?.message).toContain(
      'Its hard limit is 999, which only root can raise: `ulimit -n 1000` as root',
    );
    expect(refused?.exitCode).toBe(2);
    expect(refused?.code).toBe('PG_FILE_LIMIT');
  });

  it('counts both deployments of an A/B run, and the files of each worker thread', () => {
    const one = suite([scenario('a', closed(400, 1_000))]);
    expect(refusal(() => assertFileRoom(one, 2, 1, { soft: 863, hard: 863 }))?.message).toContain(
      'up to 800 connections open at once (scenario "a" 800; for each of the two deployments)',
    );
    expect(refusal(() => assertFileRoom(one, 2, 1, { soft: 864, hard: 864 }))).toBeUndefined();
    // Four threads: 400 connections split exactly, and 4 × 8 files of the threads' own.
    expect(refusal(() => assertFileRoom(one, 1, 4, { soft: 495, hard: 495 }))?.message).toContain('needs about 496 open files');
    expect(refusal(() => assertFileRoom(one, 1, 4, { soft: 496, hard: 496 }))).toBeUndefined();
  });

  it('names the three largest scenarios, and says how many more there are', () => {
    const many = suite([10, 50, 20, 40, 30].map((n, i) => scenario(`s${i}`, closed(n, 1_000))));
    expect(refusal(() => assertFileRoom(many, 1, 1, { soft: 100, hard: 100 }))?.message).toContain(
      '(scenario "s1" 50, "s3" 40, "s4" 30, 2 more)',
    );
  });

  it('is not checked where the limit cannot be read', () => {
    expect(refusal(() => assertFileRoom(suite([scenario('a', closed(10_000, 1_000))]), 1, 1, undefined))).toBeUndefined();
  });
});
