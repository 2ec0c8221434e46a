import type { Budget, BudgetMetric, Suite } from '../config/suite.js';
import { BUDGET_METRICS } from '../result/metrics.js';
import type { BudgetCheck } from '../result/verdict.js';
import type { RunResult } from '../result/result.js';
import { summarizeScenarios, type ScenarioSummary } from './aggregate.js';

/** The suite's budgets judged on a run; none without a suite. */
export function budgetChecks(suite: Suite | undefined, result: RunResult): BudgetCheck[] {
  return judgeBudgets(suite?.budgets ?? {}, summarizeScenarios(result.scenarios));
}

/**
 * Judges each scenario against its budgets: those under "*" apply to every scenario, and a
 * scenario's own entry overrides them metric by metric.
 */
export function judgeBudgets(budgets: Record<string, Budget>, summaries: ScenarioSummary[]): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  for (const summary of summaries) {
    const budget = { ...budgets['*'], ...budgets[summary.name] };
    for (const metric of BUDGET_METRICS) {
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
