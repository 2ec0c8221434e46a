import * as z from 'zod';
import { cpuPerRequestMs, type RunResult } from './result.js';

/**
 * What a baseline remembers beyond its kept runs, so that the gate can learn the suite's noise:
 * - `history`: each recorded run's mean figures per scenario (every run ever recorded, up to
 *   MAX_HISTORY, also those `keep` has dropped): how much one run of main differs from the next;
 * - `aa`: A/A records, runs of main measured with a base URL serving the same code: how much one
 *   deployment differs from another.
 * Small by design (a few numbers per run), so the baseline file stays small.
 */
export const MAX_HISTORY = 200;
export const MAX_AA = 50;

const positive = z.number().finite().positive();
const LOG_METRICS = ['p50', 'p95', 'p99', 'rps', 'cpuPerRequest'] as const;
export type HistoryMetric = (typeof LOG_METRICS)[number];

const scenarioName = z.string().min(1).max(100);
const stamp = {
  startedAt: z.iso.datetime(),
  sha: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/)
    .nullable(),
};

export const HistoryEntrySchema = z.strictObject({
  ...stamp,
  /** Per scenario: the geometric mean over the run's rounds of each figure (ms, req/s, CPU ms per request). */
  scenarios: z.record(
    scenarioName,
    z.strictObject({ p50: positive, p95: positive, p99: positive, rps: positive, cpuPerRequest: positive }).partial(),
  ),
});

const AaFigureSchema = z.strictObject({
  /** Mean over the pairs of rounds of log(target / base). */
  logRatio: z.number().finite(),
  /** Its variance from the rounds alone (the pairs' sample variance / pairs). */
  variance: z.number().finite().nonnegative(),
});

export const AaEntrySchema = z.strictObject({
  ...stamp,
  scenarios: z.record(
    scenarioName,
    z
      .strictObject({ p50: AaFigureSchema, p95: AaFigureSchema, p99: AaFigureSchema, rps: AaFigureSchema, cpuPerRequest: AaFigureSchema })
      .partial(),
  ),
});

export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export type AaEntry = z.infer<typeof AaEntrySchema>;

/** A round's figure; 0 when it has none (CPU per request without a service source). */
function figureOf(round: RunResult['scenarios'][number]['rounds'][number], metric: HistoryMetric): number {
  if (metric === 'rps') return round.rps;
  if (metric === 'cpuPerRequest') return cpuPerRequestMs(round);
  return round.latencyMs[metric];
}

/** A run's entry in the history: each scenario's geometric mean figures over its measured rounds. */
export function historyEntry(run: RunResult): HistoryEntry {
  const scenarios: HistoryEntry['scenarios'] = {};
  for (const scenario of run.scenarios) {
    const figures: HistoryEntry['scenarios'][string] = {};
    for (const metric of LOG_METRICS) {
      const values = scenario.rounds.map((round) => figureOf(round, metric)).filter((v) => v > 0);
      if (values.length > 0) figures[metric] = Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
    }
    scenarios[scenario.name] = figures;
  }
  return { startedAt: run.startedAt, sha: run.git.sha, scenarios };
}

/**
 * An A/A record from a run measured with a base URL (interleaved rounds, paired by number). The
 * two deployments serve the same code, so their difference is deployment noise. Scenarios with
 * fewer than two pairs are left out.
 */
export function aaEntry(run: RunResult, base: RunResult): AaEntry {
  const scenarios: AaEntry['scenarios'] = {};
  for (const scenario of run.scenarios) {
    const baseRounds = new Map((base.scenarios.find((s) => s.name === scenario.name)?.rounds ?? []).map((r) => [r.round, r]));
    const figures: AaEntry['scenarios'][string] = {};
    for (const metric of LOG_METRICS) {
      const differences = scenario.rounds.flatMap((round) => {
        const other = baseRounds.get(round.round);
        if (other === undefined) return [];
        const [a, b] = [figureOf(round, metric), figureOf(other, metric)];
        return a > 0 && b > 0 ? [Math.log(a / b)] : [];
      });
      if (differences.length < 2) continue;
      const mean = differences.reduce((sum, d) => sum + d, 0) / differences.length;
      const variance = differences.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (differences.length - 1) / differences.length;
      figures[metric] = { logRatio: mean, variance };
    }
    if (Object.keys(figures).length > 0) scenarios[scenario.name] = figures;
  }
  return { startedAt: run.startedAt, sha: run.git.sha, scenarios };
}

/** Adds (or, for the same start and commit, replaces) an entry, keeping the newest `most`. */
export function appendEntry<T extends { startedAt: string; sha: string | null }>(entries: T[], entry: T, most: number): T[] {
  const kept = entries.filter((e) => !(e.startedAt === entry.startedAt && e.sha === entry.sha));
  return [...kept, entry].slice(-most);
}
