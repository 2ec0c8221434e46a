import type { Scenario } from '../config/suite.js';
import { shareConnections, type Share } from '../config/share.js';
import { stepEntry } from '../config/schema/flow.js';
import type { ScenarioResult } from '../result/result.js';
import { pathPrefix } from './exchange.js';

/**
 * A scenario's entries in the results, before any round: what was asked of this share of it
 * (its connections and rate, which merging the shares adds up). A flow of more than one request
 * has one entry for its whole iterations and one per step (`flow/step`).
 */
export function emptyResults(scenario: Scenario, basePath: string, share: Share): ScenarioResult[] {
  const whole = emptyResult(scenario, basePath, share);
  const steps = (scenario.flow ?? []).filter((step) => step.kind === 'request');
  if (steps.length <= 1) return [whole];
  const base = pathPrefix(basePath);
  const weights = scenario.mix ?? [];
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return [
    whole,
    ...steps.map((step, i) => ({
      ...whole,
      ...stepEntry(scenario.name, step.name),
      method: step.request.method,
      path: base + step.request.path.source,
      ...(weights[i] !== undefined && { share: weights[i] / total }),
      rounds: [],
    })),
  ];
}

function emptyResult(scenario: Scenario, basePath: string, share: Share): ScenarioResult {
  const { load } = scenario;
  return {
    name: scenario.name,
    method: scenario.request.method,
    path: pathPrefix(basePath) + scenario.request.path,
    model: load.model,
    connections: shareConnections(load, share),
    ...(load.model === 'open' ? { rate: load.rate / share.count } : {}),
    durationMs: load.durationMs,
    warmupMs: scenario.warmupMs,
    timeoutMs: scenario.timeoutMs,
    rounds: [],
  };
}
