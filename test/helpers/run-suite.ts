import { createEngine, roundSlots, startEvent, type EngineOptions } from '../../src/load/engine.js';
import type { ScenarioResult } from '../../src/result/result.js';

/** Warm-up, then every configured round against one target: the engine driven the simplest way. */
export async function runSuite(
  options: Omit<EngineOptions, 'arms'> & { target: URL },
): Promise<{ scenarios: ScenarioResult[]; interrupted: boolean }> {
  const { suite } = options;
  const engine = createEngine({ ...options, arms: [{ name: 'candidate', target: options.target }] });
  options.onEvent?.(startEvent(suite, 1));
  try {
    await engine.warmup();
    const maxRounds = Math.max(...suite.scenarios.map((s) => s.rounds));
    const slots = roundSlots([...suite.scenarios.keys()], 1, 1, maxRounds)
      .filter((slot) => slot.round <= suite.scenarios[slot.scenario]!.rounds)
      .map((slot) => ({ ...slot, of: suite.scenarios[slot.scenario]!.rounds }));
    await engine.measure(slots);
  } finally {
    await engine.close();
  }
  options.onEvent?.({ type: 'end', interrupted: engine.interrupted });
  return { scenarios: engine.results(0), interrupted: engine.interrupted };
}
