import { parentPort, workerData } from 'node:worker_threads';
import { realClock } from './clock.js';
import { openConnection } from './dispatcher.js';
import { createEngine } from './engine.js';
import type { EngineWorkerData, WorkerCall, WorkerMessage } from './worker-engine.js';

/** Whether this thread was started by createWorkerEngine to host one share of the load. */
export function isEngineWorker(): boolean {
  return parentPort !== null && (workerData as Partial<EngineWorkerData> | null)?.perfGateEngineWorker === true;
}

/** The worker side: one Engine over this thread's share, driven by the main thread's calls. */
export function runEngineWorker(): void {
  const data = workerData as EngineWorkerData;
  const port = parentPort!;
  const interrupt = new AbortController();
  const send = (message: WorkerMessage) => port.postMessage(message);
  const engine = createEngine({
    suite: data.suite,
    arms: data.arms.map((arm) => ({ name: arm.name, target: new URL(arm.target) })),
    clock: realClock,
    connect: openConnection,
    onEvent: (event) => send({ kind: 'event', event }),
    signal: interrupt.signal,
  });
  port.on('message', (message: WorkerCall) => {
    if (message.op === 'abort') {
      interrupt.abort();
      return;
    }
    const work =
      message.op === 'warmup'
        ? engine.warmup(message.setup.map((pairs) => new Map(pairs)))
        : message.op === 'measure'
          ? engine.measure(message.slots)
          : engine.close();
    work.then(
      () => send({ kind: 'done', id: message.id }),
      (error: Error & { code?: string }) =>
        send({
          kind: 'done',
          id: message.id,
          error: { message: error.message, name: error.name, ...(error.code ? { code: error.code } : {}) },
        }),
    );
    if (message.op === 'close') work.finally(() => port.close());
  });
}
