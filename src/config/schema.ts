/**
 * What a valid suite file is: the zod schema (which also yields the editors' JSON Schema) and the
 * rules that span several places in the file. Units are converted here; defaults are applied
 * later, in resolve.ts, because they depend on other parts of the file.
 */
import { z } from 'zod';
import type { Budget, ExpectSpec, GateMetric, HttpMethod, StatusRange } from './suite.js';
import { isRecord } from './raw.js';
import { normalizeTarget, targetProblem } from './target.js';
import type { PathIssue } from './source-map.js';
import {
  DURATION_PATTERN,
  PERCENTAGE_PATTERN,
  RATE_PATTERN,
  parseDuration,
  parsePercentage,
  parseRate,
} from './units.js';
import { closest, describeValue, quoteList, unknownName } from './wording.js';

const SUITE_VERSION = 1;
const SUITE_NAME = /^[A-Za-z0-9._-]+$/;
/** Threshold key that applies to every scenario. */
const ALL_SCENARIOS = '*';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const satisfies readonly HttpMethod[];

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What the HTTP client accepts in a header value: tab, printable ASCII and Latin-1.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Headers perf-gate (or its HTTP client) must own, with the reason given to the user. */
const REFUSED_HEADERS: Readonly<Record<string, string>> = {
  host: 'perf-gate sends the host of target, so that headers only ever go to that origin; change target instead',
  'content-length': 'perf-gate computes it from the body',
  'transfer-encoding': 'perf-gate sends bodies with a content-length',
  connection: 'perf-gate manages connections itself; they are part of the load model',
  'keep-alive': 'perf-gate manages connections itself; they are part of the load model',
  upgrade: 'perf-gate measures plain HTTP requests, not protocol upgrades',
  expect: 'the HTTP client does not support expect: 100-continue',
};

const DURATION_HINT = 'expected a duration such as 500ms, 2s or 1m';
const RATE_HINT = 'expected a rate above 0 in requests per second, such as 200, "200/s" or "12000/m"';
const PERCENTAGE_HINT = 'expected a fraction from 0 to 1 such as 0.01, or a percentage such as "1%"';
const STATUS_HINT = 'expected a status code from 100 to 599 or a class such as "2xx"';
const LOAD_HINT =
  'expected connections (closed model: that many workers, each sending its next request when the previous one ends) ' +
  'or rate (open model: requests start at a fixed rate per second, whatever the responses)';
const PATH_HINT = 'expected a path starting with /, such as /api/items?q=1';

// Cross-field checks also run when a sibling field is wrong, so all issues are reported at once;
// they still need a mapping to look into.
const evenWithOtherIssues = { when: (payload: { value: unknown }) => isRecord(payload.value) };

// `continue: true` makes a union report this message rather than its own generic one.
function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message, continue: true });
  return z.NEVER;
}

function duration(description: string, minimum: 'zero' | 'positive') {
  return z
    .string({ error: DURATION_HINT })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) return fail(ctx, `${DURATION_HINT}, found ${describeValue(text)}`);
      if (ms === 0 && minimum === 'positive') return fail(ctx, `expected a duration above 0, found ${describeValue(text)}`);
      return ms;
    })
    .meta({ description, pattern: DURATION_PATTERN });
}

const latency = (description: string) => duration(description, 'positive');

function rate(description: string) {
  return z
    .union(
      [
        z.number({ error: RATE_HINT }).positive({ error: RATE_HINT }),
        z
          .string({ error: RATE_HINT })
          .transform((text, ctx) => parseRate(text) ?? fail(ctx, `${RATE_HINT}, found ${describeValue(text)}`))
          .meta({ pattern: RATE_PATTERN }),
      ],
      { error: RATE_HINT },
    )
    .meta({ description });
}

const percentage = z
  .union(
    [
      z.number({ error: PERCENTAGE_HINT }).min(0).max(1),
      z
        .string({ error: PERCENTAGE_HINT })
        .transform(
          (text, ctx) =>
            parsePercentage(text) ??
            fail(ctx, `expected a percentage from 0% to 100% such as "1%", found ${describeValue(text)}`),
        )
        .meta({ pattern: PERCENTAGE_PATTERN }),
    ],
    { error: PERCENTAGE_HINT },
  )
  .meta({ description: 'Maximum share of requests that fail: 0.01 or "1%".' });

function integer(min: number, max: number, what: string) {
  return z
    .int({ error: `expected ${what}: a whole number from ${min} to ${max}` })
    .min(min)
    .max(max);
}

const rounds = integer(1, 1000, 'a number of rounds').meta({
  description: 'Independent measurement rounds per scenario (default 5).',
});
const warmup = duration('Load sent before measuring, not measured (default 2s; 0s for none).', 'zero');
const timeout = duration('Per-request timeout (default 10s).', 'positive');

const method = z
  .string({ error: `expected one of ${HTTP_METHODS.join(', ')}` })
  .transform(
    (text, ctx) =>
      HTTP_METHODS.find((known) => known === text.toUpperCase()) ??
      fail(ctx, `expected one of ${HTTP_METHODS.join(', ')}, found ${describeValue(text)}`),
  )
  .meta({
    description: 'HTTP method, any case (default GET).',
    // JSON Schema patterns take no flags, so spell out case-insensitivity per letter.
    pattern: `^(?:${HTTP_METHODS.map((name) => [...name].map((c) => `[${c}${c.toLowerCase()}]`).join('')).join('|')})$`,
  });

const requestPath = z
  .string({ error: PATH_HINT })
  .superRefine((path, ctx) => {
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'expected a path such as /api/items, not an absolute URL: headers may hold secrets and must only ever go ' +
          "to the target's origin; set the origin in target",
      });
    } else if (!path.startsWith('/')) {
      ctx.addIssue({ code: 'custom', message: `${PATH_HINT}, found ${describeValue(path)}` });
    } else if (path.startsWith('//') || path.startsWith('/\\')) {
      ctx.addIssue({
        code: 'custom',
        message:
          'expected a path such as /api/items: a path starting with // or /\\ names another host, and headers may ' +
          "hold secrets that must only ever go to the target's origin",
      });
    } else if (/[\s\p{Cc}]/u.test(path)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a path without spaces or control characters (write a space as %20)',
      });
    }
  })
  .meta({ description: 'Path (and query) joined to the target, e.g. /api/items?q=1. Absolute URLs are refused.' });

const headerName = z.string().superRefine((name, ctx) => {
  if (!HEADER_NAME.test(name)) {
    ctx.addIssue({
      code: 'custom',
      message: "expected a header name of letters, digits and !#$%&'*+-.^_`|~",
    });
    return;
  }
  const reason = REFUSED_HEADERS[name.toLowerCase()];
  if (reason) ctx.addIssue({ code: 'custom', message: `the ${name.toLowerCase()} header cannot be set: ${reason}` });
});

// Values are never echoed in messages: they may hold secrets.
const headerValue = z
  .string({ error: 'expected a string; quote values such as "5" or "true"' })
  .superRefine((value, ctx) => {
    if (!HEADER_VALUE.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a header value without line breaks or other control characters, in Latin-1',
      });
    }
  });

/** Request headers, by the same rules wherever they come from: the suite file or the action's `headers` input. */
export const headersSchema = z
  .record(headerName.meta({ pattern: HEADER_NAME.source }), headerValue, {
    error: 'expected a mapping of header names to values',
  })
  .superRefine(
    (map, ctx) => {
      const seen = new Map<string, string>();
      for (const name of Object.keys(map)) {
        const first = seen.get(name.toLowerCase());
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `header names are case-insensitive: this repeats '${first}'`,
            params: { at: 'key' },
          });
        } else seen.set(name.toLowerCase(), name);
      }
    },
    evenWithOtherIssues,
  )
  .transform((map) => Object.fromEntries(Object.entries(map).map(([name, value]) => [name.toLowerCase(), value])))
  .meta({
    description:
      'Request headers; names are case-insensitive. Values may use ${{ env.NAME }}. In YAML, quote a value ' +
      'containing ${{ inside { ... }: { authorization: "Bearer ${{ env.TOKEN }}" }.',
  });

const statusCode = z.union(
  [
    integer(100, 599, 'a status code').transform((code): StatusRange => [code, code]),
    z
      .string({ error: STATUS_HINT })
      .regex(/^[1-5][xX]{2}$/, { error: STATUS_HINT })
      .transform((text): StatusRange => {
        const base = Number(text[0]) * 100;
        return [base, base + 99];
      }),
  ],
  { error: STATUS_HINT },
);

const expectSchema = z
  .strictObject({
    status: z
      .array(statusCode, { error: 'expected a list of status codes such as [200] or ["2xx", 304]' })
      .min(1, { error: 'expected at least one status code' })
      .meta({ description: 'Statuses that count as success (default [200..399]): codes or classes like "2xx".' }),
    body_contains: z
      .string({ error: 'expected a string' })
      .min(1, { error: 'expected a non-empty string' })
      .meta({ description: 'Text the response body must contain, or the request counts as an error.' }),
  })
  .partial()
  .transform((raw): Partial<ExpectSpec> => ({
    ...(raw.status && { status: raw.status }),
    ...(raw.body_contains !== undefined && { bodyContains: raw.body_contains }),
  }))
  .meta({ description: 'What a successful response looks like; anything else counts as an error.' });

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

const loadSchema = z
  .strictObject(
    {
      connections: connections(
        'Closed model: concurrent workers. Open model (with rate or stages): most requests in flight (default 100).',
      ).optional(),
      rate: rate('Open model: requests started per second, whatever the responses: 200, "200/s", "12000/m".').optional(),
      duration: duration('Measured time per round (default from defaults.duration, else 5s).', 'positive').optional(),
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
      start_connections: connections('With connection stages: the workers the first stage ramps from (default 1).').optional(),
    },
    { error: LOAD_HINT },
  )
  .transform((raw, ctx) => {
    if (raw.stages !== undefined) {
      if (raw.rate !== undefined || raw.duration !== undefined) {
        return fail(ctx, 'give stages, or rate and duration, not both: with stages, each stage has its own duration and rate');
      }
      const kinds = new Set(raw.stages.map((stage) => (stage.rate !== undefined ? 'rate' : stage.connections !== undefined ? 'connections' : 'none')));
      if (kinds.size !== 1 || kinds.has('none') || raw.stages.some((stage) => stage.rate !== undefined && stage.connections !== undefined)) {
        return fail(ctx, 'expected every stage to give a rate (open model) or every stage connections (closed model)');
      }
      if (kinds.has('connections')) {
        if (raw.start_rate !== undefined) return fail(ctx, 'start_rate goes with rate stages; use start_connections');
        const stages = raw.stages.map((stage) => ({ durationMs: stage.duration, connections: stage.connections! }));
        const startConnections = raw.start_connections ?? 1;
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
      let from = startRate;
      let requests = 0;
      for (const stage of stages) {
        requests += ((from + stage.rate) / 2) * (stage.durationMs / 1000);
        from = stage.rate;
      }
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

const requestSchema = z
  .strictObject({
    method: method.optional(),
    path: requestPath,
    headers: headersSchema.optional(),
    json: z.json().optional().meta({ description: 'JSON body; sent with content-type: application/json unless set.' }),
    body: z.string({ error: 'expected a string (use json for structured bodies)' }).optional().meta({
      description: 'Raw body text.',
    }),
  })
  .superRefine(
    (request, ctx) => {
      if (request.json !== undefined && request.body !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['body'], message: 'give json or body, not both' });
      }
    },
    evenWithOtherIssues,
  );

const scenarioName = z
  .string({ error: 'expected a scenario name' })
  .min(1, { error: 'expected a non-empty scenario name' })
  .max(100, { error: 'expected a scenario name of at most 100 characters' })
  .superRefine((name, ctx) => {
    if (/[\p{Cc}\p{Cs}]/u.test(name) || name.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'expected a printable scenario name, without control characters' });
    } else if (name === ALL_SCENARIOS) {
      ctx.addIssue({ code: 'custom', message: `'${ALL_SCENARIOS}' is reserved for thresholds that apply to every scenario` });
    }
  })
  .meta({ description: 'Unique name, used in reports and thresholds (at most 100 characters).' });

/** The gate's metrics as the file names them. */
const GATE_METRICS = {
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  rps: 'rps',
  error_rate: 'errorRate',
} as const satisfies Record<string, GateMetric>;
type GateMetricKey = keyof typeof GATE_METRICS;
const GATE_METRIC_KEYS = Object.keys(GATE_METRICS) as GateMetricKey[];

/**
 * Latencies and rps change relatively, and may double or worse; the error rate changes in
 * percentage points, and cannot rise by more than 100 of them.
 */
const THRESHOLD_RANGES = {
  relative: { max: 10, hint: 'expected a relative change above 0% and at most 1000%, such as "10%" or 0.1' },
  absolute: { max: 1, hint: 'expected percentage points above 0% and at most 100%, such as "1%" or 0.01' },
} as const;

function threshold(kind: keyof typeof THRESHOLD_RANGES, description: string) {
  const { max, hint } = THRESHOLD_RANGES[kind];
  return z
    .union(
      [
        // A bare number is a fraction: `threshold: 10` is far likelier a slip for 10 % than a
        // deliberate 1000 %, so numbers stop at 1 and larger thresholds are written as "150%".
        z
          .number({ error: hint })
          .positive({ error: hint })
          .max(1, { error: `${hint}; a bare number is a fraction (0.1 = 10%), write larger thresholds as "150%"` }),
        z
          .string({ error: hint })
          .transform((text, ctx) => {
            const fraction = parsePercentage(text, max);
            if (fraction !== undefined && fraction > 0) return fraction;
            return fail(ctx, `${hint}, found ${describeValue(text)}`);
          })
          .meta({ pattern: PERCENTAGE_PATTERN }),
      ],
      { error: hint },
    )
    .meta({ description });
}

const metricGate = (description: string, kind: keyof typeof THRESHOLD_RANGES = 'relative') =>
  z
    .strictObject(
      { threshold: threshold(kind, description) },
      { error: 'expected a mapping such as { threshold: 10% }' },
    )
    .meta({ description });

const gateMetricsSchema = z
  .strictObject(
    {
      p50: metricGate('Largest tolerated rise of the median latency, relative (e.g. 5%).'),
      p95: metricGate('Largest tolerated rise of p95 latency, relative (e.g. 10%).'),
      p99: metricGate('Largest tolerated rise of p99 latency, relative (e.g. 25%).'),
      rps: metricGate('Largest tolerated drop in achieved requests per second, relative (e.g. 10%).'),
      error_rate: metricGate(
        'Largest tolerated rise of the error rate, ABSOLUTE in percentage points: 0.5% means from 1% to 1.5% ' +
          '(default 1%).',
        'absolute',
      ),
    },
    { error: 'expected a mapping from metrics (p50, p95, p99, rps, error_rate) to { threshold }' },
  )
  .partial()
  .transform(
    (metrics): Partial<Record<GateMetric, number>> =>
      Object.fromEntries(
        GATE_METRIC_KEYS.flatMap((key) => {
          const policy = metrics[key];
          return policy === undefined ? [] : [[GATE_METRICS[key], policy.threshold]];
        }),
      ),
  )
  .meta({ description: 'Thresholds per metric; each overrides threshold for its metric.' });

const METRIC_HINT = `expected a metric name: one of ${quoteList(GATE_METRIC_KEYS)}`;

const gateMetricKey = z
  .string({ error: METRIC_HINT })
  .transform((name, ctx) =>
    // hasOwn: "toString" must not be found on the object's prototype.
    Object.hasOwn(GATE_METRICS, name)
      ? (name as GateMetricKey)
      : fail(ctx, unknownName('metric', name, GATE_METRIC_KEYS)),
  )
  .meta({ enum: GATE_METRIC_KEYS });

const blockingSchema = z
  .array(gateMetricKey, { error: 'expected a list of metrics such as [p95, error_rate]' })
  .superRefine(
    (keys, ctx) => {
      keys.forEach((key, index) => {
        // An item that failed is not a name (its issue is reported already).
        if (typeof key === 'string' && keys.indexOf(key) < index) {
          ctx.addIssue({ code: 'custom', path: [index], message: `'${key}' is listed twice` });
        }
      });
    },
    { when: (payload) => Array.isArray(payload.value) },
  )
  .transform((keys) => keys.map((key) => GATE_METRICS[key]))
  .meta({
    description:
      'Metrics that can fail the gate; the others only inform (default [p95, error_rate]; [] for none). ' +
      "A scenario's list replaces the suite's.",
    uniqueItems: true,
  });

/** What a scenario may set of the gate: alpha and max_duration are the whole run's. */
const gateShape = {
  threshold: threshold(
    'relative',
    'Default threshold of p50, p95, p99 and rps: the largest tolerated relative degradation, e.g. 10% (the default). ' +
      'Not for error_rate, whose threshold is absolute.',
  ),
  metrics: gateMetricsSchema,
  blocking: blockingSchema,
};

const scenarioGateSchema = z
  .strictObject(gateShape)
  .partial()
  .meta({ description: "This scenario's relative gate, over the suite's gate: threshold, metrics, blocking." });

// Above 0.5 the gate would call noise a regression more often than not.
const ALPHA_HINT = 'expected a significance level above 0 and at most 0.5, such as 0.01';

const suiteGateSchema = z
  .strictObject({
    ...gateShape,
    alpha: z
      .number({ error: ALPHA_HINT })
      .positive({ error: ALPHA_HINT })
      .max(0.5, { error: ALPHA_HINT })
      .meta({ description: 'Family-wise significance level over the blocking metrics (Holm); default 0.01.' }),
    max_duration: duration(
      'Time budget for extra rounds when a blocking metric is inconclusive (default 3m; 0s for none).',
      'zero',
    ),
    deployment_noise: percentage.meta({
      description:
        'A/B mode (baseline-url): how much one deployment of the same code differs from another, as a coefficient of ' +
        'variation per deployment, such as "2%" (default: a weak 1 % prior, learnt from A/A records when the baseline has them).',
    }),
  })
  .partial()
  .transform(({ max_duration, deployment_noise, ...gate }) => ({
    ...gate,
    ...(max_duration !== undefined && { maxDurationMs: max_duration }),
    ...(deployment_noise !== undefined && { deploymentNoise: deployment_noise }),
  }))
  .meta({ description: 'The relative gate: how a run is compared with the stored baseline.' });

const scenarioSchema = z
  .strictObject({
    name: scenarioName,
    request: requestSchema,
    load: loadSchema,
    expect: expectSchema.optional(),
    warmup: warmup.optional(),
    rounds: rounds.optional(),
    timeout: timeout.optional(),
    gate: scenarioGateSchema.optional(),
  })
  .meta({ description: 'One kind of request and the load to send it at.' });

const defaultsSchema = z
  .strictObject({
    warmup,
    rounds,
    timeout,
    duration: duration('Default load.duration (default 5s).', 'positive'),
    headers: headersSchema.meta({ description: "Headers merged under each scenario's request.headers (the scenario wins)." }),
    expect: expectSchema,
  })
  .partial()
  .meta({ description: 'Applied to every scenario unless it sets its own.' });

const budgetSchema = z
  .strictObject({
    p50: latency('Median latency budget, e.g. 100ms.'),
    p90: latency('90th percentile latency budget.'),
    p95: latency('95th percentile latency budget.'),
    p99: latency('99th percentile latency budget.'),
    'p99.9': latency('99.9th percentile latency budget (also p999).'),
    p999: latency('99.9th percentile latency budget (also p99.9).'),
    max: latency('Slowest request budget.'),
    error_rate: percentage,
    rps: rate('Minimum achieved requests per second: 150, "150/s" or "9000/m".'),
  })
  .partial()
  .meta({ description: 'Absolute budgets; the gate fails when a scenario exceeds one (or falls below rps).' })
  .superRefine(
    (budget, ctx) => {
      if (budget['p99.9'] !== undefined && budget.p999 !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['p999'], message: 'give p99.9 or p999, not both' });
      }
    },
    evenWithOtherIssues,
  )
  .transform(
    (raw): Budget =>
      Object.fromEntries(
        Object.entries({
          p50: raw.p50,
          p90: raw.p90,
          p95: raw.p95,
          p99: raw.p99,
          p999: raw['p99.9'] ?? raw.p999,
          max: raw.max,
          errorRate: raw.error_rate,
          rps: raw.rps,
        }).filter(([, value]) => value !== undefined),
      ),
  );

export const suiteFileSchema = z
  .strictObject({
    version: z
      .literal(SUITE_VERSION, {
        error: `expected ${SUITE_VERSION}; this perf-gate reads suite version ${SUITE_VERSION}`,
      })
      .meta({ description: 'Suite file format version.' }),
    name: z
      .string({ error: 'expected a suite name' })
      .regex(SUITE_NAME, { error: 'expected a suite name of letters, digits, ".", "_" and "-"' })
      .optional()
      .meta({ description: "Suite name (default: the file's base name)." }),
    target: z
      .string({ error: 'expected a URL such as http://127.0.0.1:8080' })
      .superRefine(checkTarget)
      .transform(normalizeTarget)
      .optional()
      .meta({
        description:
          'Base URL (http or https, may carry a base path); --target overrides it. May use ${{ env.NAME }}.',
      }),
    defaults: defaultsSchema.optional(),
    scenarios: z
      .array(scenarioSchema, { error: 'expected a list of scenarios' })
      .min(1, { error: 'expected at least one scenario' })
      .meta({ description: 'The requests to measure, each with its own load.' }),
    thresholds: z
      .record(z.string(), budgetSchema, {
        error: `expected a mapping from scenario names (or "${ALL_SCENARIOS}") to budgets`,
      })
      .optional()
      .meta({ description: `Absolute budgets per scenario name, or "${ALL_SCENARIOS}" for every scenario.` }),
    gate: suiteGateSchema.optional(),
  })
  .meta({ title: 'perf-gate suite', description: 'An HTTP load suite for perf-gate (perf-gate.yml).' });

export type SuiteFile = z.output<typeof suiteFileSchema>;

function checkTarget(text: string, ctx: z.RefinementCtx): void {
  const problem = targetProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
}

/**
 * Rules that relate different parts of the file. They read the raw data, not zod's output, so
 * they are reported even when other parts of the file are wrong.
 */
export function crossCheck(raw: unknown): PathIssue[] {
  if (!isRecord(raw) || !Array.isArray(raw.scenarios)) return [];
  const issues: PathIssue[] = [];
  let named = 0;
  const firstIndex = new Map<string, number>();
  raw.scenarios.forEach((scenario: unknown, index) => {
    const name = isRecord(scenario) ? scenario.name : undefined;
    if (typeof name !== 'string') return;
    named++;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else {
      issues.push({
        path: ['scenarios', index, 'name'],
        message: `duplicate scenario name ${describeValue(name)}; scenarios[${first}] has it already`,
      });
    }
  });
  // A threshold can only be checked against names once every scenario has one.
  if (isRecord(raw.thresholds) && named === raw.scenarios.length) {
    const names = [...firstIndex.keys()];
    for (const key of Object.keys(raw.thresholds)) {
      if (key === ALL_SCENARIOS || firstIndex.has(key)) continue;
      const suggestion = closest(key, names);
      issues.push({
        path: ['thresholds', key],
        at: 'key',
        message:
          `no scenario is named ${describeValue(key)}` +
          (suggestion === undefined ? '' : `; did you mean '${suggestion}'?`) +
          ` (scenarios: ${quoteList(names)}; "${ALL_SCENARIOS}" applies to all)`,
      });
    }
  }
  return issues;
}
