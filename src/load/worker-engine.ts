import { Worker } from 'node:worker_threads';
import { sum } from 'simple-statistics';
import type { RoundResult, ScenarioResult } from '../result/result.js';
import { mergeRound } from '../result/merge.js';
import { shardSuite } from '../config/shard.js';
import { WHOLE } from '../config/share.js';
import type { Suite } from '../config/suite.js';
import { runArmSetup, type Engine, type EngineOptions } from './engine.js';
import { emptyResults } from './empty-results.js';
import type { RoundSlot } from './round-order.js';
import type { TemplateValue } from '../config/template.js';
import type { EngineEvent } from './events.js';
import { InputError, SetupFailedError, TargetUnreachableError } from '../errors.js';

/** What a worker thread is started with. */
export interface EngineWorkerData {
  perfGateEngineWorker: true;
  suite: Suite;
  arms: { name: string; target: string }[];
}

/** Messages a worker sends back: events of its engine, and answers to calls. */
export type WorkerMessage =
  { kind: 'event'; event: EngineEvent } | { kind: 'done'; id: number; error?: { message: string; name: string; code?: string } };

/** Calls into a worker. */
export type WorkerCall =
  | { id: number; op: 'warmup'; setup: [string, TemplateValue][][] }
  | { id: number; op: 'measure'; slots: RoundSlot[] }
  | { id: number; op: 'close' }
  | { op: 'abort' };

/**
 * An Engine spread over `workers` threads, each with its own event loop and connections, for
 * machines with more cores than one Node thread can use. Each worker runs its share of every
 * scenario's load, dealt as shards are (src/config/share.ts); every round is merged from the workers'
 * parts (HDR histograms added exactly) as soon as all of them have finished it, so progress,
 * results and the judging see whole rounds, and adaptive and A/B runs work as with one thread.
 */
export function createWorkerEngine(options: EngineOptions, workers: number, entry: URL): Engine {
  const { suite, arms, onEvent, signal } = options;
  const threads = Array.from({ length: workers }, (_, i) => {
    const data: EngineWorkerData = {
      perfGateEngineWorker: true,
      suite: shardSuite(suite, { index: i + 1, count: workers }),
      arms: arms.map((arm) => ({ name: arm.name, target: arm.target.href })),
    };
    return new Worker(entry, { workerData: data });
  });
  // A round's parts as the workers finish it: a worker whose unique data rows ran out skips it (null).
  const rounds = new Map<string, (RoundResult[] | null)[]>();
  // Per arm, every entry of the results (a scenario, then a flow's steps), in the engine's order.
  const entries = arms.map((arm) => suite.scenarios.map((scenario) => emptyResults(scenario, arm.target.pathname, suite.share ?? WHOLE)));
  const merged = entries.map((scenarios) => scenarios.map((results) => results.map((): RoundResult[] => [])));
  const ticks = new Map<number, Extract<EngineEvent, { type: 'progress' }>>();
  const pending = new Map<number, { left: number; resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;

  threads.forEach((thread, index) => {
    thread.on('message', (message: WorkerMessage) => {
      if (message.kind === 'done') {
        const call = pending.get(message.id);
        if (call === undefined) return;
        if (message.error !== undefined) failure ??= rebuildError(message.error);
        if (--call.left === 0) {
          pending.delete(message.id);
          if (failure !== undefined) call.reject(failure);
          else call.resolve();
        }
        return;
      }
      const { event } = message;
      if (event.type === 'round-end' || event.type === 'round-skipped') {
        const scenario = suite.scenarios.findIndex((s) => s.name === event.scenario);
        const arm = Math.max(
          0,
          arms.findIndex((a) => a.name === event.arm),
        );
        const key = `${scenario}|${arm}|${event.round}`;
        const part = event.type === 'round-end' ? [event.result, ...(event.steps ?? [])] : null;
        const parts = [...(rounds.get(key) ?? []), part];
        if (parts.length < workers) {
          rounds.set(key, parts);
          return;
        }
        rounds.delete(key);
        const ran = parts.filter((p): p is RoundResult[] => p !== null);
        if (ran.length === 0) {
          onEvent?.({ ...event, type: 'round-skipped' });
          return;
        }
        // Parts that did not run leave a round short of load: it is marked as the one the rows ran out in.
        const [result, ...steps] = ran[0]!.map((_, entry) => mergeRound(ran.map((p) => p[entry]!)));
        if (ran.length < workers) result!.dataRanOut = true;
        [result!, ...steps].forEach((round, entry) => merged[arm]![scenario]![entry]!.push(round));
        onEvent?.({
          type: 'round-end',
          scenario: event.scenario,
          round: event.round,
          rounds: event.rounds,
          ...(event.arm !== undefined && { arm: event.arm }),
          result: result!,
          ...(steps.length > 0 && { steps }),
        });
      } else if (event.type === 'progress') {
        // The first worker paces the display; the figures are the sum over all workers.
        ticks.set(index, event);
        if (index !== 0) return;
        const same = [...ticks.values()].filter((t) => t.scenario === event.scenario && t.round === event.round && t.arm === event.arm);
        onEvent?.({ ...event, requests: sum(same.map((t) => t.requests)), errors: sum(same.map((t) => t.errors)) });
      } else if (index === 0 && (event.type === 'warmup' || event.type === 'round-start')) {
        onEvent?.(event);
      }
    });
    thread.on('error', (error) => {
      failure ??= error;
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    });
  });
  signal?.addEventListener('abort', () => threads.forEach((thread) => thread.postMessage({ op: 'abort' } satisfies WorkerCall)), {
    once: true,
  });

  const call = (op: 'warmup' | 'measure' | 'close', slots?: RoundSlot[], setup?: [string, TemplateValue][][]) =>
    new Promise<void>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      const id = nextId++;
      pending.set(id, { left: workers, resolve, reject });
      const message: WorkerCall = op === 'measure' ? { id, op, slots: slots! } : op === 'warmup' ? { id, op, setup: setup! } : { id, op };
      for (const thread of threads) thread.postMessage(message);
    });

  let setups: [string, TemplateValue][][] | undefined;
  return {
    async warmup() {
      // The setup runs once, here; every thread's flows read its captures.
      setups ??= await Promise.all(arms.map(async (arm) => [...(await runArmSetup(suite, arm, options.clock, options.connect, signal))]));
      await call('warmup', undefined, setups);
    },
    measure: (slots) => call('measure', slots),
    results: (arm) =>
      entries[arm]!.flatMap((results, scenario) =>
        results.map((entry, i): ScenarioResult => ({
          ...entry,
          rounds: [...merged[arm]![scenario]![i]!].sort((a, b) => a.round - b.round),
        })),
      ),
    get interrupted() {
      return signal?.aborted === true;
    },
    async close() {
      await call('close').catch(() => undefined);
      await Promise.all(threads.map((thread) => thread.terminate()));
    },
  };
}

/** Errors cross threads as data: the ones a user acts on become their own kind again (exit codes depend on it). */
function rebuildError(error: { message: string; name: string }): Error {
  if (error.name === 'TargetUnreachableError') return new TargetUnreachableError(error.message);
  if (error.name === 'SetupFailedError') return new SetupFailedError(error.message);
  if (error.name === 'InputError' || error.name === 'ConfigError') return new InputError(error.message);
  return Object.assign(new Error(error.message), { name: error.name });
}
