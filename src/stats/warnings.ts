import { formatBytes } from '../config/units.js';
import { machineLabel, type RoundResult, type RunResult } from '../result/result.js';
import { captureMisses, dataRanOut, medianRoundRequests, saturatedRounds, saturatedShards } from './aggregate.js';
import { serviceSummary, type Growth } from './service-cost.js';

/**
 * What the reader of a comparison must know before trusting it. Pure: results in, sentences out.
 */
export function comparisonWarnings(current: RunResult, baselineRuns: RunResult[], mode: 'stored-baseline' | 'interleaved'): string[] {
  const warnings: string[] = [];
  if (current.interrupted) warnings.push('The run was interrupted: only the rounds that completed were compared.');
  // The runs measured now: this one, and in the interleaved mode the base's beside it.
  const base = mode === 'interleaved' ? baselineRuns[0] : undefined;
  const sides =
    base === undefined
      ? [{ run: current, label: '' }]
      : [
          { run: current, label: '' },
          { run: base, label: ' on the base' },
        ];
  const saturation = saturationWarning(sides);
  if (saturation !== undefined) warnings.push(saturation);
  for (const { run, label } of sides) {
    const problems = run.service?.problems ?? [];
    if (problems.length > 0) {
      warnings.push(
        `The service's CPU and memory could not always be read${label}: ${problems.join('; ')}. Rounds without figures are left out of CPU per request; the latencies are unaffected.`,
      );
    }
  }
  for (const scenario of current.scenarios) {
    const round = dataRanOut(scenario);
    const sum = (count: (round: RoundResult) => number) => scenario.rounds.reduce((total, r) => total + count(r), 0);
    if (round !== null)
      warnings.push(
        ranOutWarning(
          scenario.name,
          round,
          sum((r) => r.requests),
          sum((r) => r.open?.noRow ?? 0),
        ),
      );
    const missed = captureWarning(scenario.name, captureMisses(scenario));
    if (missed !== undefined) warnings.push(missed);
  }
  warnings.push(...newGrowthWarnings(current, baselineRuns));
  const small = smallRoundsWarning(current.scenarios.map((s) => ({ name: s.name, roundRequests: medianRoundRequests(s) })));
  if (small !== undefined) warnings.push(small);
  if (mode === 'interleaved') return warnings;
  const others = [...new Set(baselineRuns.map((run) => machineLabel(run.environment)))].filter(
    (m) => m !== machineLabel(current.environment),
  );
  if (others.length > 0) {
    warnings.push(
      `Measured on a different machine: this run on ${machineLabel(current.environment)}, baseline runs on ${others.join(', ')}. ` +
        'The change includes the difference between the machines.',
    );
  }
  if (baselineRuns.length > 0 && baselineRuns.length < 3) {
    warnings.push(
      `The baseline holds ${baselineRuns.length} run(s): the run-to-run variance rests mostly on a prior ` +
        "(the suite's history of recorded runs, else a default 3 %), so the gate needs larger changes to be sure. " +
        'Record more runs of the main branch.',
    );
  }
  return warnings;
}

/**
 * A flow whose unique data rows ran out: its last round was short and later ones did not run. The
 * open model's starts due after that (`unmade`) were not made for want of data: said so here, they
 * are never blamed on the target or the generator (they are not counted as dropped).
 */
export function ranOutWarning(scenario: string, round: number, iterations: number, unmade: number): string {
  const starts =
    unmade === 0 ? '' : ` ${unmade} start${unmade === 1 ? '' : 's'} due after that could not be made: the data's limit, not the target's.`;
  return (
    `${scenario}: its unique data rows ran out in round ${round} after ${iterations} iteration${iterations === 1 ? '' : 's'} in the rounds (the warm-up's took rows too); ` +
    `that round ended early and no later round ran.${starts} ` +
    'Every iteration takes a row of its own: add rows to the data file, use order: sequential (rows are reused), or shorten the rounds or lighten the load.'
  );
}

/**
 * A flow's captures that found nothing: the flow, each step and capture (its variable and spec as
 * the suite writes them, never a value: captures may be credentials), and how often.
 */
export function captureWarning(flow: string, misses: Record<string, number>): string | undefined {
  const named = Object.entries(misses);
  if (named.length === 0) return undefined;
  const list = named.map(([missed, n]) => `${missed} found nothing in ${n} response${n === 1 ? '' : 's'}`).join('; ');
  return `flow ${flow}: ${list}. Each such iteration ended at that step, counted as a capture error: check the capture against what the step's responses hold.`;
}

/** A service whose memory kept growing over a scenario's rounds, in words. */
export function leakWarning(scenario: string, growth: Growth): string {
  const [low, high] = growth.perMinute.interval.map((v) => formatBytes(v, true));
  return (
    `${scenario}: the service's memory kept growing, ${formatBytes(growth.perMinute.value, true)}/min (95% CI ${low} … ${high}), ` +
    `${formatBytes(growth.perThousandRequests.value, true)} per 1,000 requests, over ${(growth.spanMinutes * 60).toFixed(0)} s: a leak, or a cache still filling (a longer run tells).`
  );
}

/**
 * Memory that kept growing in this run where the reference's did not. A freshly started service
 * often grows for its first minutes (its heap sizing itself); when the base's grew the same way
 * it is not this change's doing, and saying so on every pull request would teach people to skip it.
 */
function newGrowthWarnings(current: RunResult, reference: RunResult[]): string[] {
  return current.scenarios.flatMap((scenario) => {
    const growth = serviceSummary(scenario)?.growth;
    if (growth?.leak !== true) return [];
    const before = reference.flatMap((run) =>
      run.scenarios.filter((s) => s.name === scenario.name).map((s) => serviceSummary(s)?.growth ?? null),
    );
    const measured = before.filter((g): g is Growth => g !== null);
    if (measured.some((g) => g.leak)) return [];
    const contrast =
      measured.length === 0
        ? ' The reference has no memory figures for it.'
        : ` The reference's did not (${measured.length} run${measured.length === 1 ? '' : 's'} with memory figures).`;
    return [`${leakWarning(scenario.name, growth)}${contrast}`];
  });
}

/**
 * Scenarios in which the load generator was saturated, in this run and (interleaved) the base's:
 * those rounds' latencies measure perf-gate's own queueing, so they cannot block.
 */
function saturationWarning(sides: { run: RunResult; label: string }[]): string | undefined {
  const parts = sides.flatMap(({ run, label }) =>
    run.scenarios.flatMap((scenario) => {
      const saturated = saturatedRounds(scenario);
      // A merged run's round is saturated when one of its shards' was: name the shards, since that runner is what to fix.
      const shards = saturatedShards(scenario).map((shard) => shard.index);
      const where =
        shards.length === 0 ? '' : `, on shard${shards.length === 1 ? '' : 's'} ${shards.join(', ')} of ${scenario.shards!.length}`;
      return saturated === 0 ? [] : [`${scenario.name}${label} (${saturated} of ${scenario.rounds.length} rounds${where})`];
    }),
  );
  if (parts.length === 0) return undefined;
  return (
    `The load generator was saturated in ${parts.join(', ')}: those rounds' latencies measure perf-gate's own queueing, ` +
    'not the target, and cannot block. Use fewer connections, --workers, or shards.'
  );
}

/**
 * A round's p95 is read off its top 5 % of requests: from 100 requests that is 5 of them, and it
 * moves by several percent from round to round on its own (measured in bench/gate-trust.mjs).
 * Below this many requests a round, a p95 change of 10 % is hard to tell from that noise.
 */
export const MIN_ROUND_REQUESTS = 200;

/**
 * Scenarios whose median round is too small for its p95: a fault of the suite, so said in every
 * run (the run table's notes) and in every comparison (the verdict's warnings).
 */
export function smallRoundsWarning(scenarios: { name: string; roundRequests: number | null }[]): string | undefined {
  const small = scenarios.flatMap(({ name, roundRequests }) =>
    roundRequests !== null && roundRequests < MIN_ROUND_REQUESTS ? [`${name} (${roundRequests})`] : [],
  );
  if (small.length === 0) return undefined;
  return (
    `Rounds too small to judge p95 well: ${small.join(', ')} requests per round. A round's p95 rests on its top 5 % of ` +
    `requests; give each round at least ${MIN_ROUND_REQUESTS} (a longer duration or a higher rate), or expect only large changes to be caught.`
  );
}
