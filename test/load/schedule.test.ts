import { describe, expect, it } from 'vitest';
import type { Share } from '../../src/config/share.js';
import type { ClosedLoad, OpenLoad } from '../../src/config/suite.js';
import { workerTarget } from '../../src/load/closed-model.js';
import { arrivalSchedule, shareSchedule, type ArrivalSchedule } from '../../src/load/schedule.js';
import { seededRandom } from '../helpers/random.js';

const shares = (count: number): Share[] => Array.from({ length: count }, (_, index) => ({ index, count }));
const offsets = (schedule: ArrivalSchedule) => Array.from({ length: schedule.count }, (_, i) => schedule.offsetMs(i));

/** A log-uniform draw in [low, high]: rates from well below a share count to thousands a second. */
const logUniform = (random: () => number, low: number, high: number) => low * (high / low) ** random();

/** The shares' arrivals together, as (offset, share) in time order. */
function merged(whole: ArrivalSchedule, count: number, dealt: number) {
  return shares(count)
    .flatMap((share) => offsets(shareSchedule(whole, share, dealt)).map((at) => ({ at, share: share.index })))
    .sort((a, b) => a.at - b.at || a.share - b.share);
}

describe('shares of an arrival schedule', () => {
  it('add up to the unsplit schedule exactly, 10 req/s for 1 s over 4 shards sending 10 requests', () => {
    const whole = arrivalSchedule({ rate: 10, durationMs: 1000 });
    const parts = shares(4).map((share) => shareSchedule(whole, share, 0));
    expect(parts.map((p) => p.count)).toEqual([3, 3, 2, 2]);
    // Share k starts at k/rate and steps n/rate: the 10 evenly spaced arrivals, not 4 bursts of 4.
    expect(parts.map(offsets)).toEqual([
      [0, 400, 800],
      [100, 500, 900],
      [200, 600],
      [300, 700],
    ]);
  });

  it('of a constant rate: exact totals, the union is the unsplit schedule, every gap 1/rate (any rate, duration, share count and place in the deal)', () => {
    const random = seededRandom(2024);
    for (let trial = 0; trial < 400; trial++) {
      const load = { rate: logUniform(random, 0.05, 1000), durationMs: Math.round(50 + random() * 5000) };
      const count = 1 + Math.floor(random() * 64);
      const dealt = Math.floor(random() * 1e5);
      const whole = arrivalSchedule(load);
      const label = `${load.rate} req/s for ${load.durationMs} ms over ${count} shares from ${dealt}`;
      expect(whole.count, label).toBe(Math.max(1, Math.floor((load.rate * load.durationMs) / 1000)));
      const all = merged(whole, count, dealt);
      expect(all.length, label).toBe(whole.count);
      // The same arrival times, computed the same way: equal, not close.
      expect(
        all.map((a) => a.at),
        label,
      ).toEqual(offsets(whole));
      const interval = 1000 / load.rate;
      const gaps = all.slice(1).map((a, i) => a.at - all[i]!.at);
      expect(Math.max(0, ...gaps.map((gap) => Math.abs(gap - interval))), label).toBeLessThan(interval * 1e-9);
      // Turns go round the shares in order, taken up where the last phase left them.
      expect(
        all.every((a, i) => a.share === (dealt + i) % count),
        label,
      ).toBe(true);
      for (const share of shares(count)) {
        const part = shareSchedule(whole, share, dealt);
        const own = offsets(part);
        const steps = own.slice(1).map((at, i) => at - own[i]!);
        expect(Math.max(0, ...steps.map((step) => Math.abs(step - count * interval))), label).toBeLessThan(interval * 1e-6);
        expect(part.rateAt(0), label).toBeCloseTo(load.rate / count, 9);
      }
    }
  });

  it("of a ramp (stages, from any start rate): exact totals, the union is the unsplit ramp dealt round-robin, and the shares' rates add up", () => {
    const random = seededRandom(99);
    for (let trial = 0; trial < 200; trial++) {
      const stages = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
        durationMs: Math.round(100 + random() * 2000),
        rate: random() < 0.2 ? 0 : random() * 600,
      }));
      const load: Pick<OpenLoad, 'rate' | 'durationMs' | 'stages' | 'startRate'> = {
        rate: 0,
        durationMs: stages.reduce((sum, stage) => sum + stage.durationMs, 0),
        stages,
        startRate: random() * 300,
      };
      const count = 1 + Math.floor(random() * 64);
      const dealt = Math.floor(random() * 1e5);
      const whole = arrivalSchedule(load);
      const label = JSON.stringify({ ...load, count, dealt });
      const all = merged(whole, count, dealt);
      expect(
        all.map((a) => a.at),
        label,
      ).toEqual(offsets(whole));
      expect(
        all.every((a, i) => a.share === (dealt + i) % count),
        label,
      ).toBe(true);
      for (const at of [0, load.durationMs / 3, load.durationMs - 1]) {
        const sum = shares(count).reduce((total, share) => total + shareSchedule(whole, share, dealt).rateAt(at), 0);
        expect(sum, label).toBeCloseTo(whole.rateAt(at), 6);
      }
    }
  });
});

describe("shares of the closed model's workers", () => {
  it("add up to the whole's at every moment of a ramp, and to its connections when constant", () => {
    const random = seededRandom(5);
    for (let trial = 0; trial < 200; trial++) {
      const stages = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
        durationMs: Math.round(100 + random() * 2000),
        connections: 1 + Math.floor(random() * 200),
      }));
      const durationMs = stages.reduce((sum, stage) => sum + stage.durationMs, 0);
      const ramp: ClosedLoad = {
        model: 'closed',
        connections: Math.max(...stages.map((s) => s.connections)),
        durationMs,
        stages,
        startConnections: 1 + Math.floor(random() * 50),
      };
      const constant: ClosedLoad = { model: 'closed', connections: ramp.connections, durationMs };
      const count = 1 + Math.floor(random() * 64);
      const whole = workerTarget(ramp, { index: 0, count: 1 });
      const parts = shares(count).map((share) => workerTarget(ramp, share));
      const moments = Array.from({ length: 38 }, (_, i) => (i * durationMs) / 37);
      expect(moments.map((at) => parts.reduce((sum, part) => sum + part(at), 0))).toEqual(moments.map(whole));
      expect(shares(count).reduce((sum, share) => sum + workerTarget(constant, share)(0), 0)).toBe(ramp.connections);
    }
  });
});
