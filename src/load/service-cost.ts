/**
 * What the service itself spends: its CPU time and resident memory, read before and after every
 * round from a local process (/proc) or the service's Prometheus endpoint, so each round has the
 * service's CPU time per request beside the latencies the client saw. A source that fails is a
 * warning, never a failed run: the latencies are measured whatever the source does.
 */
import { request } from 'undici';
import type { ServiceCost } from '../result/result.js';
import type { Engine, RoundSlot } from './engine.js';
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
  /** Throws with a message naming the source when it cannot be read. */
  read(): Promise<CostReading>;
}

/** CPU ms the service spent between two readings of one source. */
export function cpuMsBetween(before: CostReading, after: CostReading): number {
  if ('proc' in before.cpu && 'proc' in after.cpu) return cpuBetween(before.cpu.proc, after.cpu.proc) / 1e6;
  if ('seconds' in before.cpu && 'seconds' in after.cpu) return Math.max(0, (after.cpu.seconds - before.cpu.seconds) * 1000);
  return 0;
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
    read: async () => {
      let text: string;
      try {
        const response = await request(url, {
          headers: { accept: 'text/plain;version=0.0.4, application/openmetrics-text;q=0.5' },
          headersTimeout: METRICS_TIMEOUT_MS,
          bodyTimeout: METRICS_TIMEOUT_MS,
        });
        text = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
      } catch (error) {
        throw new Error(`${name}: ${error instanceof Error && error.message !== '' ? error.message : errorCode(error)}`);
      }
      const { samples, problem } = parseExposition(text);
      const seconds = metricTotal(samples, CPU_METRIC);
      if (seconds === undefined || !Number.isFinite(seconds)) {
        throw new Error(`${name}: no ${CPU_METRIC} in the Prometheus text it answered${problem === undefined ? '' : ` (${problem})`}; prom-client exports it with collectDefaultMetrics()`);
      }
      const rss = metricTotal(samples, RSS_METRIC);
      return { at: now(), rssBytes: rss !== undefined && Number.isFinite(rss) ? rss : undefined, cpu: { seconds } };
    },
  };
}

/** Sources per arm (candidate first), and what to do with a reading that failed. */
export interface ServiceCostOptions {
  sources: (CostSource | undefined)[];
  /** The main entries' names per scenario index: the figures go on them, not on a flow's steps. */
  scenarios: readonly string[];
  onProblem: (arm: number, message: string) => void;
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
      return await source.read();
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
    figures.set(key(slot.scenario, slot.arm, slot.round), {
      cpuMs: round3(cpuMsBetween(before, after)),
      wallMs: round3(after.at - before.at),
      ...(after.rssBytes === undefined ? {} : { rssBytes: Math.round(after.rssBytes) }),
    });
  };
  return {
    warmup: (setup) => engine.warmup(setup),
    async measure(slots) {
      for (const slot of slots) await measureSlot(slot);
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
