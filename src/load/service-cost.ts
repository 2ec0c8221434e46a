/**
 * What the service itself spends: its CPU time and resident memory, read before and after every
 * round from a local process (/proc) or the service's Prometheus endpoint, so each round has the
 * service's CPU time per request beside the latencies the client saw. A source that fails is a
 * warning, never a failed run: the latencies are measured whatever the source does.
 */
import { request } from 'undici';
import type { ServiceCost } from '../result/result.js';
import type { Engine } from './engine.js';
import type { RoundSlot } from './round-order.js';
import { errorCode } from './error-class.js';
import { metricTotal, parseExposition } from './prometheus-text.js';
import { cpuBetween, readProcUsage, type ProcUsage } from './proc-usage.js';

/** One reading of a source: its CPU counter (kept opaque, see `cpuMsBetween`), memory and time. */
export interface CostReading {
  at: number;
  rssBytes: number | undefined;
  cpu: { seconds: number } | { proc: ProcUsage };
}

export interface CostSource {
  /** Where the figures come from, for reports: "process 1234", "http://127.0.0.1:8080/metrics". */
  readonly name: string;
  /** Throws with a message naming the source when it cannot be read; an interruption (`signal`) ends a reading in flight. */
  read(signal?: AbortSignal): Promise<CostReading>;
}

/**
 * CPU ms the service spent between two readings of one source, or why the two cannot tell: a CPU
 * counter only grows, so one that fell was reset (the service restarted between them).
 */
function cpuMsBetween(before: CostReading, after: CostReading): number | string {
  if ('proc' in before.cpu && 'proc' in after.cpu) return cpuBetween(before.cpu.proc, after.cpu.proc) / 1e6;
  if ('seconds' in before.cpu && 'seconds' in after.cpu) {
    const { seconds: from } = before.cpu;
    const { seconds: to } = after.cpu;
    return to < from
      ? `${CPU_METRIC} fell from ${from} to ${to} over the round (the service restarted, or the counter was reset)`
      : (to - from) * 1000;
  }
  return 'the two readings came from different kinds of source';
}

/** A local process and its descendants, read from /proc. */
export function processSource(pid: number, now: () => number): CostSource {
  return {
    name: `process ${pid}`,
    read: async () => {
      const proc = readProcUsage(pid);
      return { at: now(), rssBytes: proc.rssBytes, cpu: { proc } };
    },
  };
}

const METRICS_TIMEOUT_MS = 5_000;
/**
 * A process's standard metrics take a few kB; a whole application's exposition rarely more than
 * a few hundred. Read before and after every round, a body without a bound could cost more time
 * and memory than the run (46 MB: a 2 s run took 60 s and 1.5 GB).
 */
const MAX_METRICS_BYTES = 4 * 2 ** 20;
const CPU_METRIC = 'process_cpu_seconds_total';
const RSS_METRIC = 'process_resident_memory_bytes';

/**
 * The standard process metrics of a Prometheus endpoint (prom-client's collectDefaultMetrics(),
 * the Go and Python clients export them): `process_cpu_seconds_total` and
 * `process_resident_memory_bytes`.
 */
export function metricsSource(url: URL, now: () => number): CostSource {
  const name = url.origin + url.pathname;
  return {
    name,
    read: async (signal) => {
      let text: string;
      try {
        const response = await request(url, {
          headers: { accept: 'text/plain;version=0.0.4, application/openmetrics-text;q=0.5' },
          headersTimeout: METRICS_TIMEOUT_MS,
          bodyTimeout: METRICS_TIMEOUT_MS,
          ...(signal === undefined ? {} : { signal }),
        });
        if (response.statusCode !== 200) {
          await response.body.dump();
          throw new Error(`answered ${response.statusCode}`);
        }
        text = await bodyUpTo(response.body, MAX_METRICS_BYTES);
      } catch (error) {
        throw new Error(`${name}: ${error instanceof Error && error.message !== '' ? error.message : errorCode(error)}`);
      }
      const { samples, problem } = parseExposition(text);
      const seconds = metricTotal(samples, CPU_METRIC);
      if (seconds === undefined || !Number.isFinite(seconds)) {
        throw new Error(
          `${name}: no ${CPU_METRIC} in the Prometheus text it answered${problem === undefined ? '' : ` (${problem})`}; prom-client exports it with collectDefaultMetrics()`,
        );
      }
      if (seconds < 0) throw new Error(`${name}: ${CPU_METRIC} is ${seconds}, and a CPU time cannot be negative`);
      const rss = metricTotal(samples, RSS_METRIC);
      if (rss !== undefined && rss < 0) throw new Error(`${name}: ${RSS_METRIC} is ${rss}, and a memory size cannot be negative`);
      return { at: now(), rssBytes: rss !== undefined && Number.isFinite(rss) ? rss : undefined, cpu: { seconds } };
    },
  };
}

/** The body as text, or an error once it passes `limit` bytes (the rest is not read). */
async function bodyUpTo(body: AsyncIterable<Buffer> & { destroy(): unknown }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw new Error(
        `its body passed ${limit / 2 ** 20} MiB; perf-gate reads the process metrics from at most that: point service.metrics at an endpoint that answers less`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Sources per arm (candidate first), and what to do with a reading that failed. */
export interface ServiceCostOptions {
  sources: (CostSource | undefined)[];
  /** The main entries' names per scenario index: the figures go on them, not on a flow's steps. */
  scenarios: readonly string[];
  onProblem: (arm: number, message: string) => void;
  /** The run's interruption, the engine's too: no reading waits past it. */
  signal?: AbortSignal;
}

/**
 * An engine whose rounds each carry the service's cost: every round is measured on its own,
 * between a reading before and one after it, so the CPU time is the round's.
 */
export function withServiceCost(engine: Engine, options: ServiceCostOptions): Engine {
  const figures = new Map<string, ServiceCost>();
  const key = (scenario: number, arm: number, round: number) => `${scenario}|${arm}|${round}`;
  const read = async (arm: number): Promise<CostReading | undefined> => {
    const source = options.sources[arm];
    if (source === undefined) return undefined;
    try {
      return await source.read(options.signal);
    } catch (error) {
      options.onProblem(arm, (error as Error).message);
      return undefined;
    }
  };
  const measureSlot = async (slot: RoundSlot) => {
    const before = await read(slot.arm);
    await engine.measure([slot]);
    if (before === undefined || engine.interrupted) return;
    const after = await read(slot.arm);
    if (after === undefined) return;
    const cpuMs = cpuMsBetween(before, after);
    if (typeof cpuMs === 'string') {
      options.onProblem(slot.arm, `${options.sources[slot.arm]!.name}: ${cpuMs}; that round has no figures`);
      return;
    }
    figures.set(key(slot.scenario, slot.arm, slot.round), {
      cpuMs: round3(cpuMs),
      wallMs: round3(after.at - before.at),
      ...(after.rssBytes === undefined ? {} : { rssBytes: Math.round(after.rssBytes) }),
    });
  };
  return {
    warmup: (setup) => engine.warmup(setup),
    async measure(slots) {
      // An interrupted engine runs no further round: no reading is taken for one either.
      for (const slot of slots) {
        if (engine.interrupted) return;
        await measureSlot(slot);
      }
    },
    results(arm) {
      return engine.results(arm).map((entry) => {
        const scenario = options.scenarios.indexOf(entry.name);
        if (scenario < 0) return entry;
        return {
          ...entry,
          rounds: entry.rounds.map((round) => {
            const service = figures.get(key(scenario, arm, round.round));
            return service === undefined ? round : { ...round, service };
          }),
        };
      });
    },
    get interrupted() {
      return engine.interrupted;
    },
    close: () => engine.close(),
  };
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;
