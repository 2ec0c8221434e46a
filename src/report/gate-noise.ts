import { whatWouldDecide } from '../stats/plan.js';
import { METRIC_LABEL } from '../result/metrics.js';
import type { GateResult, MetricComparison } from '../result/verdict.js';
import { formatRelativeChange, formatShare } from './format.js';
import { formatDetectable, formatLevel } from './gate-facts.js';

/**
 * What the gate assumed and could not measure, in plain sentences: the noise beyond the rounds
 * (with where the figure came from, and how to measure it where it is assumed), an unsteady
 * baseline, baseline runs left out as outliers, a run's shards and any of them apart from the
 * others, and, when a blocking metric stays undecided, what would decide it. Pure; every text from the run goes through `escape` (the
 * destination's: Markdown or HTML).
 */
export function noiseNotes(gate: GateResult, escapeText: (text: string) => string): string[] {
  const compared = gate.scenarios.filter((s) => s.status === 'compared');
  const blocking = compared.flatMap((s) => s.metrics.filter((m) => m.blocking).map((m) => ({ scenario: s.name, m })));
  const notes: string[] = [];
  const assumed = noiseSentence(
    blocking.map(({ m }) => m),
    escapeText,
  );
  if (assumed !== undefined) notes.push(assumed);
  if (gate.method.mode === 'interleaved' && blocking.some(({ m }) => m.noise?.assumed === true)) notes.push(DEPLOYMENT_NOISE_ASSUMED);
  for (const { scenario, m } of compared.flatMap((s) => s.metrics.map((m) => ({ scenario: s.name, m })))) {
    if (m.unsteady !== undefined) notes.push(unsteadySentence(escapeText(scenario), m, m.unsteady));
    for (const outlier of m.outliers ?? []) {
      notes.push(
        `${escapeText(scenario)} ${METRIC_LABEL[m.metric]}: baseline run ${escapeText(outlier)} left out as an outlier (a cold start or a noisy neighbour, most likely)`,
      );
    }
  }
  notes.push(...shardNotes(gate, escapeText));
  const stuck = blocking.filter(({ m }) => m.verdict === 'inconclusive' && m.roundsFactor === null);
  if (stuck.length > 0) {
    // A few names, then a count: the note stays a line however many scenarios share it.
    const named = stuck.map(({ scenario, m }) => `${escapeText(scenario)} ${METRIC_LABEL[m.metric]}`);
    const names = named.length <= 3 ? named.join(', ') : `${named.slice(0, 3).join(', ')} and ${named.length - 3} more`;
    notes.push(`${names}: more rounds would not decide it; ${escapeText(whatWouldDecide(gate.method.mode))}`);
  }
  return notes;
}

/** A/B mode on the default deployment noise: what it assumes, and how the suite measures its own. */
const DEPLOYMENT_NOISE_ASSUMED =
  'The difference between the two deployments is assumed, not measured: the default 1 % per deployment, and two deployments of the same ' +
  'code can differ by much more. Measure it: on main, run with ' +
  'baseline-url against a deployment of the same code, then perf-gate record --results results.json --base-results results.base.json ' +
  '--baseline (the baseline file); from 3 such A/A records on, their figure replaces the default (or set gate.deployment_noise).';

/** A stored baseline whose runs disagree beyond the prior: by how much, and what the gate did about it. */
function unsteadySentence(scenario: string, m: MetricComparison, unsteady: NonNullable<MetricComparison['unsteady']>): string {
  const [low, high] = unsteady.range;
  return (
    `${scenario} ${METRIC_LABEL[m.metric]}: the baseline is unsteady: its runs' levels range from ${formatLevel(m.metric, low)} to ` +
    `${formatLevel(m.metric, high)} (${formatShare(unsteady.cv)} between runs, where the prior allows ${formatShare(unsteady.priorCv)}): a busy or ` +
    'changed machine while they were recorded. The comparison follows their spread, and no change within that range is claimed; ' +
    're-record the baseline on a quiet runner (or with the same runner type as the pull requests).'
  );
}

function noiseSentence(metrics: MetricComparison[], escapeText: (text: string) => string): string | undefined {
  const noisy = metrics.filter((m) => m.noise !== undefined);
  if (noisy.length === 0) return undefined;
  const kind = noisy[0]!.noise!.kind === 'deployment' ? 'deployment to deployment' : 'run to run';
  const cvs = noisy.map((m) => m.noise!.cv);
  const [low, high] = [Math.min(...cvs), Math.max(...cvs)];
  const range = formatShare(low) === formatShare(high) ? formatShare(low) : `${formatShare(low)}–${formatShare(high)}`;
  const sources = [...new Set(noisy.map((m) => m.noise!.source))].map((s) => escapeText(s)).join('; ');
  return `Noise beyond the rounds, ${kind}: ${range} (from ${sources}). A regression smaller than "could catch" can pass unnoticed.`;
}

/**
 * A run measured by shards: each shard's runner, whether their spread went into the noise, and,
 * per scenario, a shard whose levels lie beyond the noise from the other shards'.
 */
function shardNotes(gate: GateResult, escapeText: (text: string) => string): string[] {
  if (gate.shards === undefined) return [];
  const runner = new Map(gate.shards.map(({ index, runner }) => [index, escapeText(runner)]));
  const named = (index: number) => `shard ${index}${runner.has(index) ? ` (${runner.get(index)!})` : ''}`;
  const compared = gate.scenarios.filter((s) => s.status === 'compared');
  const pooled = compared.some((s) => s.metrics.some((m) => m.blocking && m.shards?.pooled === true));
  const notes = [
    `Measured by ${gate.shards.length} shards at once: ${gate.shards.map(({ index }) => named(index)).join('; ')}.` +
      (pooled
        ? " Their spread is measured evidence of the noise between runs (above); what they share, the deployment and the minute, is not in it and comes from the baseline's runs and the prior."
        : ''),
  ];
  for (const scenario of compared) {
    const apart = scenario.metrics.flatMap((m) => (m.shards?.apart ?? []).map((shard) => ({ ...shard, m })));
    for (const index of [...new Set(apart.map((a) => a.index))]) {
      const of = apart.filter((a) => a.index === index);
      const slower = of.filter(({ m, distance }) => (m.higherIsWorse ? distance > 0 : distance < 0)).length * 2 >= of.length;
      const figures = of.map(({ m, distance }) => `${METRIC_LABEL[m.metric]} ${formatRelativeChange(distance)}`).join(', ');
      notes.push(
        `${escapeText(scenario.name)}: ${named(index)} measured ${figures} against the other shards, beyond the noise between runs: ` +
          `${slower ? 'a slow runner in the matrix' : "the other shards' runners were the slower ones"}, most likely. Its requests stay in the merged figures.`,
      );
    }
  }
  return notes;
}

/** The smallest regression a metric's comparison would have caught 4 times in 5: "+14.2 %", "+1.30 pp". */
export function detectableCell(m: MetricComparison): string {
  if (!m.blocking || m.detectable === null) return '';
  return formatDetectable(m, m.detectable);
}
