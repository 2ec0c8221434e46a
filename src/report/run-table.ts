import { markdownTable } from 'markdown-table';
import type { ScenarioSummary } from '../stats/aggregate.js';
import type { BudgetCheck } from '../stats/budgets.js';
import { formatCores, formatCount, formatMs, formatPercent, formatRate } from './format.js';
import { plainText, tableCell } from './escape.js';
import { formatBytes } from '../config/units.js';
import type { RunResult } from '../result/result.js';
import { BUDGET_LABEL, budgetComparison, budgetHeadline } from './gate-facts.js';
import { captureWarning, leakWarning, ranOutWarning } from '../stats/warnings.js';
import type { StressFinding } from '../stats/breaking-point.js';
import { SATURATED_CPU, SATURATED_ELU } from '../stats/generator-health.js';

/**
 * The CLI's report of one run: a table of every scenario, the budgets judged, and what the
 * reader should know about the measurement. Plain text that is also valid Markdown.
 */
export function renderRunReport(summaries: ScenarioSummary[], checks: BudgetCheck[], stress: StressFinding[] = [], service?: RunResult['service']): string {
  return runReport(
    summaries.map((s) => ({ ...s, name: plainText(s.name), mix: s.mix && { ...s.mix, mix: plainText(s.mix.mix), member: plainText(s.mix.member) } })),
    checks.map((c) => ({ ...c, scenario: plainText(c.scenario) })),
    stress.map((f) => ({ ...f, scenario: plainText(f.scenario) })),
    service && { source: plainText(service.source), problems: service.problems.map(plainText) },
  );
}

/** The report from names already made plain text (the suite's and the results' text is untrusted). */
function runReport(summaries: ScenarioSummary[], checks: BudgetCheck[], stress: StressFinding[], service: RunResult['service']): string {
  const sections = [scenarioTable(summaries)];
  const cost = serviceSection(summaries, service);
  if (cost !== null) sections.push(cost);
  if (checks.length > 0) sections.push(budgetList(checks));
  const notes = [...stress.map(stressNote), ...mixNotes(summaries), ...measurementNotes(summaries)];
  if (notes.length > 0) sections.push(notes.map((note) => `- ${note}`).join('\n'));
  return `${sections.join('\n\n')}\n`;
}

function scenarioTable(summaries: ScenarioSummary[]): string {
  const header = ['scenario', 'model', 'rounds', 'req/s', 'p50', 'p95', 'p99', 'max', 'errors'];
  const rows = summaries.map((s) => [
    tableCell(s.name),
    s.model === 'open' ? `open ${formatRate(s.targetRps ?? 0)}/s` : 'closed',
    String(s.rounds),
    formatRate(s.rps),
    formatMs(s.latencyMs.p50),
    s.p95RoundCv === null ? formatMs(s.latencyMs.p95) : `${formatMs(s.latencyMs.p95)} ±${formatPercent(s.p95RoundCv)}`,
    formatMs(s.latencyMs.p99),
    formatMs(s.latencyMs.max),
    s.errors === 0 ? '0' : `${formatCount(s.errors)} (${formatPercent(s.errorRate)})`,
  ]);
  return markdownTable([header, ...rows], { align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'] });
}

/** The service's own cost per scenario, where a source gave it, and what went wrong reading it. */
function serviceSection(summaries: ScenarioSummary[], service: RunResult['service']): string | null {
  const measured = summaries.filter((s) => s.service !== null);
  const problems = (service?.problems ?? []).map((problem) => `- ⚠️ the service's cost could not be read: ${problem}; those rounds have no service figures (their latencies are unaffected).`);
  if (measured.length === 0 && problems.length === 0) return null;
  const parts = [`Service (${service?.source ?? 'unknown source'}):`];
  if (measured.length > 0) {
    const header = ['scenario', 'rounds', 'CPU/req', 'CPU (busiest round)', 'RSS (peak)', 'RSS growth /min (95% CI)', '/1k req'];
    const rows = measured.map(({ name, service: cost }) => {
      const growth = cost!.growth;
      return [
        tableCell(name),
        String(cost!.rounds),
        formatMs(cost!.cpuPerRequestMs),
        formatCores(cost!.cpuPeak),
        cost!.rssPeakBytes === null ? 'n/a' : formatBytes(cost!.rssPeakBytes),
        growth === null ? 'n/a' : `${formatBytes(growth.perMinute.value, true)} (${growth.perMinute.interval.map((v) => formatBytes(v, true)).join(' … ')})`,
        growth === null ? 'n/a' : formatBytes(growth.perThousandRequests.value, true),
      ];
    });
    parts.push(markdownTable([header, ...rows], { align: ['l', 'r', 'r', 'r', 'r', 'r', 'r'] }));
  }
  const leaks = measured.flatMap(({ name, service: cost }) => (cost!.growth?.leak === true ? [`- ⚠️ ${leakWarning(name, cost!.growth)}`] : []));
  const notes = [...leaks, ...problems].join('\n');
  return [...parts, notes].filter((part) => part !== '').join('\n\n');
}

function budgetList(checks: BudgetCheck[]): string {
  const heading = budgetHeadline(checks);
  const lines = checks.map((c) => `${c.passed ? '✓' : '✗'} ${c.scenario} ${BUDGET_LABEL[c.metric]} ${budgetComparison(c)}`);
  return [heading, ...lines.map((line) => `  ${line}`)].join('\n');
}

/** Where a ramp broke the target, or that it held up to its peak. */
function stressNote(finding: StressFinding): string {
  const { broke } = finding;
  if (broke === undefined) return `${finding.scenario}: held its budgets all the way up the ramp, to ${formatRate(finding.peakRps)} req/s.`;
  const value = broke.metric === 'p95' ? formatMs(broke.value) : formatPercent(broke.value);
  const limit = broke.metric === 'p95' ? formatMs(broke.limit) : formatPercent(broke.limit);
  return (
    `${finding.scenario}: broke at ${formatRate(broke.targetRps)} req/s (${Math.round(broke.atMs / 1000)} s into round ${broke.round}): ` +
    `${BUDGET_LABEL[broke.metric]} ${value} > ${limit} budget; the ramp went up to ${formatRate(finding.peakRps)} req/s.`
  );
}

/** Each mix's members with the share of its requests they got and the share their weight asked for. */
function mixNotes(summaries: ScenarioSummary[]): string[] {
  const mixes = new Map<string, string[]>();
  for (const { mix: share } of summaries) {
    if (share === null) continue;
    mixes.set(share.mix, [...(mixes.get(share.mix) ?? []), `${share.member} ${formatPercent(share.actual)} (weight ${formatPercent(share.planned)})`]);
  }
  return [...mixes].map(([mix, members]) => `${mix} is a mix; its members' share of its requests: ${members.join(', ')}.`);
}

/** What makes a figure less than it seems: an overloaded target, a saturated or late generator, noise. */
function measurementNotes(summaries: ScenarioSummary[]): string[] {
  const notes: string[] = [];
  for (const s of summaries) {
    if (s.rounds === 0) notes.push(`${s.name}: no round completed; its figures are empty.`);
    else if (s.requests > 0 && s.errors === s.requests) {
      notes.push(`⚠️ ${s.name}: every one of its ${formatCount(s.requests)} requests failed: ${s.responses === 0 ? 'no latency was measured' : 'its latencies are those of failures'}; check the target, the path and the expected status.`);
    }
    if (s.dataRanOut !== null) notes.push(`⚠️ ${ranOutWarning(s.name, s.dataRanOut, s.requests, s.noRow)}`);
    const missed = captureWarning(s.name, s.captureMisses);
    if (missed !== undefined) notes.push(`⚠️ ${missed}`);
    if (s.saturatedRounds > 0) notes.push(saturationNote(s));
    if (s.dropped > 0) {
      notes.push(
        `${s.name}: the target could not keep up with ${formatRate(s.targetRps ?? 0)} req/s: ` +
          `${formatCount(s.dropped)} of ${formatCount(s.scheduled)} scheduled starts were dropped (achieved ${formatRate(s.rps)} req/s).`,
      );
    } else if (s.late > 0) {
      notes.push(
        `${s.name}: ${formatCount(s.late)} of ${formatCount(s.scheduled)} starts went out late (no free connection, or a busy generator); ` +
          'their latency counts from the intended start.',
      );
    }
    if (s.p95RoundCv !== null && s.p95RoundCv > 0.1) {
      notes.push(`${s.name}: p95 varies ±${formatPercent(s.p95RoundCv)} between rounds: a noisy measurement (more rounds or a longer duration help).`);
    }
  }
  return notes;
}

/** Rounds whose latencies measured perf-gate rather than the target, and what to do about it. */
function saturationNote(s: ScenarioSummary): string {
  const peak = s.generator;
  const starved = peak !== null && peak.elu >= SATURATED_ELU && peak.cpu < SATURATED_CPU;
  const figures =
    peak === null
      ? ''
      : ` (event loop ${formatPercent(Math.round(peak.elu * 100) / 100)} busy${starved ? ` on ${peak.cpu.toFixed(2)} of a core` : ''}, delay p99 ${formatMs(peak.delayP99Ms)})`;
  const remedy = starved
    ? 'other processes were taking its CPU: measure on a quieter machine'
    : 'use fewer connections, --workers, or shards';
  return (
    `${s.name}: the load generator was saturated in ${s.saturatedRounds} of ${s.rounds} rounds${figures}: ` +
    `its latencies include perf-gate's own queueing; ${remedy}.`
  );
}
