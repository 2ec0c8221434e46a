import { InputError } from '../errors.js';
import { subShare, WHOLE } from './share.js';
import type { Suite } from './suite.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** `--shard i/n` (or the action's input, named `name` in the message). */
export function parseShard(text: string, name = '--shard'): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 2 || count > 256 || index < 1 || index > count) {
    throw new InputError(`${name}: expected i/n with 1 ≤ i ≤ n and 2 ≤ n ≤ 256, such as 1/4, found "${text.slice(0, 40)}"`);
  }
  return { index, count };
}

/**
 * Shard i of n of a suite (or worker thread i of n of a shard): share i − 1 of n of what it was
 * given, so every figure of its load, iteration numbers and unique rows included, is dealt by the
 * one rule of share.ts and the n parts add up to the suite exactly. A closed-model scenario needs
 * a connection for every part: a part without one would measure nothing.
 */
export function shardSuite(suite: Suite, shard: Shard): Suite {
  const share = subShare(suite.share ?? WHOLE, { index: shard.index - 1, count: shard.count });
  for (const scenario of suite.scenarios) {
    const { load } = scenario;
    if (load.model === 'closed' && load.connections < share.count) {
      throw new InputError(
        `${suite.file}: scenario "${scenario.name}" has ${load.connections} connection(s), fewer than the ${share.count} parts its load is split into (shards × worker threads): give it at least ${share.count}`,
      );
    }
  }
  return { ...suite, share };
}
