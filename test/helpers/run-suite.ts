import { createEngine, startEvent, type EngineOptions } from '../../src/load/engine.js';
import { roundSlots } from '../../src/load/round-order.js';
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
    await engine.measure(
      roundSlots(
        suite.scenarios.map((s, scenario) => ({ scenario, from: 1, to: s.rounds })),
        1,
      ),
    );
  } finally {
    await engine.close();
  }
  options.onEvent?.({ type: 'end', interrupted: engine.interrupted });
  return { scenarios: engine.results(0), interrupted: engine.interrupted };
}
