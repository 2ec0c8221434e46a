import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/load/clock.js';
import { RESPONSE_TIMEOUT_CODE, ResponseDeadlines, type Expirable } from '../../src/load/deadline.js';
import { manualClock } from '../helpers/manual-clock.js';

/** An exchange as the watchdog sees it: when it was sent, and the codes it was ended with. */
function exchange(clock: Clock) {
  const ended: string[] = [];
  const job = {
    sentAt: 0,
    send: () => (job.sentAt = clock.now()),
    expire: (error: Error & { code?: string }) => ended.push(error.code ?? ''),
    ended,
  } satisfies Expirable & Record<string, unknown>;
  return job;
}

describe('the response deadlines', () => {
  it('end an exchange once its timeout has passed since its send, and not before', () => {
    const { clock, advance } = manualClock();
    const deadlines = new ResponseDeadlines(clock, 1_000);
    deadlines.start();
    const slow = exchange(clock);
    slow.send();
    deadlines.track(slow);
    advance(950);
    expect(slow.ended).toEqual([]);
    advance(100);
    expect(slow.ended).toEqual([RESPONSE_TIMEOUT_CODE]);
    advance(5_000);
    expect(slow.ended).toHaveLength(1);
    deadlines.stop();
  });

  it('count each send of a reused exchange from that send, and leave an answered one alone', () => {
    const { clock, advance } = manualClock();
    const deadlines = new ResponseDeadlines(clock, 1_000);
    deadlines.start();
    const reused = exchange(clock);
    // Ten requests of 900 ms each on one connection: 9 s in all, none of them late.
    for (let i = 0; i < 10; i++) {
      reused.send();
      deadlines.track(reused);
      advance(900);
      deadlines.untrack(reused);
    }
    advance(5_000);
    expect(reused.ended).toEqual([]);
    reused.send();
    deadlines.track(reused);
    advance(1_100);
    expect(reused.ended).toEqual([RESPONSE_TIMEOUT_CODE]);
    deadlines.stop();
  });
});
