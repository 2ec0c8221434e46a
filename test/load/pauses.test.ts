import { describe, expect, it } from 'vitest';
import { Pauses } from '../../src/load/pauses.js';
import { manualClock } from '../helpers/manual-clock.js';

describe('the pauses of a phase', () => {
  it('wake each job once its time has passed, never before, with the time it was woken', () => {
    const { clock, advance } = manualClock();
    const pauses = new Pauses(clock);
    const woken: { job: string; at: number }[] = [];
    const job = (name: string) => ({ resume: (at: number) => woken.push({ job: name, at }) });
    pauses.wait(job('a'), 1_000);
    advance(0.4);
    pauses.wait(job('b'), 1_000);
    pauses.wait(job('short'), 300);
    advance(999);
    expect(woken).toEqual([{ job: 'short', at: 300.4 }]);
    advance(0.6);
    expect(woken.map((w) => w.job)).toEqual(['short', 'a']);
    advance(5);
    // b was due at 1,000.4: the timer runs on whole milliseconds, so it wakes at 1,001, not before.
    expect(woken).toEqual([
      { job: 'short', at: 300.4 },
      { job: 'a', at: 1_000 },
      { job: 'b', at: 1_001 },
    ]);
  });

  it('give each job woken together its own time, after the jobs before it have sent their requests', () => {
    const { clock, advance } = manualClock();
    // Each resumed job sends a request, which takes the generator 10 µs.
    let sending = 0;
    const pauses = new Pauses({ ...clock, now: () => clock.now() + sending });
    const woken: number[] = [];
    const job = { resume: (at: number) => (woken.push(at), (sending += 0.01)) };
    for (let i = 0; i < 3; i++) pauses.wait(job, 1);
    advance(1);
    // The time a job waits on those before it is the generator's: left out of its latency.
    expect(woken.map((at) => Math.round(at * 1_000))).toEqual([1_000, 1_010, 1_020]);
  });

  it('keep one timer per pause length, however many jobs wait, and take back a job that pauses again', () => {
    const { clock, advance, pending } = manualClock();
    const pauses = new Pauses(clock);
    let resumed = 0;
    // 10,000 users, one starting every 0.1 ms, each pausing 1 s again and again.
    const user = { resume: () => ((resumed += 1), pauses.wait(user, 1_000)) };
    let most = 0;
    for (let i = 0; i < 10_000; i++) {
      pauses.wait(user, 1_000);
      advance(0.1);
      most = Math.max(most, pending());
    }
    for (let ms = 0; ms < 5_000; ms++) {
      advance(1);
      most = Math.max(most, pending());
    }
    expect(most).toBe(1);
    // By 6 s each user, started within the first second, has ended five pauses of 1 s: a few of
    // the last to start, woken up to 1 ms late each time, only four, and the first, started at 0
    // on a whole millisecond and never late, six.
    expect(resumed).toBeGreaterThan(49_000);
    expect(resumed).toBeLessThanOrEqual(50_001);
  });
});
