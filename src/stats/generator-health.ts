import type { GeneratorHealth } from '../result/result.js';

/**
 * When the load generator, not the target, was the bottleneck of a round: its latencies then
 * include perf-gate's own queueing (a response waits for the busy event loop before it is
 * timed), and its throughput is the generator's, not the target's.
 *
 * The thresholds were set by measuring our engine on a 2-core machine (other work running):
 * - saturated: 10 connections, closed model, against a node:http hello server in the same
 *   process: event loop 100 % busy, CPU 0.86–1.05 cores, delay p99 0.2–3.3 ms;
 * - not saturated: an open model at 100–200 req/s against a server that sleeps 20 ms, alone
 *   and beside a process keeping one core busy: event loop 3–17 % busy, CPU 0.03–0.18, delay
 *   p99 1.2–10.2 ms; the busiest unsaturated rounds (20,000 req/s open, 100 connections closed,
 *   against a hello server in another process) had the loop 68–80 % busy at 0.42–0.86 cores;
 * - starved (three processes keeping two cores busy): event loop 100 % busy but only 0.25–0.36
 *   cores, delay p99 25–73 ms, p99 latency 20–50 times the unstarved one.
 */

/**
 * Event-loop utilisation at or above which the loop counts as full: idle less than 5 % of the
 * round, every completion queues behind others.
 */
export const SATURATED_ELU = 0.95;

/**
 * CPU (in cores) that must go with a full event loop: the generator's own work filled its
 * thread (fewer connections, worker threads or shards help). A thread that other processes
 * keep off the CPU also reads as a full loop (time it is descheduled mid-callback counts as
 * busy) while doing little; that one is judged by its delay. Artillery warns at the same 80 %.
 */
export const SATURATED_CPU = 0.8;

/**
 * Event-loop delay p99 (ms past the timer) at or above which the round is saturated whatever
 * the cause (its own work, garbage collection, other processes taking the CPU): in 1 % of the
 * round a response waited at least this long before it was timed. Twice the open model's
 * late threshold (10 ms), and twice the most measured beside a process keeping one core busy.
 */
export const SATURATED_DELAY_P99_MS = 20;

/** Whether a round's latencies measure the generator rather than the target. Pure. */
export function generatorSaturated(elu: number, delayP99Ms: number, cpu: number): boolean {
  return (elu >= SATURATED_ELU && cpu >= SATURATED_CPU) || delayP99Ms >= SATURATED_DELAY_P99_MS;
}

/** A round's measured figures with the verdict, as the result file stores them. */
export function generatorHealth(figures: Omit<GeneratorHealth, 'saturated'>): GeneratorHealth {
  return { ...figures, saturated: generatorSaturated(figures.elu, figures.delayP99Ms, figures.cpu) };
}
