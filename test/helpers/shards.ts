import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../src/result/result.js';
import { runCli } from './cli.js';
import type { ScratchDir } from './scratch-dir.js';

// The example shop, started as its own module, is the target the shards load at once.
export const { startTarget } = (await import(fileURLToPath(new URL('../../examples/target.mjs', import.meta.url)))) as {
  startTarget: (options?: { port?: number }) => Promise<{ url: string; close: () => Promise<void> }>;
};

/** Sharded runs of the CLI whose suites, results and merges live in `dir`. */
export function shardRuns(dir: ScratchDir) {
  const path = (file: string) => dir.file(file);
  return {
    path,
    read: async (file: string) => JSON.parse(await readFile(path(file), 'utf8')) as RunResult,
    /**
     * A suite, written as a tagged template: suite('x.yml', 'x', 2)`scenarios: …` writes `x.yml` in the
     * folder, the suite `x` of 2 rounds without warm-up, the rest as the template says; it gives back the path.
     */
    suite:
      (file: string, name: string, rounds: number) =>
      (rest: TemplateStringsArray, ...values: unknown[]) =>
        dir.write(file, `version: 1\nname: ${name}\ndefaults: { warmup: 0s, rounds: ${rounds} }\n${String.raw({ raw: rest }, ...values)}`),
    /** The `count` shards of a run of `config` against `target`, measured at once: shard i writes `<name>-<i>.json`. */
    runShards: (name: string, config: string, target: string, count: number, env: NodeJS.ProcessEnv = {}) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          runCli(
            ['run', '-c', config, '-t', target, '--shard', `${i + 1}/${count}`, '-o', path(`${name}-${i + 1}.json`), '--progress', 'none'],
            env,
          ),
        ),
      ),
    /** `perf-gate merge` of the shards' files `<name>-<i>.json`, given in `order`, into `<name>-merged.json`. */
    mergeShardFiles: (name: string, order: number[]) =>
      runCli(['merge', '-o', path(`${name}-merged.json`), ...order.map((i) => path(`${name}-${i}.json`))]),
  };
}
