import type { AaEntry, HistoryEntry } from '../result/history.js';
import type { RunResult, ScenarioResult } from '../result/result.js';
import type { GateMetric, MetricPolicy } from '../config/suite.js';
import { LOG_SCALE_METRICS, roundFigures, shardFigures, type LogScaleMetric } from './figures.js';
import type { ScenarioEvidence } from './judge.js';
import type { AaObservation } from './noise.js';

/** An entry's gate: a flow's step has its flow's. */
export type PolicyFor = (entry: Pick<ScenarioResult, 'name' | 'step'>) => Record<GateMetric, MetricPolicy>;

/** What a baseline file knows of the suite's noise beyond its kept runs (see src/result/history.ts). */
export interface NoiseRecords {
  history?: HistoryEntry[] | undefined;
  aa?: AaEntry[] | undefined;
}

/** `abc1234 (2026-11-20 10:04)`: a baseline run as the report names it. */
export function runLabel(run: Pick<RunResult, 'startedAt' | 'git'>): string {
  return `${run.git.sha === null ? 'run' : run.git.sha.slice(0, 7)} (${run.startedAt.slice(0, 16).replace('T', ' ')})`;
}

/**
 * Stored-baseline evidence: each scenario of the current run, with the rounds each baseline
 * run measured for the scenario of the same name, and the log figures of the earlier recorded
 * runs (the history less the runs compared, oldest first), and, for a run merged from shards,
 * each shard's figures (see storedBaselineChange). Scenarios only the baseline has are listed as
 * missing.
 */
export function storedEvidence(
  current: ScenarioResult[],
  baselineRuns: RunResult[],
  policyFor: PolicyFor,
  records: NoiseRecords = {},
): ScenarioEvidence[] {
  const kept = new Set(baselineRuns.map((run) => `${run.startedAt} ${run.git.sha}`));
  const earlier = (records.history ?? []).filter((entry) => !kept.has(`${entry.startedAt} ${entry.sha}`));
  const baselineFor = (name: string) => {
    const runs = baselineRuns.filter((run) => (run.scenarios.find((s) => s.name === name)?.rounds.length ?? 0) > 0);
    return {
      baseline: runs.map((run) => run.scenarios.find((s) => s.name === name)!.rounds.map(roundFigures)),
      baselineLabels: runs.map(runLabel),
      history: perMetric((metric) => earlier.flatMap((entry) => positiveLog(entry.scenarios[name]?.[metric]))),
    };
  };
  const measured = current.map((scenario) => ({
    name: scenario.name,
    policy: policyFor(scenario),
    openModel: scenario.model === 'open',
    ...baselineFor(scenario.name),
    current: scenario.rounds.map(roundFigures),
    ...(scenario.shards !== undefined && { shards: scenario.shards.map((shard) => ({ index: shard.index, rounds: shardFigures(shard) })) }),
  }));
  const names = new Set(current.map((s) => s.name));
  const missing = new Map<string, ScenarioResult>();
  for (const entry of baselineRuns.flatMap((run) => run.scenarios))
    if (!names.has(entry.name) && !missing.has(entry.name)) missing.set(entry.name, entry);
  return [
    ...measured,
    ...[...missing.values()].map((entry) => ({
      name: entry.name,
      policy: policyFor(entry),
      openModel: false,
      ...baselineFor(entry.name),
      current: [],
    })),
  ];
}

/** Interleaved evidence: candidate and base rounds of each scenario, paired by round number, with the suite's A/A records. */
export function interleavedEvidence(
  candidate: ScenarioResult[],
  base: ScenarioResult[],
  policyFor: PolicyFor,
  records: NoiseRecords = {},
): ScenarioEvidence[] {
  return candidate.map((scenario) => {
    const baseRounds = new Map((base.find((s) => s.name === scenario.name)?.rounds ?? []).map((r) => [r.round, r]));
    const paired = scenario.rounds.filter((r) => baseRounds.has(r.round));
    const aa = perMetric((metric) =>
      (records.aa ?? []).flatMap((entry): AaObservation[] => {
        const figure = entry.scenarios[scenario.name]?.[metric];
        return figure === undefined ? [] : [figure];
      }),
    );
    return {
      name: scenario.name,
      policy: policyFor(scenario),
      openModel: scenario.model === 'open',
      baseline: [paired.map((r) => roundFigures(baseRounds.get(r.round)!))],
      current: paired.map(roundFigures),
      aa,
    };
  });
}

function perMetric<T>(values: (metric: LogScaleMetric) => T[]): Partial<Record<LogScaleMetric, T[]>> {
  return Object.fromEntries(LOG_SCALE_METRICS.map((metric) => [metric, values(metric)]));
}

function positiveLog(value: number | undefined): number[] {
  return value !== undefined && value > 0 ? [Math.log(value)] : [];
}
