import { markdownTable } from 'markdown-table';
import { GATE_METRICS, METRIC_LABEL } from '../result/metrics.js';
import { sum } from 'simple-statistics';
import { sumErrors } from '../result/merge.js';
import type { Environment, RoundErrors, RoundResult, RunResult, ScenarioResult } from '../result/result.js';
import { type GateResult, type MetricComparison } from '../result/verdict.js';
import { escapeText } from './escape.js';
import { formatCount, formatMs, formatRate } from './format.js';
import { INTERVAL_LABEL, formatThreshold, medianOrZero, plural } from './gate-facts.js';

/**
 * The collapsible details under the gate report: per-round figures of both sides, the
 * environment each side ran in, and the method. Each returns Markdown meant to sit inside
 * `<details>`; every string from the results is escaped.
 */

/** Scenario names in the order of the gate, with the results of both sides. */
export interface DetailsInput {
  gate: GateResult;
  current: RunResult;
  baseline: RunResult[];
}

const ROUND_HEADER = ['side', 'round', 'requests', ...(['rps', 'p50', 'p95', 'p99'] as const).map((m) => METRIC_LABEL[m]), 'errors'];
const ROUND_ALIGN = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'] as const;

/** One table per scenario: every round of the current run and of the baseline (per-run medians when it pools several runs). */
export function roundDetails(input: DetailsInput): string {
  const current = scenarioIndex(input.current);
  const baselines = input.baseline.map(scenarioIndex);
  const perRun = input.baseline.length > 1;
  const sections: string[] = [];
  if (perRun) {
    sections.push(
      `_The baseline pools ${plural(input.baseline.length, 'run')}: one row per run, the median of its rounds (errors: the run's total)._`,
    );
  }
  for (const scenario of input.gate.scenarios) {
    const rows: string[][] = [];
    let baselineRounds = 0;
    let baselineRuns = 0;
    input.baseline.forEach((run, i) => {
      const result = baselines[i]!.get(scenario.name);
      if (!result || result.rounds.length === 0) return;
      baselineRuns++;
      baselineRounds += result.rounds.length;
      if (perRun) rows.push(runMedianRow(run, i, result.rounds));
      else for (const round of result.rounds) rows.push(roundRow('baseline', String(round.round), round));
    });
    const mine = current.get(scenario.name);
    for (const round of mine?.rounds ?? []) rows.push(roundRow('current', String(round.round), round));
    const baselineText =
      baselineRounds === 0
        ? 'no rounds'
        : perRun
          ? `${plural(baselineRuns, 'run')}, ${plural(baselineRounds, 'round')}`
          : plural(baselineRounds, 'round');
    const currentText = mine && mine.rounds.length > 0 ? plural(mine.rounds.length, 'round') : 'no rounds';
    const caption =
      input.baseline.length === 0
        ? `**${escapeText(scenario.name)}** · ${currentText}`
        : `**${escapeText(scenario.name)}** · baseline: ${baselineText} · current: ${currentText}`;
    sections.push(rows.length === 0 ? caption : `${caption}\n\n${markdownTable([ROUND_HEADER, ...rows], { align: [...ROUND_ALIGN] })}`);
  }
  return sections.join('\n\n');
}

/** The short form when the report must shrink: one row per scenario and side. */
export function roundSummary(input: DetailsInput): string {
  const current = scenarioIndex(input.current);
  const baselines = input.baseline.map(scenarioIndex);
  const rows: string[][] = [];
  for (const scenario of input.gate.scenarios) {
    const baselineRounds = baselines.flatMap((index) => index.get(scenario.name)?.rounds ?? []);
    const currentRounds = current.get(scenario.name)?.rounds ?? [];
    if (baselineRounds.length > 0) rows.push(summaryRow(scenario.name, 'baseline', baselineRounds));
    if (currentRounds.length > 0) rows.push(summaryRow(scenario.name, 'current', currentRounds));
  }
  if (rows.length === 0) return '_No rounds in the results._';
  return markdownTable([['scenario', 'side', 'rounds', 'requests', 'errors', 'p95 over rounds'], ...rows], {
    align: ['l', 'l', 'r', 'r', 'r', 'r'],
  });
}

function summaryRow(name: string, side: string, rounds: RoundResult[]): string[] {
  const p95 = rounds.map((r) => r.latencyMs.p95);
  const low = Math.min(...p95);
  const high = Math.max(...p95);
  return [
    escapeText(name),
    side,
    String(rounds.length),
    formatCount(sum(rounds.map((r) => r.requests))),
    formatCount(sum(rounds.map((r) => r.errors.total))),
    low === high ? formatMs(low) : `${formatMs(low)} … ${formatMs(high)}`,
  ];
}

function roundRow(side: string, label: string, round: RoundResult): string[] {
  return [
    side,
    label,
    formatCount(round.requests),
    formatRate(round.rps),
    formatMs(round.latencyMs.p50),
    formatMs(round.latencyMs.p95),
    formatMs(round.latencyMs.p99),
    errorsCell(round.errors),
  ];
}

function runMedianRow(run: RunResult, index: number, rounds: RoundResult[]): string[] {
  const sha = run.git.sha ? ` (${escapeText(run.git.sha.slice(0, 7))})` : '';
  const errors = sumErrors(rounds.map((r) => r.errors));
  return [
    'baseline',
    `run ${index + 1}${sha} · median of ${rounds.length}`,
    formatCount(Math.round(medianOrZero(rounds.map((r) => r.requests)))),
    formatRate(medianOrZero(rounds.map((r) => r.rps))),
    formatMs(medianOrZero(rounds.map((r) => r.latencyMs.p50))),
    formatMs(medianOrZero(rounds.map((r) => r.latencyMs.p95))),
    formatMs(medianOrZero(rounds.map((r) => r.latencyMs.p99))),
    errorsCell(errors),
  ];
}

/** "0", or "3: 503 ×2, timeout ×1". */
function errorsCell(errors: RoundErrors): string {
  if (errors.total === 0) return '0';
  const parts: string[] = [];
  for (const [code, n] of Object.entries(errors.status).sort(byKey)) if (n > 0) parts.push(`${escapeText(code)} ×${formatCount(n)}`);
  for (const kind of ['check', 'capture', 'timeout', 'refused', 'reset', 'dns'] as const)
    if (errors[kind] > 0) parts.push(`${kind} ×${formatCount(errors[kind])}`);
  const codes = Object.entries(errors.otherCodes).filter(([, n]) => n > 0);
  const coded = sum(codes.map(([, n]) => n));
  for (const [code, n] of codes.sort(byKey)) parts.push(`${escapeText(code)} ×${formatCount(n)}`);
  if (errors.other > coded) parts.push(`other ×${formatCount(errors.other - coded)}`);
  return parts.length === 0 ? formatCount(errors.total) : `${formatCount(errors.total)}: ${parts.join(', ')}`;
}

/** Where each side ran. Baseline runs that ran on the same machine share a column. */
export function environmentDetails(input: DetailsInput): { text: string; cpuDiffers: boolean } {
  const groups = new Map<string, { runs: number[]; env: Environment; results: RunResult[] }>();
  input.baseline.forEach((run, i) => {
    const key = machineKey(run.environment);
    const group = groups.get(key) ?? { runs: [], env: run.environment, results: [] };
    group.runs.push(i + 1);
    group.results.push(run);
    groups.set(key, group);
  });
  const columns = [...groups.values()].map((group) => ({
    title:
      groups.size === 1
        ? input.baseline.length === 1
          ? 'baseline'
          : `baseline (${plural(input.baseline.length, 'run')})`
        : `baseline ${group.runs.length === 1 ? 'run' : 'runs'} ${group.runs.join(', ')}`,
    env: group.env,
    results: group.results,
  }));
  columns.push({ title: 'current', env: input.current.environment, results: [input.current] });
  const now = input.current.environment;
  const cpuOf = (env: Environment): string => `${escapeText(env.cpu.model)} × ${env.cpu.count}`;
  const cpuDiffers = (env: Environment): boolean => env.cpu.model !== now.cpu.model || env.cpu.count !== now.cpu.count;
  const anyCpuDiffers = columns.some((c) => cpuDiffers(c.env));

  const row = (label: string, cell: (c: (typeof columns)[number]) => string): string[] => [label, ...columns.map(cell)];
  const rows = [
    row('commit', (c) => list(c.results.map((r) => (r.git.sha ? escapeText(r.git.sha.slice(0, 7)) : 'unknown')))),
    row('started', (c) => list(c.results.map((r) => formatTimestamp(r.startedAt)))),
    row('CPU', (c) => `${cpuOf(c.env)}${anyCpuDiffers ? ' ⚠️' : ''}`),
    row('memory', (c) => `${c.env.memoryGiB.toFixed(1)} GiB`),
    row('OS', (c) => `${escapeText(c.env.os.platform)} ${escapeText(c.env.os.release)} (${escapeText(c.env.os.arch)})`),
    row('node', (c) => escapeText(c.env.node)),
    row('perf-gate', (c) => escapeText(c.env.perfGate)),
    row('CI', (c) => (c.env.ci === null ? 'none (local)' : escapeText(c.env.ci))),
    row('RTT to target', (c) => rttCell(c.results.map((r) => r.environment.rttMs))),
  ];
  if ([input.current, ...input.baseline].some((r) => r.interrupted)) {
    rows.push(row('interrupted', (c) => list(c.results.map((r) => (r.interrupted ? 'yes' : 'no')))));
  }
  const table = markdownTable([['', ...columns.map((c) => c.title)], ...rows], { align: ['l', ...columns.map(() => 'l')] });
  if (!anyCpuDiffers) return { text: table, cpuDiffers: false };
  const baselineCpus = [...new Set(columns.slice(0, -1).map((c) => cpuOf(c.env)))].join(', ');
  const warning =
    `⚠️ **The CPU differs**: the baseline ran on ${baselineCpus}, this run on ${cpuOf(now)}. ` +
    'A change may come from the machine rather than the code.';
  return { text: `${warning}\n\n${table}`, cpuDiffers: true };
}

function machineKey(env: Environment): string {
  return JSON.stringify([env.node, env.perfGate, env.cpu.model, env.cpu.count, env.memoryGiB, env.os, env.ci]);
}

/** Up to three values, then the count: "a, b, c and 2 more". Identical values once. */
function list(values: string[]): string {
  const distinct = [...new Set(values)];
  if (distinct.length <= 3) return distinct.join(', ');
  return `${distinct.slice(0, 3).join(', ')} and ${distinct.length - 3} more`;
}

function rttCell(values: (number | null)[]): string {
  const measured = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (measured.length === 0) return 'not measured';
  const low = Math.min(...measured);
  const high = Math.max(...measured);
  return low === high ? formatMs(low) : `${formatMs(low)} … ${formatMs(high)}`;
}

/** "2026-11-23T01:02:03.456Z" → "2026-11-23 01:02 UTC". */
function formatTimestamp(iso: string): string {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : escapeText(iso);
}

/** How the verdict was reached: the test, the error control, the rounds, the thresholds. */
export function methodDetails(gate: GateResult): string {
  const { method } = gate;
  const compared = gate.scenarios.filter((s) => s.status === 'compared');
  const lines = [
    method.mode === 'interleaved'
      ? '**Mode**: interleaved: the base and this change measured alternately in the same job'
      : `**Mode**: stored baseline, ${plural(method.baselineRuns, 'run')} pooled`,
    `**Test**: ${escapeText(method.test)}`,
    `**Error control**: α = ${Number(method.alpha.toPrecision(3))} family-wise over ${plural(method.holmFamily, 'blocking comparison')} (Holm${method.leftOut > 0 ? `; ${method.leftOut} that could not reach significance left out, Tarone` : ''}), ` +
      `spent across ${plural(method.looks, 'look')}; intervals at ${INTERVAL_LABEL}, the level the words follow (unchanged: the interval's worse end within the threshold)`,
    `**Rounds per scenario**: ${roundsText(
      compared.map((s) => s.rounds.baseline),
      'baseline',
    )}, ${roundsText(
      compared.map((s) => s.rounds.current),
      'current',
    )}`,
    method.extraRounds.length === 0
      ? '**Extra rounds**: none'
      : `**Extra rounds**: ${method.extraRounds.map((reason) => escapeText(reason)).join('; ')}`,
    `**Thresholds**: ${thresholdsText(compared.flatMap((s) => s.metrics.map((m) => ({ scenario: s.name, m }))))}`,
  ];
  return lines.map((line) => `- ${line}`).join('\n');
}

function roundsText(values: number[], side: string): string {
  if (values.length === 0) return `${side} none`;
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? `${side} ${low}` : `${side} ${low}–${high}`;
}

type Role = 'blocks' | 'advisory' | 'informs';

function role(m: MetricComparison): Role {
  return m.blocking ? 'blocks' : m.advisory !== undefined ? 'advisory' : 'informs';
}

/**
 * Per metric, the threshold and role most scenarios share, then the exceptions:
 * "p95 10 % blocks; p99 10 % informs (search: advisory); error rate 1 pp blocks (home: 2 pp blocks)".
 */
function thresholdsText(entries: { scenario: string; m: MetricComparison }[]): string {
  if (entries.length === 0) return 'none (nothing compared)';
  const parts: string[] = [];
  for (const metric of GATE_METRICS) {
    const mine = entries.filter((e) => e.m.metric === metric);
    if (mine.length === 0) continue;
    const describe = (m: MetricComparison): string => `${formatThreshold(m)} ${role(m)}`;
    const tally = new Map<string, number>();
    for (const e of mine) tally.set(describe(e.m), (tally.get(describe(e.m)) ?? 0) + 1);
    let usual = '';
    let most = 0;
    for (const [text, n] of tally) if (n > most) [usual, most] = [text, n];
    const exceptions = mine.filter((e) => describe(e.m) !== usual);
    const shown = exceptions.slice(0, 3).map((e) => `${escapeText(e.scenario)}: ${describe(e.m)}`);
    if (exceptions.length > 3) shown.push(`${exceptions.length - 3} more`);
    parts.push(`${METRIC_LABEL[metric]} ${usual}${shown.length > 0 ? ` (${shown.join(', ')})` : ''}`);
  }
  return parts.join('; ');
}

function byKey([a]: [string, number], [b]: [string, number]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function scenarioIndex(run: RunResult): Map<string, ScenarioResult> {
  const index = new Map<string, ScenarioResult>();
  for (const scenario of run.scenarios) if (!index.has(scenario.name)) index.set(scenario.name, scenario);
  return index;
}
