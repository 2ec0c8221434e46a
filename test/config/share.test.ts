import { describe, expect, it } from 'vitest';
import { shareConnections, shareOf, shareStart, subShare, WHOLE, type Share } from '../../src/config/share.js';
import { parseShard, shardSuite } from '../../src/config/shard.js';
import { seededRandom } from '../helpers/random.js';
import { closed, open, scenario, suite } from '../helpers/scenarios.js';

const shares = (count: number): Share[] => Array.from({ length: count }, (_, index) => ({ index, count }));

/** The whole's items, numbered from `from`, that a share takes: as the rule's functions say. */
const itemsOf = (total: number, share: Share, from = 0) =>
  Array.from({ length: shareOf(total, share, from) }, (_, m) => from + shareStart(share, from) + m * share.count);

describe('the splitting rule', () => {
  it('deals every item to exactly one share, round-robin, for any count and any start', () => {
    const random = seededRandom(24);
    for (let trial = 0; trial < 1000; trial++) {
      const count = 1 + Math.floor(random() * 64);
      // Totals below the count too: some shares then get nothing.
      const total = Math.floor(random() * (random() < 0.3 ? count : 3000));
      const from = Math.floor(random() * 1e6);
      const label = `${total} items from ${from} over ${count} shares`;
      const parts = shares(count).map((share) => itemsOf(total, share, from));
      const dealt = parts.flat().sort((a, b) => a - b);
      expect(dealt.length === total && dealt.every((item, i) => item === from + i), label).toBe(true);
      // Share k takes the items numbered k mod count, and its part is the floor or the ceiling of total/count.
      expect(
        parts.every((items, index) => items.every((item) => item % count === index)),
        label,
      ).toBe(true);
      expect(
        parts.every((items) => Math.abs(items.length - total / count) < 1),
        label,
      ).toBe(true);
    }
  });

  it('takes up the turns where the last phase left them, so a run of phases is dealt as one', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 500; trial++) {
      const count = 1 + Math.floor(random() * 64);
      const phases = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 200));
      const run = phases.reduce((a, b) => a + b, 0);
      for (const share of shares(count)) {
        let from = 0;
        let taken = 0;
        for (const total of phases) {
          taken += shareOf(total, share, from);
          from += total;
        }
        expect(taken).toBe(shareOf(run, share));
      }
    }
  });

  it('makes a share of a share (worker threads of a shard) the share of the whole that takes the same items', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 300; trial++) {
      const outer: Share = { count: 1 + Math.floor(random() * 8), index: 0 };
      outer.index = Math.floor(random() * outer.count);
      const inner: Share = { count: 1 + Math.floor(random() * 8), index: 0 };
      inner.index = Math.floor(random() * inner.count);
      const total = Math.floor(random() * 500);
      const ofOuter = itemsOf(total, outer);
      const picked = itemsOf(ofOuter.length, inner).map((position) => ofOuter[position]);
      expect(itemsOf(total, subShare(outer, inner))).toEqual(picked);
    }
    expect(subShare(WHOLE, { index: 2, count: 3 })).toEqual({ index: 2, count: 3 });
  });

  it("splits connections exactly: the closed model's workers, and the open model's most in flight with at least one each", () => {
    for (const count of [1, 2, 3, 7, 64]) {
      for (const connections of [1, 2, 5, 10, 63, 64, 100, 1000]) {
        const closedParts = shares(count).map((share) => shareConnections(closed(connections, 1000), share));
        const openParts = shares(count).map((share) => shareConnections(open(10, 1000, connections), share));
        expect(closedParts.reduce((a, b) => a + b)).toBe(connections);
        expect(Math.min(...openParts)).toBeGreaterThanOrEqual(1);
        expect(openParts.reduce((a, b) => a + b)).toBe(Math.max(connections, count));
      }
    }
  });
});

describe('shardSuite', () => {
  const base = suite([scenario('c', closed(6, 1000)), scenario('o', open(300, 1000, 10))]);

  it('keeps the whole load and names the share, composing shards and worker threads', () => {
    const parts = [1, 2, 3].map((index) => shardSuite(base, { index, count: 3 }));
    expect(parts.map((p) => p.share)).toEqual(shares(3));
    expect(parts.every((p) => p.scenarios === base.scenarios)).toBe(true);
    // Thread 2 of 2 on shard 2 of 3: the whole's items 1 + 3·(1 + 2m), i.e. share 4 of 6.
    expect(shardSuite(parts[1]!, { index: 2, count: 2 }).share).toEqual({ index: 4, count: 6 });
  });

  it('refuses more parts than a closed scenario has connections', () => {
    expect(() => shardSuite(base, { index: 7, count: 7 })).toThrow(
      /scenario "c" has 6 connection\(s\), fewer than the 7 parts its load is split into/,
    );
    expect(() => shardSuite(shardSuite(base, { index: 1, count: 2 }), { index: 1, count: 4 })).toThrow(/fewer than the 8 parts/);
  });

  it('parses i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/1', 'a/b', '1/300']) expect(() => parseShard(bad)).toThrow(/--shard: expected i\/n/);
  });
});
