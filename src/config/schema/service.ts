/** Where the service's own cost (CPU time, resident memory) is read from. */
import * as z from 'zod';
import { targetProblem } from '../target.js';
import { duration, evenWithOtherIssues, fail } from './fields.js';

const METRICS_HINT = 'expected a path on the target such as /metrics, or a URL such as http://127.0.0.1:9464/metrics';

export const serviceSchema = z
  .strictObject({
    metrics: z
      .string({ error: METRICS_HINT })
      .transform((text, ctx) => {
        if (text.startsWith('/') && !text.startsWith('//')) return text;
        const problem = targetProblem(text);
        return problem === undefined ? text : fail(ctx, `${METRICS_HINT}: ${problem}`);
      })
      .optional()
      .meta({
        description:
          "The service's Prometheus endpoint, read before and after every round for process_cpu_seconds_total and process_resident_memory_bytes: a path (on each target, the base's too in A/B mode) or a URL.",
      }),
    command: z
      .string({ error: 'expected a shell command such as "node server.js"' })
      .min(1, { error: 'expected a shell command such as "node server.js"' })
      .optional()
      .meta({
        description:
          "Started by perf-gate before the run (sh -c, with PORT set to the target's port) and stopped after it; its CPU time and memory, children included, are read from /proc (Linux) unless metrics is given.",
      }),
    ready: z
      .string({ error: 'expected a path such as /health' })
      .regex(/^\/(?!\/)/, { error: 'expected a path starting with /, such as /health' })
      .optional()
      .meta({ description: 'With command: polled on the target until it answers 2xx (default /).' }),
    ready_timeout: duration('With command: how long it may take to answer ready (default 30s).', 'positive').optional(),
  })
  .superRefine((service, ctx) => {
    if (service.metrics === undefined && service.command === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected metrics (a Prometheus endpoint), command (a process perf-gate starts), or both' });
    }
    for (const key of ['ready', 'ready_timeout'] as const) {
      if (service[key] !== undefined && service.command === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies to a service perf-gate starts: give command too` });
    }
  }, evenWithOtherIssues)
  .meta({ description: "Where the service's own CPU time and memory are read: its Prometheus endpoint, or a process perf-gate starts." });
