import { median } from 'simple-statistics';
import { METRIC_LABEL, METRIC_UNIT, type BudgetMetric, type Metric } from '../result/metrics.js';
import { INTERVAL_LEVEL } from '../stats/judge.js';
import type { BudgetCheck, GateResult, MetricComparison, ScenarioComparison } from '../result/verdict.js';
import { formatMs, formatPercent, formatPointChange, formatRate, formatRelativeChange, formatShare, formatCores } from './format.js';
import { boundedFigure, formatBytes, formatSignedPercent } from '../config/units.js';

/** What the gate reports share: levels and changes in their units, and the findings worth a headline. */

/** A level in its metric's unit (src/result/metrics.ts): "12.3 ms", "150 req/s", "0.40 %", "1.5 cores", "512 MB", "+1.2 MB/min". */
export function formatLevel(metric: Metric, value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (METRIC_UNIT[metric]) {
    case 'fraction':
      return formatPercent(value);
    case 'req/s':
      return formatRate(value);
    case 'cores':
      return formatCores(value);
    case 'bytes':
      return formatBytes(value);
    case 'bytes/min':
      return `${formatBytes(value, true)}/min`;
    case 'ms':
      return formatMs(value);
  }
}

/** `change` in its unit: relative for latencies and rps ("+18.2 %"), percentage points for the error rate ("+0.40 pp"). */
export function formatChange(m: Pick<MetricComparison, 'metric' | 'change'>, digits?: number): string {
  return m.metric === 'errorRate' ? formatPointChange(m.change, digits) : formatRelativeChange(m.change, digits);
}

/** The interval of `change`: "+11.0 … +25.9 %" or "+0.10 … +0.70 pp". */
export function formatInterval(m: Pick<MetricComparison, 'metric' | 'interval'>): string {
  const points = m.metric === 'errorRate';
  const digits = points ? 2 : 1;
  const [low, high] = m.interval.map((v) => formatSignedPercent(v, digits, ''));
  return `${low} … ${high} ${points ? 'pp' : '%'}`;
}

/** A threshold in the change's unit: "10 %" or "1 pp". */
export function formatThreshold(m: Pick<MetricComparison, 'metric' | 'threshold'>): string {
  if (m.metric !== 'errorRate') return formatShare(m.threshold);
  return Number.isFinite(m.threshold) ? `${Number((m.threshold * 100).toFixed(2))} pp` : 'n/a';
}

/** A change short enough for a title: whole percents from 10 % up ("+18 %"), one decimal below ("+4.1 %"). */
export function formatShortChange(m: Pick<MetricComparison, 'metric' | 'change'>): string {
  if (m.metric === 'errorRate') return formatPointChange(m.change, Math.abs(m.change) >= 0.1 ? 0 : Math.abs(m.change) >= 0.01 ? 1 : 2);
  return formatRelativeChange(m.change, Math.abs(m.change) >= 0.1 ? 0 : 1);
}

/** The level of every interval the gate states ("90 %"): the one its words follow. */
export const INTERVAL_LABEL = formatShare(INTERVAL_LEVEL);

/** The smallest degradation a comparison could have caught, in its unit: "+14.2 %", "+1.30 pp". */
export function formatDetectable(m: Pick<MetricComparison, 'metric' | 'higherIsWorse'>, detectable: number): string {
  if (m.metric === 'errorRate') return `+${formatThreshold({ metric: m.metric, threshold: detectable })}`;
  const sign = m.higherIsWorse ? '+' : '−';
  return boundedFigure(detectable * 100, (percent) => `${sign}${percent.toFixed(1)}`, { sign, unit: ' %' });
}

/** What the best undecided metric could have caught, in its unit. */
function catchable(best: NonNullable<GateResult['undecidedCatch']>): string {
  return formatDetectable({ metric: best.metric, higherIsWorse: best.metric !== 'rps' }, best.detectable);
}

/**
 * What an undecided run says wherever it is told: "3 of 9 scenarios could not be judged (the
 * best could catch only p95 ≥ +87 %)"; short: "3 of 9 scenarios not judged (could catch ≥ +87 %)".
 */
export function undecidedSummary(gate: GateResult, style: 'long' | 'short' = 'long'): string {
  const { undecided, compared } = gate.counts;
  const what = `${undecided} of ${plural(compared, 'scenario')}`;
  const best = gate.undecidedCatch;
  if (style === 'short') {
    return `${what} not judged${best === null ? '' : ` (could catch ≥ ${catchable(best)})`}`;
  }
  const reach =
    best === null
      ? ''
      : ` (${undecided === 1 ? 'it' : 'the best of them'} could catch only ${METRIC_LABEL[best.metric]} ≥ ${catchable(best)})`;
  return `${what} could not be judged${reach}`;
}

/** The words of a metric's verdict: "regression", "improvement", "unchanged", "not decided". */
export const VERDICT_WORD: Record<MetricComparison['verdict'], string> = {
  regression: 'regression',
  improvement: 'improvement',
  unchanged: 'unchanged',
  inconclusive: 'not decided',
};

export interface Finding {
  scenario: ScenarioComparison;
  metric: MetricComparison;
}

/** How far past its threshold a change lies: the change over the threshold, in the bad direction. */
function severity(m: MetricComparison): number {
  const bad = m.higherIsWorse ? m.change : -m.change;
  const ratio = m.threshold > 0 ? bad / m.threshold : bad;
  return Number.isFinite(ratio) ? ratio : Number.MAX_VALUE;
}

function findings(gate: GateResult, keep: (m: MetricComparison) => boolean): Finding[] {
  const found: Finding[] = [];
  for (const scenario of gate.scenarios) {
    if (scenario.status !== 'compared') continue;
    for (const metric of scenario.metrics) if (keep(metric)) found.push({ scenario, metric });
  }
  // Worst first; ties keep the suite's order (Array.prototype.sort is stable).
  return found.sort((a, b) => severity(b.metric) - severity(a.metric));
}

/** Regressions of blocking metrics, worst first: what fails the gate. */
export function blockingRegressions(gate: GateResult): Finding[] {
  return findings(gate, (m) => m.blocking && m.verdict === 'regression');
}

/** Blocking metrics the run could not decide, worst estimate first. */
export function blockingInconclusive(gate: GateResult): Finding[] {
  return findings(gate, (m) => m.blocking && m.verdict === 'inconclusive');
}

/**
 * Nothing compared (the neutral verdict) for want of numbers rather than of a baseline: the
 * baseline's scenarios missing from the results (an empty or interrupted run), counted; undefined
 * when none is, and no scenario has a baseline yet.
 */
export function missingFromResults(gate: GateResult): string | undefined {
  const missing = gate.scenarios.filter((s) => s.status === 'missing').length;
  return missing === 0 ? undefined : `${plural(missing, 'scenario')} of the baseline missing from the results`;
}

/** An error rate neither side had any of: a comparison that says nothing, so no output shows it as a figure. */
export function errorFree(m: Pick<MetricComparison, 'metric' | 'baseline' | 'current'>): boolean {
  return m.metric === 'errorRate' && m.baseline === 0 && m.current === 0;
}

export function exceededBudgets(gate: GateResult): BudgetCheck[] {
  return gate.budgets.filter((b) => !b.passed);
}

/** Why a budget of the service's cost can be unmeasured. */
const NOT_MEASURED: Partial<Record<BudgetMetric, string>> = {
  cpuPerRequest: 'no service source gave figures',
  cpu: 'no service source gave figures',
  rss: 'no service source gave memory',
  rssGrowth: "it needs 3 rounds or more with the service's memory",
};

/** "312 ms > 300 ms", "120 < 150" (rps is a lower bound). */
export function budgetComparison(b: BudgetCheck): string {
  if (Number.isNaN(b.actual)) return `not measured (${NOT_MEASURED[b.metric] ?? 'no response'}), budget ${formatLevel(b.metric, b.limit)}`;
  const relation = b.metric === 'rps' ? (b.passed ? '≥' : '<') : b.passed ? '≤' : '>';
  return `${formatLevel(b.metric, b.actual)} ${relation} ${formatLevel(b.metric, b.limit)}`;
}

/** "Budgets: all 4 met" or "Budgets: 1 of 4 exceeded": the run table's and the HTML report's headline. */
export function budgetHeadline(checks: BudgetCheck[]): string {
  const failed = checks.filter((c) => !c.passed).length;
  return failed === 0 ? `Budgets: all ${checks.length} met` : `Budgets: ${failed} of ${checks.length} exceeded`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The median, or 0 for no values: a side with no rounds shows 0 rather than failing the report. */
export function medianOrZero(values: number[]): number {
  return values.length === 0 ? 0 : median(values);
}
