/** The relative gate (thresholds, blocking metrics, alpha, time budget, deployment noise) and the absolute budgets. */
import * as z from 'zod';
import { BUDGET_METRICS, FILE_KEY, GATE_METRICS as GATE_METRIC_LIST } from '../../result/metrics.js';
import type { Budget, GateMetric } from '../suite.js';
import { DEFAULT_ALPHA, DEFAULT_DEPLOYMENT_CV, DEFAULT_GATE, DEFAULT_MAX_DURATION_MS } from '../defaults.js';
import { PERCENTAGE_PATTERN, SIZE_PATTERN, GROWTH_PATTERN, formatDuration, parseGrowth, parsePercentage, parseSize } from '../units.js';
import { describeValue, quoteList, unknownName } from '../wording.js';
import { duration, evenWithOtherIssues, fail, latency, percentage, rate } from './fields.js';

/** The gate's metrics as the file names them (error_rate, cpu_per_request): src/result/metrics.ts. */
const GATE_METRICS = Object.fromEntries(GATE_METRIC_LIST.map((metric) => [FILE_KEY[metric], metric])) as {
  [M in GateMetric as (typeof FILE_KEY)[M]]: M;
};
type GateMetricKey = keyof typeof GATE_METRICS;
const GATE_METRIC_KEYS = Object.keys(GATE_METRICS) as GateMetricKey[];
const DEFAULT_BLOCKING = GATE_METRIC_KEYS.filter((key) => DEFAULT_GATE[GATE_METRICS[key]].blocking);

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
    .strictObject({ threshold: threshold(kind, description) }, { error: 'expected a mapping such as { threshold: 10% }' })
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
          `(default ${DEFAULT_GATE.errorRate.threshold * 100}%).`,
        'absolute',
      ),
      cpu_per_request: metricGate(
        "Largest tolerated rise of the service's CPU time per request, relative (e.g. 10%); needs a service source.",
      ),
    },
    { error: 'expected a mapping from metrics (p50, p95, p99, rps, error_rate, cpu_per_request) to { threshold }' },
  )
  .partial()
  .transform((metrics): Partial<Record<GateMetric, number>> =>
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
    Object.hasOwn(GATE_METRICS, name) ? (name as GateMetricKey) : fail(ctx, unknownName('metric', name, GATE_METRIC_KEYS)),
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
      `Metrics that can fail the gate; the others only inform (default [${DEFAULT_BLOCKING.join(', ')}]; [] for none). ` +
      "A scenario's list replaces the suite's.",
    uniqueItems: true,
  });

/** What a scenario may set of the gate: alpha and max_duration are the whole run's. */
const gateShape = {
  threshold: threshold(
    'relative',
    `Default threshold of p50, p95, p99 and rps: the largest tolerated relative degradation, e.g. ${DEFAULT_GATE.p95.threshold * 100}% (the default). ` +
      'Not for error_rate, whose threshold is absolute.',
  ),
  metrics: gateMetricsSchema,
  blocking: blockingSchema,
};

export const scenarioGateSchema = z
  .strictObject(gateShape)
  .partial()
  .meta({ description: "This scenario's relative gate, over the suite's gate: threshold, metrics, blocking." });

// Above 0.5 the gate would call noise a regression more often than not.
const ALPHA_HINT = 'expected a significance level above 0 and at most 0.5, such as 0.01';

export const suiteGateSchema = z
  .strictObject({
    ...gateShape,
    alpha: z
      .number({ error: ALPHA_HINT })
      .positive({ error: ALPHA_HINT })
      .max(0.5, { error: ALPHA_HINT })
      .meta({ description: `Family-wise significance level over the blocking metrics (Holm); default ${DEFAULT_ALPHA}.` }),
    max_duration: duration(
      `Time budget of the whole measurement, warm-up and adaptive extra rounds included: extra rounds never start past it (default ${formatDuration(DEFAULT_MAX_DURATION_MS)}).`,
      'zero',
    ),
    fail_on: z
      .enum(['regression', 'inconclusive'], {
        error: 'expected "regression" (the default: a run that cannot decide passes, with a warning) or "inconclusive" (it fails)',
      })
      .meta({
        description:
          'What fails the check: "regression" (a regression or an exceeded budget; a run that could not decide passes with a warning, the default) or "inconclusive" (an undecided run fails too). The CLI\'s --fail-on-inconclusive and the action\'s fail-on input override it.',
      }),
    deployment_noise: percentage.meta({
      description:
        'A/B mode (baseline-url): how much one deployment of the same code differs from another, as a coefficient of ' +
        `variation per deployment, such as "2%" (default: a weak ${DEFAULT_DEPLOYMENT_CV * 100} % prior, learnt from A/A records when the baseline has them).`,
    }),
  })
  .partial()
  .transform(({ max_duration, deployment_noise, fail_on, ...gate }) => ({
    ...gate,
    ...(max_duration !== undefined && { maxDurationMs: max_duration }),
    ...(fail_on !== undefined && { failOn: fail_on }),
    ...(deployment_noise !== undefined && { deploymentNoise: deployment_noise }),
  }))
  .meta({ description: 'The relative gate: how a run is compared with the stored baseline.' });

const CORES_HINT = 'expected a CPU utilisation such as "80%" (of one core; "250%" is two and a half) or 0.8 (cores)';
const cores = z
  .union(
    [
      z.number({ error: CORES_HINT }).positive({ error: CORES_HINT }),
      z
        .string({ error: CORES_HINT })
        .transform((text, ctx) => {
          const fraction = parsePercentage(text, 100_000);
          return fraction !== undefined && fraction > 0 ? fraction : fail(ctx, `${CORES_HINT}, found ${describeValue(text)}`);
        })
        .meta({ pattern: PERCENTAGE_PATTERN }),
    ],
    { error: CORES_HINT },
  )
  .meta({ description: 'The service\'s CPU utilisation in its busiest round: "80%" of one core, or 0.8 cores (needs service:).' });

const SIZE_HINT = 'expected a size such as 512MB, 4GB or 1.5GiB';
function size(description: string) {
  return z
    .string({ error: SIZE_HINT })
    .transform((text, ctx) => parseSize(text) ?? fail(ctx, `${SIZE_HINT}, found ${describeValue(text)}`))
    .meta({ description, pattern: SIZE_PATTERN });
}

const GROWTH_HINT = 'expected a growth such as 1MB/min, 50MiB/h or 10kB/s';
const growth = z
  .string({ error: GROWTH_HINT })
  .transform((text, ctx) => parseGrowth(text) ?? fail(ctx, `${GROWTH_HINT}, found ${describeValue(text)}`))
  .meta({
    description: "Growth of the service's resident memory over the rounds (the slope over time), e.g. 1MB/min (needs service:).",
    pattern: GROWTH_PATTERN,
  });

export const budgetSchema = z
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
    cpu_per_request: latency("The service's CPU time per request, e.g. 2ms (needs service:)."),
    cpu: cores,
    rss: size("The service's highest resident memory at a round's end, e.g. 512MB or 4GiB (needs service:)."),
    rss_growth: growth,
  })
  .partial()
  .meta({ description: 'Absolute budgets; the gate fails when a scenario exceeds one (or falls below rps).' })
  .superRefine((budget, ctx) => {
    if (budget['p99.9'] !== undefined && budget.p999 !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['p999'], message: 'give p99.9 or p999, not both' });
    }
  }, evenWithOtherIssues)
  .transform(
    // p99.9 and p999 are one budget (the refinement above refuses both).
    (raw): Budget => {
      const given = (metric: (typeof BUDGET_METRICS)[number]) => (metric === 'p999' ? (raw['p99.9'] ?? raw.p999) : raw[FILE_KEY[metric]]);
      return Object.fromEntries(BUDGET_METRICS.map((metric) => [metric, given(metric)]).filter(([, value]) => value !== undefined));
    },
  );
