import { whatWouldDecide } from '../stats/plan.js';
import type { GateResult, MetricComparison } from '../stats/verdict.js';
import { escapeText } from './escape.js';
import { boundedFigure } from '../config/units.js';
import { formatShare } from './format.js';
import { METRIC_LABEL, formatThreshold } from './gate-facts.js';

/**
 * What the gate assumed and could not measure, in plain sentences: the noise beyond the rounds
 * (with where the figure came from), baseline runs left out as outliers, and, when a blocking
 * metric stays undecided, what would decide it. Pure; names are escaped.
 */
export function noiseNotes(gate: GateResult): string[] {
  const compared = gate.scenarios.filter((s) => s.status === 'compared');
  const blocking = compared.flatMap((s) => s.metrics.filter((m) => m.blocking).map((m) => ({ scenario: s.name, m })));
  const notes: string[] = [];
  const assumed = noiseSentence(blocking.map(({ m }) => m));
  if (assumed !== undefined) notes.push(assumed);
  for (const { scenario, m } of compared.flatMap((s) => s.metrics.map((m) => ({ scenario: s.name, m })))) {
    for (const outlier of m.outliers ?? []) {
      notes.push(`${escapeText(scenario)} ${METRIC_LABEL[m.metric]}: baseline run ${escapeText(outlier)} left out as an outlier (a cold start or a noisy neighbour, most likely)`);
    }
  }
  const stuck = blocking.filter(({ m }) => m.verdict === 'inconclusive' && m.roundsFactor === null);
  if (stuck.length > 0) {
    const names = stuck.map(({ scenario, m }) => `${escapeText(scenario)} ${METRIC_LABEL[m.metric]}`).join(', ');
    notes.push(`${names}: more rounds would not decide it; ${escapeText(whatWouldDecide(gate.method.mode))}`);
  }
  return notes;
}

function noiseSentence(metrics: MetricComparison[]): string | undefined {
  const noisy = metrics.filter((m) => m.noise !== undefined);
  if (noisy.length === 0) return undefined;
  const kind = noisy[0]!.noise!.kind === 'deployment' ? 'deployment to deployment' : 'run to run';
  const cvs = noisy.map((m) => m.noise!.cv);
  const [low, high] = [Math.min(...cvs), Math.max(...cvs)];
  const range = formatShare(low) === formatShare(high) ? formatShare(low) : `${formatShare(low)}–${formatShare(high)}`;
  const sources = [...new Set(noisy.map((m) => m.noise!.source))].map((s) => escapeText(s)).join('; ');
  return `Noise beyond the rounds, ${kind}: ${range} (from ${sources}). A regression smaller than "could catch" can pass unnoticed.`;
}

/** The smallest regression a metric's comparison would have caught 4 times in 5: "+14.2 %", "+1.30 pp". */
export function detectableCell(m: MetricComparison): string {
  if (!m.blocking || m.detectable === null) return '';
  if (m.metric === 'errorRate') return `+${formatThreshold({ metric: m.metric, threshold: m.detectable })}`;
  const sign = m.higherIsWorse ? '+' : '−';
  return boundedFigure(m.detectable * 100, (percent) => `${sign}${percent.toFixed(1)}`, { sign, unit: ' %' });
}
