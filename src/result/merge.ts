import { sum } from 'simple-statistics';
import { InputError } from '../errors.js';
import { decodeHistogram, encodeHistogram, mergeHistograms, summarizeLatency } from './histogram.js';
import type { GeneratorHealth, OpenModelStats, RoundErrors, RoundResult, RunResult, ScenarioResult, ScenarioShard } from './result.js';
import { mergeTimelines } from './timeline.js';

/**
 * Shards of one run (`--shard i/n` on n machines, each sending its share of every scenario's load)
 * merged into the run they make together: per scenario and round, the HDR histograms are added
 * (exact, so the merged percentiles are those of every request, not an average of the shards'
 * percentiles), and counts and rates are summed. What each shard measured is kept beside the
 * merged rounds (its machine, and its figures of each merged round): shards run on different
 * runners, so their disagreement is a measurement of the runner's part of the run-to-run noise.
 */
export function mergeShards(shards: { file: string; result: RunResult }[]): RunResult {
  const [first] = shards;
  if (first === undefined) throw new InputError('merge needs the results of every shard');
  const count = first.result.shard?.count;
  for (const { file, result } of shards) {
    if (result.shard === undefined) throw new InputError(`${file}: not a shard's results (no "shard"; run with --shard i/n)`);
    if (result.suite !== first.result.suite)
      throw new InputError(`${file}: suite "${result.suite}", but ${first.file} is suite "${first.result.suite}"`);
    if (result.shard.count !== count)
      throw new InputError(`${file}: shard ${result.shard.index}/${result.shard.count}, but ${first.file} is one of ${count}`);
    if (result.git.sha !== first.result.git.sha)
      throw new InputError(
        `${file}: measured commit ${result.git.sha ?? 'unknown'}, but ${first.file} measured ${first.result.git.sha ?? 'an unknown one'}: shards of one run measure one commit`,
      );
    const differs = definitionDifference(first.result, result);
    if (differs !== undefined) throw new InputError(`${file}: ${differs} than in ${first.file}: shards of one run measure one suite`);
  }
  const given = shards.map(({ file, result }) => ({ file, index: result.shard!.index })).sort((a, b) => a.index - b.index);
  const expected = Array.from({ length: count! }, (_, i) => i + 1);
  if (given.map((g) => g.index).join() !== expected.join()) {
    const got = given.map((g) => `${g.index} (${g.file})`).join(', ');
    throw new InputError(`merge needs shards ${expected.join(', ')} of ${count} exactly once each; got ${got}`);
  }
  const runs = shards.map(({ result }) => result).sort((a, b) => a.shard!.index - b.shard!.index);
  const { shard: _shard, ...whole } = first.result;
  return {
    ...whole,
    startedAt: runs.map((r) => r.startedAt).sort()[0]!,
    finishedAt: runs
      .map((r) => r.finishedAt)
      .sort()
      .at(-1)!,
    interrupted: runs.some((r) => r.interrupted),
    shards: runs.map((r) => ({ index: r.shard!.index, environment: r.environment })),
    scenarios: first.result.scenarios.map((scenario) => mergeScenario(scenario, runs)),
  };
}

/** How a shard's scenarios differ from another's in what they measure (its share of the load aside), or undefined. */
function definitionDifference(a: RunResult, b: RunResult): string | undefined {
  const names = (run: RunResult) => run.scenarios.map((s) => s.name).join(', ');
  if (names(a) !== names(b)) return `other scenarios (${names(b)})`;
  const definition = (s: ScenarioResult) =>
    JSON.stringify([s.method, s.path, s.model, s.durationMs, s.warmupMs, s.timeoutMs, s.share ?? null]);
  const other = b.scenarios.find((s, i) => definition(s) !== definition(a.scenarios[i]!));
  return other === undefined ? undefined : `scenario "${other.name}" is defined otherwise (request, model or durations)`;
}

function mergeScenario(scenario: ScenarioResult, runs: RunResult[]): ScenarioResult {
  const parts = runs.map((run) => run.scenarios.find((s) => s.name === scenario.name));
  const rounds = scenario.rounds.map((round) => {
    const same = parts.map((part) => part?.rounds.find((r) => r.round === round.round));
    // A round only some shards completed would understate the load: leave it out.
    return same.every((r) => r !== undefined) ? mergeRound(same as RoundResult[]) : undefined;
  });
  const merged = rounds.filter((r): r is RoundResult => r !== undefined);
  const connections = sum(parts.map((p) => p?.connections ?? 0));
  const rate = scenario.rate === undefined ? undefined : sum(parts.map((p) => p?.rate ?? 0));
  const kept = new Set(merged.map((r) => r.round));
  // Definitions were checked alike (definitionDifference), so every shard has the scenario.
  const shards = parts.map((part, i): ScenarioShard => ({
    index: runs[i]!.shard!.index,
    share: rate !== undefined && rate > 0 ? part!.rate! / rate : part!.connections / connections,
    rounds: part!.rounds.filter((r) => kept.has(r.round)).map(shardRound),
  }));
  return { ...scenario, connections, ...(rate === undefined ? {} : { rate }), rounds: merged, shards };
}

function shardRound(round: RoundResult): ScenarioShard['rounds'][number] {
  const { p50, p95, p99 } = round.latencyMs;
  return {
    round: round.round,
    requests: round.requests,
    rps: round.rps,
    latencyMs: { p50, p95, p99 },
    ...(round.generator?.saturated === true && { saturated: true as const }),
  };
}

/** One round measured in parts (shards, worker threads) as the round they make together. */
export function mergeRound(rounds: RoundResult[]): RoundResult {
  const histogram = mergeHistograms(rounds.map((r) => decodeHistogram(r.histogram)));
  const errors = sumErrors(rounds.map((r) => r.errors));
  const open = rounds.every((r) => r.open !== undefined) ? mergeOpen(rounds.map((r) => r.open!)) : undefined;
  const timeline = rounds.every((r) => r.timeline !== undefined) ? mergeTimelines(rounds.map((r) => r.timeline!)) : undefined;
  // The worst part decides: its latencies are in the merged histogram (see mergeGeneratorHealth).
  const generator = mergeGeneratorHealth(rounds.map((r) => r.generator));
  // Shards run at once read the same service, each over its own window: the widest window saw
  // the whole round's CPU time (and a little of what surrounds it).
  const service = rounds.every((r) => r.service !== undefined)
    ? rounds.map((r) => r.service!).sort((a, b) => b.wallMs - a.wallMs)[0]
    : undefined;
  return {
    round: rounds[0]!.round,
    startedAt: rounds.map((r) => r.startedAt).sort()[0]!,
    durationMs: Math.max(...rounds.map((r) => r.durationMs)),
    requests: sum(rounds.map((r) => r.requests)),
    ok: sum(rounds.map((r) => r.ok)),
    errors,
    rps: sum(rounds.map((r) => r.rps)),
    latencyMs: summarizeLatency(histogram),
    ...(open === undefined ? {} : { open }),
    ...(timeline === undefined ? {} : { timeline }),
    ...(generator === undefined ? {} : { generator }),
    ...(service === undefined ? {} : { service }),
    ...(rounds.some((r) => r.dataRanOut === true) && { dataRanOut: true as const }),
    histogram: encodeHistogram(histogram),
  };
}

/** Error counts of several rounds (or round parts) added up, class by class and code by code. */
export function sumErrors(parts: RoundErrors[]): RoundErrors {
  return {
    total: sum(parts.map((e) => e.total)),
    status: sumRecords(parts.map((e) => e.status)),
    check: sum(parts.map((e) => e.check)),
    capture: sum(parts.map((e) => e.capture)),
    ...(parts.some((e) => e.captureMisses !== undefined) && { captureMisses: sumRecords(parts.map((e) => e.captureMisses ?? {})) }),
    timeout: sum(parts.map((e) => e.timeout)),
    refused: sum(parts.map((e) => e.refused)),
    reset: sum(parts.map((e) => e.reset)),
    dns: sum(parts.map((e) => e.dns)),
    other: sum(parts.map((e) => e.other)),
    otherCodes: sumRecords(parts.map((e) => e.otherCodes)),
  };
}

function mergeOpen(parts: OpenModelStats[]): OpenModelStats {
  return {
    targetRps: sum(parts.map((p) => p.targetRps)),
    scheduled: sum(parts.map((p) => p.scheduled)),
    sent: sum(parts.map((p) => p.sent)),
    late: sum(parts.map((p) => p.late)),
    lateThresholdMs: parts[0]!.lateThresholdMs,
    dropped: sum(parts.map((p) => p.dropped)),
    ...(parts.some((p) => p.noRow !== undefined) && { noRow: sum(parts.map((p) => p.noRow ?? 0)) }),
  };
}

function sumRecords(records: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records) for (const [key, n] of Object.entries(record)) total[key] = (total[key] ?? 0) + n;
  return Object.fromEntries(Object.entries(total).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The generator's health of a round measured in parts (worker threads, shards), as the round
 * they make together: the worst of its parts, since one saturated part's latencies are in the
 * merged histogram. The highest utilisation and delay, and the highest CPU rather than the sum:
 * `cpu` is in cores of one generator (a worker thread on Node 20 reads the whole process's
 * CPU, so every thread of a run reports about the same figure, and a sum would count it once
 * per thread; shards are separate machines, each with its own cores). Saturated if any part
 * was. Absent when any part did not measure it (a file from an older version).
 */
export function mergeGeneratorHealth(parts: (GeneratorHealth | undefined)[]): GeneratorHealth | undefined {
  if (parts.length === 0 || parts.some((part) => part === undefined)) return undefined;
  const known = parts as GeneratorHealth[];
  return {
    elu: Math.max(...known.map((p) => p.elu)),
    cpu: Math.max(...known.map((p) => p.cpu)),
    delayP99Ms: Math.max(...known.map((p) => p.delayP99Ms)),
    saturated: known.some((p) => p.saturated),
  };
}
