import * as z from 'zod';
import { decodeUntrustedHistogram } from './histogram.js';
import { JudgmentSchema } from './verdict.js';

/**
 * The result file (`results.json`): one run of a suite. It is read back as untrusted input
 * (baselines, fork-PR artifacts), so this schema is strict and is the only way in.
 * Latencies are milliseconds; each round keeps its HDR histogram so runs can be merged and
 * re-analysed later.
 */
export const RESULT_SCHEMA = 'perf-gate/result@1';

const count = z.number().int().nonnegative();
const nonNegative = z.number().finite().nonnegative();

const LatencySchema = z.strictObject({
  p50: nonNegative,
  p90: nonNegative,
  p95: nonNegative,
  p99: nonNegative,
  p999: nonNegative,
  max: nonNegative,
  min: nonNegative,
  mean: nonNegative,
});

const ErrorsSchema = z.strictObject({
  /** Every request that did not meet the expectation: the sum of all the fields below. */
  total: count,
  /** Unexpected statuses, by code. */
  status: z.record(z.string().regex(/^[1-5]\d\d$/, 'a three-digit HTTP status'), count),
  /** Expected status, but the body check failed. */
  check: count,
  /** A flow's step whose capture found nothing (its iteration ended there). Absent in older files. */
  capture: count.default(0),
  /**
   * Of `capture`, on a flow's whole entry: how many each step's capture missed, keyed by the step
   * and the capture as the suite names them (`step 'list' (line 12): first from json: items[0].id`).
   */
  captureMisses: z.record(z.string().max(1000), count).optional(),
  timeout: count,
  refused: count,
  reset: count,
  dns: count,
  other: count,
  /** The codes counted under `other` (e.g. a TLS error code). */
  otherCodes: z.record(z.string().max(100), count),
});

const OpenModelSchema = z.strictObject({
  targetRps: nonNegative,
  scheduled: count,
  sent: count,
  /** Sent more than `lateThresholdMs` after the intended start (no free connection, or a busy generator). */
  late: count,
  lateThresholdMs: nonNegative,
  /** Due within the window but never sent: the target could not keep up. */
  dropped: count,
  /**
   * Due but never made because the flow's unique data rows had run out (the start that found no
   * row, and every one after it): the data's limit, neither the target's nor the generator's.
   * Absent when the rows lasted, and in older files (which counted these starts as dropped).
   */
  noRow: count.optional(),
});

const TimelineBucketSchema = z.strictObject({
  /** Offset of the second from the round's start, by the requests' intended start. */
  atMs: nonNegative,
  /** The rate the stages asked for in the middle of that second. */
  targetRps: nonNegative,
  requests: count,
  errors: count,
  p95Ms: nonNegative,
  /** That second's latencies (µs, 2 significant digits), so timelines of shards merge exactly. */
  histogram: z.string().regex(/^HIST[A-Za-z0-9+/=]+$/, 'a compressed base64 HdrHistogram'),
});

/**
 * The load generator's own health over one round: whether its latencies measure the target or
 * perf-gate's own queueing. See src/stats/generator-health.ts for how `saturated` is decided.
 */
const GeneratorSchema = z.strictObject({
  /** Event-loop utilisation over the round: the share of the time the loop was busy (0..1). */
  elu: nonNegative.max(1),
  /** The generator's CPU time over the round, in cores (1 = one core busy the whole round). */
  cpu: nonNegative,
  /** The 99th percentile of the event loop's delay over the round (ms past its timer). */
  delayP99Ms: nonNegative,
  /** The generator was the bottleneck: its latencies include its own queueing. */
  saturated: z.boolean(),
});

/** The service's own cost over one round, read from its process or its Prometheus endpoint. */
const ServiceCostSchema = z.strictObject({
  /** CPU time the service spent between the readings before and after the round. */
  cpuMs: nonNegative,
  /** Time between those readings (a little more than the round). */
  wallMs: nonNegative,
  /** Resident memory at the round's end (absent when the source does not give it). */
  rssBytes: count.optional(),
});

const RoundSchema = z.strictObject({
  round: z.number().int().positive(),
  startedAt: z.iso.datetime(),
  durationMs: nonNegative,
  requests: count,
  ok: count,
  errors: ErrorsSchema,
  rps: nonNegative,
  latencyMs: LatencySchema,
  open: OpenModelSchema.optional(),
  /** Open model with stages: second by second, to find where a ramp broke the target. */
  timeline: z.array(TimelineBucketSchema).max(100_000).optional(),
  /** The load generator's health in this round (absent in files written before it was measured). */
  generator: GeneratorSchema.optional(),
  /** The service's CPU time and memory (when the suite names a source). */
  service: ServiceCostSchema.optional(),
  /** The round ended before its time: the flow's unique data rows ran out (no later round runs). */
  dataRanOut: z.literal(true).optional(),
  histogram: z.string().regex(/^HIST[A-Za-z0-9+/=]+$/, 'a compressed base64 HdrHistogram'),
});

/**
 * One shard's figures of a round of a merged run: the level its runner saw, apart from the
 * others' (the merged round holds every shard's requests in one histogram).
 */
const ShardRoundSchema = z.strictObject({
  round: z.number().int().positive(),
  requests: count,
  rps: nonNegative,
  latencyMs: z.strictObject({ p50: nonNegative, p95: nonNegative, p99: nonNegative }),
  /** The shard's generator was the bottleneck in this round. */
  saturated: z.literal(true).optional(),
});

/** What one shard of a merged run measured of a scenario. */
const ScenarioShardSchema = z.strictObject({
  index: z.number().int().positive().max(256),
  /**
   * The shard's part of the scenario's load (its rate, else its connections, over the whole's): its rps over this compares across shards.
   */
  share: z.number().positive().max(1),
  /** The merged rounds, as this shard measured them. */
  rounds: z.array(ShardRoundSchema).max(10_000),
});

const ScenarioResultSchema = z
  .strictObject({
    name: z.string().min(1).max(100),
    method: z.string().regex(/^[A-Z]+$/),
    path: z.string().max(2000),
    model: z.enum(['closed', 'open']),
    connections: z.number().int().positive(),
    rate: nonNegative.optional(),
    durationMs: nonNegative,
    warmupMs: nonNegative,
    timeoutMs: nonNegative,
    /**
     * A flow's step (the entry named `flow/step`): the flow it belongs to and its own name, carried rather than read back out of the
     * entry's name. Absent in older files.
     */
    step: z.strictObject({ of: z.string().max(1_000), name: z.string().max(1_000) }).optional(),
    /** A mix's member: the share of the mix's iterations its weight asks for. */
    share: z.number().positive().max(1).optional(),
    rounds: z.array(RoundSchema),
    /**
     * A merged run (`perf-gate merge`): what each shard measured, so the gate can tell the runners' spread. Absent elsewhere and in older
     * files.
     */
    shards: z.array(ScenarioShardSchema).min(2).max(256).optional(),
  })
  .superRefine((scenario, ctx) => {
    const indices = (scenario.shards ?? []).map((shard) => shard.index);
    if (new Set(indices).size !== indices.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['shards'],
        message: `scenario "${scenario.name}": shard indices ${indices.join(', ')} repeat; each shard appears once`,
      });
    }
    scenario.rounds.forEach((round, index) => {
      const problem = histogramProblem(round);
      if (problem !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rounds', index, ...problem.path],
          message: `scenario "${scenario.name}", round ${round.round}: ${problem.message}`,
        });
      }
    });
  });

/**
 * Result files come back as untrusted input (baselines, fork pull requests' uploads, shards):
 * every histogram must decode, hold exactly the round's responses (its requests less the
 * transport failures, which have no latency) and, per second of a timeline, no more than that
 * second's requests. Checked when the file is read, so no later step meets a histogram it
 * cannot decode or one that disagrees with the figures beside it.
 */
function histogramProblem(round: z.infer<typeof RoundSchema>): { path: PropertyKey[]; message: string } | undefined {
  const { errors } = round;
  const responses = round.requests - errors.timeout - errors.refused - errors.reset - errors.dns - errors.other;
  try {
    const count = decodeUntrustedHistogram(round.histogram).totalCount;
    if (count !== responses) {
      return {
        path: ['histogram'],
        message: `its histogram holds ${count} latencies, but the round counts ${responses} responses (requests less transport errors)`,
      };
    }
  } catch (error) {
    return { path: ['histogram'], message: `its histogram is not a valid compressed HdrHistogram: ${(error as Error).message}` };
  }
  for (const [index, bucket] of (round.timeline ?? []).entries()) {
    try {
      const count = decodeUntrustedHistogram(bucket.histogram, 'packed').totalCount;
      if (count > bucket.requests)
        return {
          path: ['timeline', index, 'histogram'],
          message: `second ${index + 1} of its timeline holds ${count} latencies for ${bucket.requests} requests`,
        };
    } catch (error) {
      return {
        path: ['timeline', index, 'histogram'],
        message: `second ${index + 1} of its timeline is not a valid compressed HdrHistogram: ${(error as Error).message}`,
      };
    }
  }
  return undefined;
}

const EnvironmentSchema = z.strictObject({
  node: z.string().max(50),
  perfGate: z.string().max(50),
  cpu: z.strictObject({ model: z.string().max(200), count: count }),
  memoryGiB: nonNegative,
  os: z.strictObject({ platform: z.string().max(50), release: z.string().max(200), arch: z.string().max(50) }),
  ci: z.string().max(50).nullable(),
  /** Median TCP connect time to the target before the run: the network's share of every latency. */
  rttMs: nonNegative.nullable(),
  /** The generator's resident memory at the start and the end of the run: flat, however long the run. */
  rssMiB: z.strictObject({ start: nonNegative, end: nonNegative }).optional(),
});

export const RunResultSchema = z.strictObject({
  schema: z.literal(RESULT_SCHEMA),
  suite: z.string().regex(/^[A-Za-z0-9._-]+$/),
  /** Origin and base path only: credentials and query strings are never stored. */
  target: z.string().max(2000),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  git: z.strictObject({
    sha: z
      .string()
      .regex(/^[0-9a-f]{7,64}$/)
      .nullable(),
  }),
  /** True when the run was stopped before every round had run; the rounds present are complete. */
  interrupted: z.boolean(),
  /** Set on one shard's part of a run (`perf-gate run --shard i/n`); absent on whole and merged runs. */
  shard: z.strictObject({ index: z.number().int().positive(), count: z.number().int().min(2).max(256) }).optional(),
  environment: EnvironmentSchema,
  /** A merged run: each shard's machine (`environment` is the first shard's). Absent elsewhere and in older files. */
  shards: z
    .array(z.strictObject({ index: z.number().int().positive().max(256), environment: EnvironmentSchema }))
    .min(2)
    .max(256)
    .optional(),
  /** Where the service's own cost was read, and what went wrong reading it (the rounds without figures). */
  service: z.strictObject({ source: z.string().max(2000), problems: z.array(z.string().max(2000)).max(20) }).optional(),
  scenarios: z.array(ScenarioResultSchema),
  /** The verdict the run got when it was judged (against a baseline, or the base measured alongside): what a page made later renders. */
  judgment: JudgmentSchema.optional(),
});

export type RunResult = z.infer<typeof RunResultSchema>;
export type ScenarioResult = z.infer<typeof ScenarioResultSchema>;
export type RoundResult = z.infer<typeof RoundSchema>;
export type RoundErrors = z.infer<typeof ErrorsSchema>;
export type OpenModelStats = z.infer<typeof OpenModelSchema>;
export type Environment = z.infer<typeof EnvironmentSchema>;
export type TimelineBucket = z.infer<typeof TimelineBucketSchema>;
export type GeneratorHealth = z.infer<typeof GeneratorSchema>;
export type ServiceCost = z.infer<typeof ServiceCostSchema>;
export type ScenarioShard = z.infer<typeof ScenarioShardSchema>;

/** A machine as the reports name it: `AMD EPYC 7763 × 4`. */
export function machineLabel(environment: Environment): string {
  return `${environment.cpu.model} × ${environment.cpu.count}`;
}

/** A shard's runner as the reports name it: its machine, and its median TCP connect time to the target. */
export function runnerLabel(environment: Environment): string {
  return environment.rttMs === null
    ? machineLabel(environment)
    : `${machineLabel(environment)}, TCP connect ${Number(environment.rttMs.toPrecision(2))} ms`;
}

/** The service's CPU ms per request in a round; 0 when no source gave the round's figures. */
export function cpuPerRequestMs(round: RoundResult): number {
  return round.service === undefined || round.requests === 0 ? 0 : round.service.cpuMs / round.requests;
}
