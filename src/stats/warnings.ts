import type { Environment, RunResult } from '../baseline/result.js';

/**
 * What the reader of a comparison must know before trusting it. Pure: results in, sentences out.
 */
export function comparisonWarnings(current: RunResult, baselineRuns: RunResult[], mode: 'stored-baseline' | 'interleaved'): string[] {
  const warnings: string[] = [];
  if (current.interrupted) warnings.push('The run was interrupted: only the rounds that completed were compared.');
  if (mode === 'interleaved') return warnings;
  const machine = (env: Environment) => `${env.cpu.model} × ${env.cpu.count}`;
  const others = [...new Set(baselineRuns.map((run) => machine(run.environment)))].filter((m) => m !== machine(current.environment));
  if (others.length > 0) {
    warnings.push(
      `Measured on a different machine: this run on ${machine(current.environment)}, baseline runs on ${others.join(', ')}. ` +
        'The change includes the difference between the machines.',
    );
  }
  if (baselineRuns.length > 0 && baselineRuns.length < 3) {
    warnings.push(
      `The baseline holds ${baselineRuns.length} run(s): run-to-run variance is ${baselineRuns.length === 1 ? 'assumed (3 %)' : 'estimated from few runs'}, ` +
        'so the gate needs larger changes to be sure. Record more runs of the main branch.',
    );
  }
  return warnings;
}
