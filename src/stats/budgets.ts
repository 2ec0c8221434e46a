import type { Budget, BudgetMetric } from '../config/suite.js';
import type { ScenarioSummary } from './aggregate.js';

/** One absolute budget judged on one scenario. */
export interface BudgetCheck {
  scenario: string;
  metric: BudgetMetric;
  /** The limit: an upper bound, except `rps`, a lower bound. */
  limit: number;
  /** NaN when nothing measured it (no response; no service figures): not measured, so not met. */
  actual: number;
  passed: boolean;
}

/** The order budgets are reported in. */
const METRICS: BudgetMetric[] = ['p50', 'p90', 'p95', 'p99', 'p999', 'max', 'errorRate', 'rps', 'cpuPerRequest', 'cpu', 'rss', 'rssGrowth'];

/**
 * Judges each scenario against its budgets: those under "*" apply to every scenario, and a
 * scenario's own entry overrides them metric by metric.
 */
export function judgeBudgets(budgets: Record<string, Budget>, summaries: ScenarioSummary[]): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  for (const summary of summaries) {
    const budget = { ...budgets['*'], ...budgets[summary.name] };
    for (const metric of METRICS) {
      const limit = budget[metric];
      if (limit === undefined) continue;
      const actual = measured(summary, metric);
      // A percentile of no response is undefined, not 0: a latency budget nothing measured is not met.
      const passed = Number.isNaN(actual) ? false : metric === 'rps' ? actual >= limit : actual <= limit;
      checks.push({ scenario: summary.name, metric, limit, actual, passed });
    }
  }
  return checks;
}

function measured(summary: ScenarioSummary, metric: BudgetMetric): number {
  switch (metric) {
    case 'errorRate':
      return summary.errorRate;
    case 'rps':
      return summary.rps;
    case 'cpuPerRequest':
      return summary.service?.cpuPerRequestMs ?? NaN;
    case 'cpu':
      return summary.service?.cpuPeak ?? NaN;
    case 'rss':
      return summary.service?.rssPeakBytes ?? NaN;
    case 'rssGrowth':
      return summary.service?.growth?.perMinute.value ?? NaN;
    default:
      return summary.responses === 0 ? NaN : summary.latencyMs[metric];
  }
}
