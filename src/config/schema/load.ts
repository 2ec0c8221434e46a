/** The load a scenario sends: closed model (connections), open model (rate), or stages ramping either. */
import * as z from 'zod';
import { DEFAULT_DURATION_MS, DEFAULT_OPEN_CONNECTIONS, DEFAULT_START_CONNECTIONS } from '../defaults.js';
import { formatDuration } from '../units.js';
import { rampSegments } from '../ramp.js';
import { duration, fail, integer, rate } from './fields.js';

const LOAD_HINT =
  'expected connections (closed model: that many workers, each sending its next request when the previous one ends) ' +
  'or rate (open model: requests start at a fixed rate per second, whatever the responses)';
const connections = (description: string) => integer(1, 10_000, 'a number of connections').meta({ description });

const stageSchema = z
  .strictObject(
    {
      duration: duration('Length of the stage.', 'positive'),
      rate: rate('Open model: the rate reached at the end of the stage (req/s), ramping linearly from the previous stage.').optional(),
      connections: connections('Closed model: the workers reached at the end of the stage, ramping from the previous stage.').optional(),
    },
    { error: 'expected a stage such as { duration: 30s, rate: 200 } or { duration: 30s, connections: 50 }' },
  )
  .meta({ description: 'A stage of a ramp: of the arrival rate (open model) or of the connections (closed model).' });

export const loadSchema = z
  .strictObject(
    {
      connections: connections(
        `Closed model: concurrent workers. Open model (with rate or stages): most requests in flight (default ${DEFAULT_OPEN_CONNECTIONS}).`,
      ).optional(),
      rate: rate('Open model: requests started per second, whatever the responses: 200, "200/s", "12000/m".').optional(),
      duration: duration(
        `Measured time per round (default from defaults.duration, else ${formatDuration(DEFAULT_DURATION_MS)}).`,
        'positive',
      ).optional(),
      stages: z
        .array(stageSchema, { error: 'expected a list of stages such as [{ duration: 30s, rate: 100 }, { duration: 1m, rate: 500 }]' })
        .min(1, { error: 'expected at least one stage' })
        .max(100, { error: 'expected at most 100 stages' })
        .optional()
        .meta({ description: 'Open model with a ramping rate: each stage ramps linearly to its rate; a round runs them all.' }),
      start_rate: z
        .number({ error: 'expected a rate in requests per second, 0 or more' })
        .nonnegative({ error: 'expected a rate in requests per second, 0 or more' })
        .optional()
        .meta({ description: 'With rate stages: the rate the first stage ramps from (default 0).' }),
      start_connections: connections(
        `With connection stages: the workers the first stage ramps from (default ${DEFAULT_START_CONNECTIONS}).`,
      ).optional(),
    },
    { error: LOAD_HINT },
  )
  .transform((raw, ctx) => {
    if (raw.stages !== undefined) {
      if (raw.rate !== undefined || raw.duration !== undefined) {
        return fail(ctx, 'give stages, or rate and duration, not both: with stages, each stage has its own duration and rate');
      }
      const kinds = new Set(
        raw.stages.map((stage) => (stage.rate !== undefined ? 'rate' : stage.connections !== undefined ? 'connections' : 'none')),
      );
      if (
        kinds.size !== 1 ||
        kinds.has('none') ||
        raw.stages.some((stage) => stage.rate !== undefined && stage.connections !== undefined)
      ) {
        return fail(ctx, 'expected every stage to give a rate (open model) or every stage connections (closed model)');
      }
      if (kinds.has('connections')) {
        if (raw.start_rate !== undefined) return fail(ctx, 'start_rate goes with rate stages; use start_connections');
        const stages = raw.stages.map((stage) => ({ durationMs: stage.duration, connections: stage.connections! }));
        const startConnections = raw.start_connections ?? DEFAULT_START_CONNECTIONS;
        return {
          model: 'closed' as const,
          connections: Math.max(startConnections, ...stages.map((stage) => stage.connections)),
          durationMs: stages.reduce((sum, stage) => sum + stage.durationMs, 0),
          stages,
          startConnections,
        };
      }
      if (raw.start_connections !== undefined) return fail(ctx, 'start_connections goes with connection stages; use start_rate');
      const stages = raw.stages.map((stage) => ({ durationMs: stage.duration, rate: stage.rate! }));
      const startRate = raw.start_rate ?? 0;
      const durationMs = stages.reduce((sum, stage) => sum + stage.durationMs, 0);
      // The mean rate over the stages: what a round sends, over its length.
      const requests = rampSegments(
        startRate,
        stages.map((stage) => ({ durationMs: stage.durationMs, to: stage.rate })),
      ).total;
      return { model: 'open' as const, rate: requests / (durationMs / 1000), connections: raw.connections, durationMs, stages, startRate };
    }
    if (raw.start_rate !== undefined || raw.start_connections !== undefined) {
      return fail(ctx, `${raw.start_rate !== undefined ? 'start_rate' : 'start_connections'} goes with stages`);
    }
    if (raw.rate !== undefined) {
      return { model: 'open' as const, rate: raw.rate, connections: raw.connections, durationMs: raw.duration };
    }
    if (raw.connections !== undefined) {
      return { model: 'closed' as const, connections: raw.connections, durationMs: raw.duration };
    }
    return fail(ctx, LOAD_HINT);
  })
  .meta({
    description: 'Closed model: { connections }. Open model: { rate, connections? }, or { stages, start_rate?, connections? }.',
    anyOf: [{ required: ['connections'] }, { required: ['rate'] }, { required: ['stages'] }],
  });
