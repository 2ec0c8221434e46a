import { markdownTable } from 'markdown-table';
import { METRIC_LABEL } from '../result/metrics.js';
import type { ScenarioSummary } from '../stats/aggregate.js';
import type { BudgetCheck, GateResult } from '../result/verdict.js';
import { formatCores, formatCount, formatMs, formatPercent, formatRate } from './format.js';
import { plainText, tableCell } from './escape.js';
import { formatBytes } from '../config/units.js';
import type { RunResult } from '../result/result.js';
import { budgetComparison, budgetHeadline } from './gate-facts.js';
import { noiseNotes } from './gate-noise.js';
import { captureWarning, leakWarning, ranOutWarning, smallRoundsWarning } from '../stats/warnings.js';
import type { StressFinding } from '../stats/breaking-point.js';
import { SATURATED_CPU, SATURATED_ELU } from '../stats/generator-health.js';
import { terminalStyle, verdictSection, type TerminalStyle } from './terminal-verdict.js';

/**
 * The CLI's report of a run, made for a terminal: a table of every scenario (and of the service's
 * cost), the budgets (those exceeded, one line each), the verdict when the run was judged (its
 * line and the rows that need attention), then the warnings, most serious first. A few dozen
 * lines where the Markdown report, with its per-round tables and collapsed sections, is hundreds:
 * that one goes to a file (--markdown). Colour where the terminal shows it, plain text otherwise.
 */
export interface RunReportOptions {
  /** The verdict, when the run was judged: rendered as given, its warnings in place of the run's own about the suite. */
  judgment?: { gate: GateResult; baselineFile: string };
  /** ANSI colour: for a terminal that shows it. */
  color?: boolean;
}

export function renderRunReport(
  summaries: ScenarioSummary[],
  checks: BudgetCheck[],
  stress: StressFinding[] = [],
  service?: RunResult['service'],
  options: RunReportOptions = {},
): string {
  return runReport(
    summaries.map((s) => ({
      ...s,
      name: plainText(s.name),
      mix: s.mix && { ...s.mix, mix: plainText(s.mix.mix), member: plainText(s.mix.member) },
    })),
    checks.map((c) => ({ ...c, scenario: plainText(c.scenario) })),
    stress.map((f) => ({ ...f, scenario: plainText(f.scenario) })),
    service && { source: plainText(service.source), problems: service.problems.map(plainText) },
    options.judgment,
    terminalStyle(options.color === true),
  );
}

/** A line to read: ⚠️ what makes a figure wrong until fixed, plain what makes it less than it seems. */
interface Note {
  warning: boolean;
  /** What the suite should change (it is measured the same way next time): a comparison's warnings say it too. */
  suite: boolean;
  text: string;
}

/** The report from names already made plain text (the suite's and the results' text is untrusted). */
function runReport(
  summaries: ScenarioSummary[],
  checks: BudgetCheck[],
  stress: StressFinding[],
  service: RunResult['service'],
  judgment: RunReportOptions['judgment'],
  style: TerminalStyle,
): string {
  const sections = summaries.length === 0 ? [] : [scenarioTable(summaries)];
  const cost = serviceTable(summaries, service);
  if (cost !== null) sections.push(cost);
  // Under a verdict the budgets exceeded are among the rows that need attention: here only their count.
  if (checks.length > 0) sections.push(budgetList(judgment === undefined ? checks : [], checks, style));
  if (judgment !== undefined) sections.push(verdictSection(judgment.gate, judgment.baselineFile, style));
  const notes = runNotes(summaries, stress, service);
  // The verdict's warnings were made from this same run and say what the suite's notes would, in the words every output uses.
  const told =
    judgment === undefined
      ? notes
      : [
          ...judgment.gate.warnings.map((text) => ({ warning: true, suite: true, text: plainText(text) })),
          ...notes.filter((n) => !n.suite),
        ];
  const lines = [...told.filter((n) => n.warning), ...told.filter((n) => !n.warning)].map((n) =>
    n.warning ? style.warn(`⚠️ ${n.text}`) : `- ${n.text}`,
  );
  if (judgment !== undefined) lines.push(...noiseNotes(judgment.gate, plainText).map((n) => style.dim(`ℹ️ ${n}`)));
  if (lines.length > 0) sections.push(lines.join('\n'));
  return `${sections.join('\n\n')}\n`;
}

/** The run's scenarios, one row each: the table the terminal and the HTML page both show, with names as given (each renderer escapes). */
export function scenarioRows(summaries: ScenarioSummary[]): { header: string[]; rows: string[][] } {
  const header = ['scenario', 'model', 'rounds', ...(['rps', 'p50', 'p95', 'p99', 'max'] as const).map((m) => METRIC_LABEL[m]), 'errors'];
  const rows = summaries.map((s) => [
    s.name,
    s.model === 'open' ? `open ${formatRate(s.targetRps ?? 0)}/s` : 'closed',
    String(s.rounds),
    formatRate(s.rps),
    formatMs(s.latencyMs.p50),
    s.p95RoundCv === null ? formatMs(s.latencyMs.p95) : `${formatMs(s.latencyMs.p95)} ±${formatPercent(s.p95RoundCv)}`,
    formatMs(s.latencyMs.p99),
    formatMs(s.latencyMs.max),
    s.errors === 0 ? '0' : `${formatCount(s.errors)} (${formatPercent(s.errorRate)})`,
  ]);
  return { header, rows };
}

function scenarioTable(summaries: ScenarioSummary[]): string {
  const { header, rows } = scenarioRows(summaries);
  const cells = rows.map(([name, ...rest]) => [tableCell(name!), ...rest]);
  return markdownTable([header, ...cells], { align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'] });
}

/** The service's own cost per scenario, where a source gave it. */
function serviceTable(summaries: ScenarioSummary[], service: RunResult['service']): string | null {
  const measured = summaries.filter((s) => s.service !== null);
  if (measured.length === 0) return null;
  const { cpuPerRequest, cpu, rss, rssGrowth } = METRIC_LABEL;
  const header = ['scenario', 'rounds', cpuPerRequest, `${cpu} (busiest round)`, `${rss} (peak)`, `${rssGrowth} /min (95% CI)`, '/1k req'];
  const rows = measured.map(({ name, service: cost }) => {
    const growth = cost!.growth;
    return [
      tableCell(name),
      String(cost!.rounds),
      formatMs(cost!.cpuPerRequestMs),
      formatCores(cost!.cpuPeak),
      cost!.rssPeakBytes === null ? 'n/a' : formatBytes(cost!.rssPeakBytes),
      growth === null
        ? 'n/a'
        : `${formatBytes(growth.perMinute.value, true)} (${growth.perMinute.interval.map((v) => formatBytes(v, true)).join(' … ')})`,
      growth === null ? 'n/a' : formatBytes(growth.perThousandRequests.value, true),
    ];
  });
  return `Service (${service?.source ?? 'unknown source'}):\n\n${markdownTable([header, ...rows], { align: ['l', 'r', 'r', 'r', 'r', 'r', 'r'] })}`;
}

/** The budgets' count, then each of `listed` (those exceeded, where no verdict lists them) on a line of its own. */
function budgetList(listed: BudgetCheck[], checks: BudgetCheck[], style: TerminalStyle): string {
  const exceeded = listed
    .filter((c) => !c.passed)
    .map((c) => style.bad(`  ✗ ${c.scenario} ${METRIC_LABEL[c.metric]} ${budgetComparison(c)}`));
  const headline = budgetHeadline(checks);
  return [checks.some((c) => !c.passed) ? style.bad(headline) : headline, ...exceeded].join('\n');
}

/**
 * What the reader should know about the measurement: first what is wrong with it (every request
 * failed, the data ran out, captures missed, the generator saturated, rounds too small for p95,
 * the service's memory growing or unreadable), then what makes a figure less than it seems (a
 * target that fell behind, late starts, noisy rounds), then where a ramp broke and a mix's shares.
 * A note several scenarios share (a flow's steps share its rounds) is one line naming them all.
 */
function runNotes(summaries: ScenarioSummary[], stress: StressFinding[], service: RunResult['service']): Note[] {
  const warn =
    (suite: boolean) =>
    (text: string): Note => ({ warning: true, suite, text });
  const note = (text: string): Note => ({ warning: false, suite: false, text });
  const notes: Note[] = [];
  for (const s of summaries) {
    if (s.rounds === 0) notes.push(note(`${s.name}: no round completed; its figures are empty.`));
    else if (s.requests > 0 && s.errors === s.requests) {
      notes.push(
        warn(false)(
          `${s.name}: every one of its ${formatCount(s.requests)} requests failed: ${s.responses === 0 ? 'no latency was measured' : 'its latencies are those of failures'}; check the target, the path and the expected status.`,
        ),
      );
    }
    if (s.dataRanOut !== null) notes.push(warn(true)(ranOutWarning(s.name, s.dataRanOut, s.requests, s.noRow)));
    const missed = captureWarning(s.name, s.captureMisses);
    if (missed !== undefined) notes.push(warn(true)(missed));
  }
  notes.push(
    ...grouped(summaries.filter((s) => s.saturatedRounds > 0).map((s) => ({ name: s.name, text: saturationNote(s) }))).map(warn(true)),
  );
  const small = smallRoundsWarning(summaries);
  if (small !== undefined) notes.push(warn(true)(small));
  for (const s of summaries) if (s.service?.growth?.leak === true) notes.push(warn(true)(leakWarning(s.name, s.service.growth)));
  for (const problem of service?.problems ?? []) {
    notes.push(
      warn(true)(
        `The service's cost could not be read: ${problem}; those rounds have no service figures (their latencies are unaffected).`,
      ),
    );
  }
  notes.push(
    ...grouped(summaries.flatMap((s) => (openModelNote(s) === null ? [] : [{ name: s.name, text: openModelNote(s)! }]))).map(note),
  );
  const noisy = summaries.filter((s) => s.p95RoundCv !== null && s.p95RoundCv > 0.1);
  if (noisy.length > 0) {
    const each = noisy.map((s) => `${s.name} ±${formatPercent(s.p95RoundCv!)}`).join(', ');
    notes.push(note(`p95 varies between rounds: ${each}: a noisy measurement (more rounds or a longer duration help).`));
  }
  notes.push(...stress.map((f) => note(stressNote(f))), ...mixNotes(summaries).map(note));
  return notes;
}

/** "a, b, c: text" for the scenarios whose note reads the same after their name. */
function grouped(items: { name: string; text: string }[]): string[] {
  const byText = new Map<string, string[]>();
  for (const { name, text } of items) byText.set(text, [...(byText.get(text) ?? []), name]);
  return [...byText].map(([text, names]) => `${names.join(', ')}: ${text}`);
}

/** An open model's starts that the target or the generator could not make on time. */
function openModelNote(s: ScenarioSummary): string | null {
  if (s.dropped > 0) {
    return (
      `the target could not keep up with ${formatRate(s.targetRps ?? 0)} req/s: ` +
      `${formatCount(s.dropped)} of ${formatCount(s.scheduled)} scheduled starts were dropped (achieved ${formatRate(s.rps)} req/s).`
    );
  }
  if (s.late > 0)
    return `${formatCount(s.late)} of ${formatCount(s.scheduled)} starts went out late (no free connection, or a busy generator); their latency counts from the intended start.`;
  return null;
}

/** Where a ramp broke the target, or that it held up to its peak. */
function stressNote(finding: StressFinding): string {
  const { broke } = finding;
  if (broke === undefined) return `${finding.scenario}: held its budgets all the way up the ramp, to ${formatRate(finding.peakRps)} req/s.`;
  const value = broke.metric === 'p95' ? formatMs(broke.value) : formatPercent(broke.value);
  const limit = broke.metric === 'p95' ? formatMs(broke.limit) : formatPercent(broke.limit);
  return (
    `${finding.scenario}: broke at ${formatRate(broke.targetRps)} req/s (${Math.round(broke.atMs / 1000)} s into round ${broke.round}): ` +
    `${METRIC_LABEL[broke.metric]} ${value} > ${limit} budget; the ramp went up to ${formatRate(finding.peakRps)} req/s.`
  );
}

/** Each mix's members with the share of its requests they got and the share their weight asked for. */
function mixNotes(summaries: ScenarioSummary[]): string[] {
  const mixes = new Map<string, string[]>();
  for (const { mix: share } of summaries) {
    if (share === null) continue;
    mixes.set(share.mix, [
      ...(mixes.get(share.mix) ?? []),
      `${share.member} ${formatPercent(share.actual)} (weight ${formatPercent(share.planned)})`,
    ]);
  }
  return [...mixes].map(([mix, members]) => `${mix} is a mix; its members' share of its requests: ${members.join(', ')}.`);
}

/** Rounds whose latencies measured perf-gate rather than the target, and what to do about it (after the scenario's name). */
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
  return `the load generator was saturated in ${s.saturatedRounds} of ${s.rounds} rounds${figures}: its latencies include perf-gate's own queueing; ${remedy}.`;
}
