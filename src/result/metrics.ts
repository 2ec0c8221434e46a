/**
 * The metric vocabulary, written once: which metrics the relative gate compares and which an
 * absolute budget can bound, what the suite file calls each, what people read for each, and the
 * unit its level is in. The suite's parser, the judge and every report read it from here.
 */

/** Metrics the relative gate compares. `cpuPerRequest`: the service's CPU time per request, where the suite names a source. */
export const GATE_METRICS = ['p50', 'p95', 'p99', 'rps', 'errorRate', 'cpuPerRequest'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

/** Metrics an absolute budget can bound, in the order budgets are reported. */
export const BUDGET_METRICS = [
  'p50',
  'p90',
  'p95',
  'p99',
  'p999',
  'max',
  'errorRate',
  'rps',
  'cpuPerRequest',
  'cpu',
  'rss',
  'rssGrowth',
] as const;
export type BudgetMetric = (typeof BUDGET_METRICS)[number];

export type Metric = GateMetric | BudgetMetric;

/** How the suite file names each metric, under `gate:` and under `thresholds:` (p999 is also written p99.9 there). */
export const FILE_KEY = {
  p50: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  p999: 'p999',
  max: 'max',
  errorRate: 'error_rate',
  rps: 'rps',
  cpuPerRequest: 'cpu_per_request',
  cpu: 'cpu',
  rss: 'rss',
  rssGrowth: 'rss_growth',
} as const satisfies Record<Metric, string>;

/** What people read for each metric, in every report and message. */
export const METRIC_LABEL: Record<Metric, string> = {
  p50: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  p999: 'p99.9',
  max: 'max',
  errorRate: 'error rate',
  rps: 'req/s',
  cpuPerRequest: 'CPU/req',
  cpu: 'CPU',
  rss: 'RSS',
  rssGrowth: 'RSS growth',
};

/** The unit a metric's level is in: latencies and CPU per request in ms, the error rate a fraction, CPU in cores, memory in bytes. */
export type MetricUnit = 'ms' | 'req/s' | 'fraction' | 'cores' | 'bytes' | 'bytes/min';
export const METRIC_UNIT: Record<Metric, MetricUnit> = {
  p50: 'ms',
  p90: 'ms',
  p95: 'ms',
  p99: 'ms',
  p999: 'ms',
  max: 'ms',
  errorRate: 'fraction',
  rps: 'req/s',
  cpuPerRequest: 'ms',
  cpu: 'cores',
  rss: 'bytes',
  rssGrowth: 'bytes/min',
};
