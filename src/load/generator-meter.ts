import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** The generator's raw figures over one round, before they are judged. */
export interface GeneratorFigures {
  /** Event-loop utilisation, 0..1. */
  elu: number;
  /** CPU time over wall time, in cores. */
  cpu: number;
  /** p99 of the event loop's delay past its timer, ms. */
  delayP99Ms: number;
}

/** How often the delay monitor's timer fires: coarse enough to cost nothing, fine enough to see a queue. */
const DELAY_RESOLUTION_MS = 10;

/**
 * Starts measuring this thread's event loop and CPU time; the returned function stops and gives
 * the figures since the start (called again, the same figures). Called at the start and the end
 * of a round, never per request.
 *
 * `cpu` is this thread's CPU time (user + system) over the wall time where Node can tell
 * (`process.threadCpuUsage`, Node 23.9 and later: the action's runtime); on older versions
 * `process.cpuUsage()`, the whole process's: with one thread the engine plus V8's helper
 * threads (GC), so it can pass 1 a little, and in a worker thread every thread's together.
 */
export function startGeneratorMeter(): () => GeneratorFigures {
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  const elu = performance.eventLoopUtilization();
  const cpuUsage = threadCpuUsage();
  const cpu = cpuUsage();
  const start = performance.now();
  let figures: GeneratorFigures | undefined;
  return () => (figures ??= stop());

  function stop(): GeneratorFigures {
    const wallUs = (performance.now() - start) * 1000;
    const used = cpuUsage(cpu);
    const utilization = performance.eventLoopUtilization(elu).utilization;
    delay.disable();
    // Node records the whole interval between the monitor's timer callbacks; its delay is what
    // passed beyond the interval asked for.
    const p99 = delay.count > 0 ? delay.percentile(99) / 1e6 - DELAY_RESOLUTION_MS : 0;
    return {
      elu: round3(clamp(utilization, 0, 1)),
      cpu: wallUs > 0 ? round3((used.user + used.system) / wallUs) : 0,
      delayP99Ms: round3(Math.max(0, p99)),
    };
  }
}

type CpuClock = (previous?: NodeJS.CpuUsage) => NodeJS.CpuUsage;

/** This thread's CPU clock where the runtime has one, else the process's. */
function threadCpuUsage(): CpuClock {
  const perThread = (process as { threadCpuUsage?: CpuClock }).threadCpuUsage;
  return perThread === undefined ? (previous) => process.cpuUsage(previous) : (previous) => perThread.call(process, previous);
}

const clamp = (value: number, low: number, high: number): number => (Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : low);
const round3 = (value: number): number => Math.round(value * 1000) / 1000;
