import { deflateSync, inflateSync } from 'node:zlib';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPrResults } from '../../src/action/pr-results.js';
import { appendRun } from '../../src/result/baseline.js';
import { readBaselineFile } from '../../src/files/baseline-file.js';
import { mergeShards } from '../../src/result/merge.js';
import type { RunResult } from '../../src/result/result.js';
import { readResultFile } from '../../src/files/result-file.js';
import { InputError } from '../../src/errors.js';
import { judgeRun } from '../../src/stats/judge-run.js';
import { renderGateMarkdown } from '../../src/report/gate-markdown.js';
import { runCli } from '../helpers/cli.js';
import { seededRandom } from '../helpers/random.js';
import { runResult } from '../helpers/results.js';

/**
 * Result, baseline, pull-request-results and shard files come from forks and from hand edits:
 * untrusted input. Whatever bytes they hold, reading them ends in a result or an InputError
 * (exit 2 with a message naming the file), never another exception (exit 70, "a bug"), and a
 * file that does validate goes through judging, rendering, recording and merging without one.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-untrusted-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A compressed HdrHistogram with its inflated header edited: `edit` gets the inflated bytes. */
function reencoded(encoded: string, edit: (inflated: Buffer) => Buffer): string {
  const data = Buffer.from(encoded, 'base64');
  const inflated = edit(Buffer.from(inflateSync(data.subarray(8, 8 + data.readInt32BE(4)))));
  const compressed = deflateSync(inflated);
  const head = Buffer.alloc(8);
  head.writeInt32BE(data.readInt32BE(0), 0);
  head.writeInt32BE(compressed.length, 4);
  return Buffer.concat([head, compressed]).toString('base64');
}

const withHistogram = (run: RunResult, histogram: string): RunResult => ({
  ...run,
  scenarios: run.scenarios.map((s, i) => (i === 0 ? { ...s, rounds: s.rounds.map((r, j) => (j === 1 ? { ...r, histogram } : r)) } : s)),
});

describe('histograms in untrusted files', () => {
  const valid = runResult();
  const histogram = valid.scenarios[0]!.rounds[1]!.histogram;
  const hostile: [string, string, RegExp][] = [
    ['bad zlib data', `HISTFAAAAEB4${'A'.repeat(60)}`, /zlib data does not inflate|compressed length/],
    ['an impossible number of significant digits', reencoded(histogram, (b) => (b.writeInt32BE(9, 12), b)), /9 significant digits/],
    [
      'a highest trackable value below the lowest',
      reencoded(histogram, (b) => (b.writeBigInt64BE(1000n, 16), b.writeBigInt64BE(10n, 24), b)),
      /highest trackable value of 10/,
    ],
    ['a highest trackable value past 2^53', reencoded(histogram, (b) => (b.writeBigInt64BE(2n ** 62n, 24), b)), /highest trackable value/],
    ['a header cut short', reencoded(histogram, (b) => b.subarray(0, 20)), /cut short/],
    [
      'counts that disagree with the round',
      runResult({ rounds: 3 }).scenarios[0]!.rounds[2]!.histogram,
      /holds \d+ latencies, but the round counts \d+ responses/,
    ],
    // 45 bytes whose counts open with a run of 2^52 zeros: the library steps through it one index
    // at a time (hours at 100 % CPU, deaf to SIGTERM) unless the run is checked first.
    [
      'a run of zeros past the value range',
      'HISTBAAAACV4nJNpmczMwMDAyQABzFCaEURcm7yEwf4DROA/BPBzAQCiMQuS',
      /its counts reach index \d+, past the \d+ its value range holds/,
    ],
    // The library reads past the end of the counts as zeros, for as many bytes as the header claims.
    [
      'counts that claim more bytes than follow',
      reencoded(histogram, (b) => (b.writeInt32BE(2 ** 30, 4), b)),
      /its counts claim 1073741824 bytes, but \d+ follow its header/,
    ],
    ['counts cut inside a number', reencoded(histogram, (b) => ((b[b.length - 1]! |= 0x80), b)), /its counts end inside a number/],
  ];

  it.each(hostile)('refuses %s, naming the file, scenario and round', async (_what, bad, message) => {
    const file = join(dir, 'hostile.json');
    await writeFile(file, JSON.stringify(withHistogram(valid, bad)));
    const error = await readResultFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('scenario "home", round 2');
    expect((error as Error).message).toMatch(message);
    // Through the front doors: exit 2, never 70, and record leaves no baseline behind.
    const recorded = await runCli(['record', '--results', file, '--baseline', join(dir, 'b.json')]);
    expect([recorded.code, recorded.stderr]).toEqual([2, expect.stringContaining('round 2')]);
    expect((await runCli(['compare', file, file])).code).toBe(2);
  });
});

/** Every leaf of a JSON value, as a path. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, v]) => leaves(v, [...path, key]));
}

function mutate(value: unknown, random: () => number): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const paths = leaves(copy);
  const path = paths[Math.floor(random() * paths.length)]!;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path.at(-1)!;
  const old = parent[key];
  const choices: (() => unknown)[] = [
    () => undefined,
    () => null,
    () => -1,
    () => 0,
    () => 1e308,
    () => 2 ** 53 + 1,
    () => Math.floor(random() * 1e6),
    () => -random() * 100,
    () => '',
    () => 'x'.repeat(Math.floor(random() * 3000)),
    () => (typeof old === 'string' ? old.slice(0, Math.floor(random() * old.length)) : old),
    () => (typeof old === 'string' ? flipChar(old, random) : old),
    () => (typeof old === 'number' ? old * (random() * 4 - 1) : old),
    () => [old, old],
    () => ({ nested: old }),
    () => true,
  ];
  const next = choices[Math.floor(random() * choices.length)]!();
  if (next === undefined) delete parent[key];
  else parent[key] = next;
  return copy;
}

function flipChar(text: string, random: () => number): string {
  if (text.length === 0) return 'A';
  const i = Math.floor(random() * text.length);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
  return text.slice(0, i) + alphabet[Math.floor(random() * alphabet.length)] + text.slice(i + 1);
}

function bytes(random: () => number, text: string): string {
  switch (Math.floor(random() * 3)) {
    case 0:
      return Buffer.from(Array.from({ length: Math.floor(random() * 400) }, () => Math.floor(random() * 256))).toString('latin1');
    case 1:
      return text.slice(0, Math.floor(random() * text.length));
    default: {
      const i = Math.floor(random() * text.length);
      return text.slice(0, i) + String.fromCharCode(Math.floor(random() * 128)) + text.slice(i + 1);
    }
  }
}

describe('every reader of untrusted files, fed random bytes and mutated valid files', () => {
  const run = (sha: string, startedAt: string) => runResult({ sha, startedAt });
  const current = run('abc1234', '2026-11-23T02:00:00.000Z');
  const baseline = appendRun(
    appendRun(undefined, run('aaa1111', '2026-11-23T00:00:00.000Z')).baseline,
    run('bbb2222', '2026-11-23T01:00:00.000Z'),
  ).baseline;
  const shard = (index: number): RunResult => ({ ...current, shard: { index, count: 2 } });
  const readers = {
    results: { valid: current, read: readResultFile },
    baseline: { valid: baseline, read: readBaselineFile },
    'pr-results': {
      valid: { schema: 'perf-gate/pr-results@1', pullRequest: 7, headSha: 'a'.repeat(40), results: current },
      read: readPrResults,
    },
    shard: { valid: shard(1), read: readResultFile },
  } as const;
  const CASES = 2_600; // per reader: 10,400 in all

  /** What a front door does next with a file that validated: judge, render, record, merge. */
  function useAll(kind: keyof typeof readers, parsed: unknown, file: string): void {
    if (kind === 'baseline') {
      const b = parsed as typeof baseline;
      const gate = judgeRun({ suite: undefined, current, reference: { mode: 'stored-baseline', runs: b.runs, records: b } });
      renderGateMarkdown({ suite: 'shop', gate, current, baseline: b.runs });
      appendRun(b, current);
      return;
    }
    const result = kind === 'pr-results' ? (parsed as { results: RunResult }).results : (parsed as RunResult);
    const gate = judgeRun({
      suite: undefined,
      current: result,
      reference: { mode: 'stored-baseline', runs: baseline.runs, records: baseline },
    });
    renderGateMarkdown({ suite: 'shop', gate, current: result, baseline: baseline.runs });
    if (kind === 'shard')
      mergeShards([
        { file, result },
        { file, result: shard(2) },
      ]);
  }

  // Concurrent: each reader waits on its own file between cases, and the others use that time.
  it.for(Object.keys(readers) as (keyof typeof readers)[])(
    '%s: a result or an InputError, never another exception',
    { concurrent: true, timeout: 120_000 },
    async (kind, { expect }) => {
      const { valid, read } = readers[kind];
      const random = seededRandom(kind.length * 7919);
      const text = JSON.stringify(valid);
      const file = join(dir, `${kind}.json`);
      let accepted = 0;
      for (let i = 0; i < CASES; i++) {
        const content = i % 4 === 0 ? bytes(random, text) : JSON.stringify(mutate(i % 4 === 3 ? mutate(valid, random) : valid, random));
        await writeFile(file, content);
        try {
          useAll(kind, await read(file), file);
          accepted += 1;
        } catch (error) {
          if (!(error instanceof InputError)) throw new Error(`case ${i}: ${(error as Error).stack}\n${content.slice(0, 2000)}`);
          expect(error.message).toContain(file);
        }
      }
      // The mutations must exercise both ways out, or they would test nothing.
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThan(CASES);
    },
  );
});
