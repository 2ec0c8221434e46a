import { InputError } from '../errors.js';
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
 * Shard i of n runs 1/n of every scenario's load: an n-th of the rate (open model), or an
 * n-th of the connections (closed model, the remainder going to the first shards), so that the
 * n shards together send the suite's load and their merged histograms describe it. Flows'
 * iterations are numbered so that no two shards use the same number (see Suite.iterations).
 */
export function shardSuite(suite: Suite, shard: Shard): Suite {
  // Shard i of n numbers iterations i, i + n, … within the numbering it was given.
  const { first, step } = suite.iterations ?? { first: 1, step: 1 };
  return {
    ...suite,
    iterations: { first: first + (shard.index - 1) * step, step: step * shard.count },
    scenarios: suite.scenarios.map((scenario) => {
      const { load } = scenario;
      if (load.model === 'open') {
        const share = (rate: number) => rate / shard.count;
        return {
          ...scenario,
          load: {
            ...load,
            rate: share(load.rate),
            connections: Math.max(1, Math.ceil(load.connections / shard.count)),
            ...(load.stages === undefined ? {} : { stages: load.stages.map((stage) => ({ ...stage, rate: share(stage.rate) })) }),
            ...(load.startRate === undefined ? {} : { startRate: share(load.startRate) }),
          },
        };
      }
      const split = (n: number) => Math.floor(n / shard.count) + (shard.index <= n % shard.count ? 1 : 0);
      const connections = split(load.connections);
      if (connections === 0) {
        throw new InputError(
          `${suite.file}: scenario "${scenario.name}" has ${load.connections} connection(s), fewer than the ${shard.count} shards: give it at least ${shard.count}`,
        );
      }
      return {
        ...scenario,
        load: {
          ...load,
          connections,
          ...(load.stages === undefined ? {} : { stages: load.stages.map((stage) => ({ ...stage, connections: Math.max(1, split(stage.connections)) })) }),
          ...(load.startConnections === undefined ? {} : { startConnections: Math.max(1, split(load.startConnections)) }),
        },
      };
    }),
  };
}
