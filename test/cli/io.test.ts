import { describe, expect, it } from 'vitest';
import { stdoutColor } from '../../src/cli/io.js';

describe('colour on stdout', () => {
  const on = (stdoutIsTty: boolean, env: NodeJS.ProcessEnv) => stdoutColor({ stdoutIsTty, env });

  it('on a terminal, unless NO_COLOR is set or TERM is dumb', () => {
    expect(on(true, {})).toBe(true);
    expect(on(true, { NO_COLOR: '1' })).toBe(false);
    // NO_COLOR set but empty does not count (no-color.org).
    expect(on(true, { NO_COLOR: '' })).toBe(true);
    expect(on(true, { TERM: 'dumb' })).toBe(false);
  });

  it('never into a pipe or a file, unless FORCE_COLOR asks, which wins over NO_COLOR as in Node', () => {
    expect(on(false, {})).toBe(false);
    expect(on(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(on(false, { FORCE_COLOR: '' })).toBe(true);
    expect(on(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(on(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(on(true, { FORCE_COLOR: 'false' })).toBe(false);
  });
});
