import { METRIC_LABEL } from '../result/metrics.js';
import { median } from 'simple-statistics';
import { decodeHistogram, mergeHistograms } from '../result/histogram.js';
import { cpuPerRequestMs, type RoundResult, type RunResult, type ScenarioResult } from '../result/result.js';
import type { StressFinding } from '../stats/breaking-point.js';
import type { GateResult, MetricComparison } from '../result/verdict.js';
import { chartData, keep, type Chart, type ChartData, type Figure, type Series, type XAxis, type YAxis } from './chart.js';
import { rateAxis } from './rate-axis.js';

/**
 * What the HTML report's charts draw, per scenario, computed here from the results so the page's
 * script only draws: plain numbers, no histogram decoding in the browser. Per scenario: its
 * latency distribution; its latencies round by round; a chart per other metric that blocks
 * (req/s, the error rate when either side had errors, CPU per request); CPU per request and the
 * service's memory whenever they were measured; and for stages, the timeline.
 */
export interface ReportCharts {
  data: ChartData;
  /** Each scenario's figures, in the results' order. */
  scenarios: { name: string; figures: Figure[] }[];
}

export interface ReportChartsInput {
  current: RunResult;
  /** The runs judged against: the stored baseline's, or the base measured alongside (one run, its rounds paired by number). */
  baseline: RunResult[];
  paired: boolean;
  findings: StressFinding[];
  gate?: GateResult | undefined;
}

/** Quantiles to 99.999 %, 20 a decade of the tail: fine enough that the curve's steps are the histogram's. */
const STEPS_PER_DECADE = 20;
const DECADES = 5;
const QUANTILE_X = Array.from({ length: STEPS_PER_DECADE * DECADES + 1 }, (_, k) => k / STEPS_PER_DECADE);

/** "p99.9" for x = 3 (x = -log10(1 - q)): as many decimals as the decade needs. */
function quantileName(x: number): string {
  return `p${Number((100 * (1 - 10 ** -x)).toFixed(Math.max(1, Math.floor(x))))}`;
}

const QUANTILES: XAxis = {
  kind: 'quantile',
  values: QUANTILE_X,
  names: QUANTILE_X.map(quantileName),
  ticks: Array.from({ length: DECADES + 1 }, (_, d) => ({ at: d, label: quantileName(d) })),
};

/**
 * Latency per round: a look per percentile (they never cross: p50 ≤ p95 ≤ p99, bottom to top); the reference's dashed in the same colour.
 */
const PERCENTILES = ['p50', 'p95', 'p99'] as const;

/** A round's figure of a metric; null where the round has none. */
type RoundFigure = (round: RoundResult) => number | null;

/** The metrics beyond latency that get a chart of their own, with what each draws. */
const OWN_CHART: {
  metric: 'rps' | 'errorRate' | 'cpuPerRequest' | 'memory';
  id: string;
  caption: string;
  axis: YAxis;
  figure: RoundFigure;
}[] = [
  {
    metric: 'rps',
    id: 'rps',
    caption: 'Throughput per round (req/s)',
    axis: { label: 'req/s', unit: 'req/s', side: 'left', min: 0 },
    figure: (r) => r.rps,
  },
  {
    metric: 'errorRate',
    id: 'errors',
    caption: 'Error rate per round (%)',
    axis: { label: '%', unit: '%', side: 'left', min: 0 },
    figure: (r) => (r.requests === 0 ? null : (100 * r.errors.total) / r.requests),
  },
  {
    metric: 'cpuPerRequest',
    id: 'cpu',
    caption: "The service's CPU time per request, per round (ms)",
    axis: { label: 'CPU ms', unit: 'ms', side: 'left', min: 0 },
    figure: (r) => (r.service === undefined || r.requests === 0 ? null : cpuPerRequestMs(r)),
  },
  {
    metric: 'memory',
    id: 'memory',
    caption: "The service's memory (RSS) at each round's end (MB)",
    axis: { label: 'MB', unit: 'MB', side: 'left', min: 0 },
    figure: (r) => (r.service?.rssBytes === undefined ? null : r.service.rssBytes / 1e6),
  },
];

export function reportCharts(input: ReportChartsInput): ReportCharts {
  const x: Record<string, XAxis> = { quantile: QUANTILES };
  const baseLabel = input.paired ? 'base' : 'baseline';
  const scenarios = input.current.scenarios.map((scenario, i) => {
    const before = input.baseline.flatMap((run) => run.scenarios.filter((s) => s.name === scenario.name));
    const blocking = new Set<MetricComparison['metric']>(
      input.gate?.scenarios
        .find((s) => s.name === scenario.name && s.status === 'compared')
        ?.metrics.filter((m) => m.blocking)
        .map((m) => m.metric) ?? [],
    );
    const reference = (figure: RoundFigure) => referenceLine(scenario.rounds, before, input.paired, figure);
    x[`rounds-${i}`] = {
      kind: 'round',
      values: scenario.rounds.map((r) => r.round),
      names: scenario.rounds.map((r) => `round ${r.round}`),
    };

    const baseRounds = before.flatMap((s) => s.rounds);
    const figures: Figure[] = [
      single('Latency distribution (ms, log scale)', {
        id: `percentiles-${i}`,
        x: 'quantile',
        axes: [{ label: 'ms', unit: 'ms', side: 'left', log: true }],
        series: [
          { label: 'this run', axis: 0, values: curve(scenario.rounds), look: 'thisRun' },
          ...(baseRounds.length === 0 ? [] : [{ label: baseLabel, axis: 0, values: curve(baseRounds), look: 'reference' as const }]),
        ],
      }),
      single('Latency per round (ms)', {
        id: `latency-${i}`,
        x: `rounds-${i}`,
        axes: [{ label: 'ms', unit: 'ms', side: 'left', min: 0 }],
        series: PERCENTILES.flatMap((p): Series[] => {
          const mine: Series = { label: p, axis: 0, values: scenario.rounds.map((r) => keep(r.latencyMs[p])), look: p };
          const theirs = blocking.has(p) ? reference((r) => r.latencyMs[p]) : null;
          return theirs === null ? [mine] : [mine, { label: `${baseLabel} ${p}`, axis: 0, values: theirs, look: `${p}Reference` }];
        }),
      }),
    ];
    for (const own of OWN_CHART) {
      const values = scenario.rounds.map(own.figure);
      const measured = values.some((v) => v !== null);
      const theirs = reference(own.figure);
      if (!shown(own.metric, blocking, measured, values, theirs)) continue;
      const axis =
        own.metric === 'rps'
          ? { ...own.axis, ...rateAxis([...values, ...(theirs ?? [])], scenario.model === 'open' ? scenario.rate : undefined) }
          : own.axis;
      figures.push(
        single(own.caption, {
          id: `${own.id}-${i}`,
          x: `rounds-${i}`,
          axes: [axis],
          series: [
            { label: 'this run', axis: 0, values: values.map((v) => (v === null ? null : keep(v))), look: 'thisRun' },
            ...(theirs === null ? [] : [{ label: baseLabel, axis: 0, values: theirs, look: 'reference' as const }]),
          ],
        }),
      );
    }
    const timeline = timelineOf(
      scenario,
      input.findings.find((f) => f.scenario === scenario.name),
    );
    if (timeline !== null) {
      x[`timeline-${i}`] = timeline.x;
      figures.push({
        caption: 'Stages: each second\u2019s target rate, achieved rate and p95',
        wide: true,
        charts: [{ ...timeline.chart, id: `timeline-${i}`, x: `timeline-${i}` }],
      });
    }
    return { name: scenario.name, figures };
  });
  return {
    data: chartData(
      x,
      scenarios.flatMap((s) => s.figures.flatMap((f) => f.charts)),
    ),
    scenarios,
  };
}

function single(caption: string, chart: Chart): Figure {
  return { caption, charts: [chart] };
}

/**
 * Whether a metric beyond latency gets its chart: when it blocks, except an error rate that was
 * 0 on both sides (a chart of nothing); CPU per request and memory whenever they were measured.
 */
function shown(
  metric: (typeof OWN_CHART)[number]['metric'],
  blocking: Set<string>,
  measured: boolean,
  values: (number | null)[],
  theirs: (number | null)[] | null,
): boolean {
  if (!measured) return false;
  if (metric === 'cpuPerRequest' || metric === 'memory') return true;
  if (!blocking.has(metric)) return false;
  return metric !== 'errorRate' || [...values, ...(theirs ?? [])].some((v) => v !== null && v > 0);
}

/**
 * The reference's figure at each of this run's rounds: the base's round of the same number (A/B,
 * measured alongside), or the stored baseline's median over all its rounds, drawn as a level.
 * Null when the reference has no such figure.
 */
function referenceLine(rounds: RoundResult[], before: ScenarioResult[], paired: boolean, figure: RoundFigure): (number | null)[] | null {
  const all = before.flatMap((s) => s.rounds.map(figure)).filter((v): v is number => v !== null);
  if (all.length === 0) return null;
  if (paired && before.length === 1) {
    return rounds.map((r) => {
      const base = before[0]!.rounds.find((b) => b.round === r.round);
      const value = base === undefined ? null : figure(base);
      return value === null ? null : keep(value);
    });
  }
  const level = keep(median(all));
  return rounds.map(() => level);
}

/** Latency (ms) at each quantile of the rounds' histograms merged exactly; null where none (a log axis has no 0). */
function curve(rounds: RoundResult[]): (number | null)[] {
  const merged = mergeHistograms(rounds.map((round) => decodeHistogram(round.histogram)));
  if (merged.totalCount === 0) return QUANTILE_X.map(() => null);
  return QUANTILE_X.map((at) => {
    const ms = merged.getValueAtPercentile(100 * (1 - 10 ** -at)) / 1000;
    return ms > 0 ? keep(ms) : null;
  });
}

/** Stages: each second of every round, one after another, with the rate asked, the rate achieved, p95, and where the ramp broke. */
function timelineOf(scenario: ScenarioResult, finding: StressFinding | undefined): { x: XAxis; chart: Omit<Chart, 'id' | 'x'> } | null {
  if (!scenario.rounds.some((r) => r.timeline !== undefined)) return null;
  const seconds: number[] = [];
  const target: number[] = [];
  const rps: number[] = [];
  const p95: number[] = [];
  let breakAt: number | null = null;
  let offset = 0;
  for (const round of scenario.rounds) {
    const buckets = round.timeline ?? [];
    for (const bucket of buckets) {
      const at = offset + bucket.atMs / 1000;
      seconds.push(at);
      target.push(keep(bucket.targetRps));
      rps.push(bucket.requests);
      p95.push(keep(bucket.p95Ms));
      if (finding?.broke !== undefined && finding.broke.round === round.round && finding.broke.atMs === bucket.atMs) breakAt = at;
    }
    offset += Math.max(round.durationMs / 1000, buckets.length);
  }
  return {
    x: { kind: 'second', values: seconds, names: seconds.map((s) => `second ${Number(s.toFixed(1))}`) },
    chart: {
      axes: [
        { label: 'req/s', unit: 'req/s', side: 'left', min: 0 },
        { label: 'p95 ms', unit: 'ms', side: 'right', min: 0 },
      ],
      series: [
        { label: 'target', axis: 0, values: target, look: 'target' },
        { label: 'achieved', axis: 0, values: rps, look: 'achieved' },
        { label: METRIC_LABEL.p95, axis: 1, values: p95, look: 'stageP95' },
      ],
      ...(breakAt === null ? {} : { mark: { at: breakAt, label: 'breaking point' } }),
    },
  };
}
