import type { Budget, GateMetric, Suite } from '../config/suite.js';
import { BUDGET_LABEL, METRIC_LABEL, formatLevel, formatThreshold } from '../report/gate-facts.js';

const METRICS: readonly GateMetric[] = ['p50', 'p95', 'p99', 'rps', 'errorRate'];
const AFTER_MERGE = "judged under the base's policy; the new policy applies after merge";

/**
 * The suite a pull request is judged with: the pull request's scenarios (what to request, the
 * load shape), with the policy (each scenario's gate, the budgets, alpha) of the base commit's
 * suite file, so a pull request cannot loosen the gate that judges it. A scenario the pull request
 * adds keeps its own gate (it has no baseline yet, so it is reported as new and cannot fail the
 * comparison) but gets only the base's budgets. Pure; `warnings` says what the pull request would
 * have changed.
 */
export function withBasePolicy(pr: Suite, base: Suite): { suite: Suite; warnings: string[] } {
  const warnings: string[] = [];
  const scenarios = pr.scenarios.map((scenario) => {
    const before = base.scenarios.find((s) => s.name === scenario.name);
    if (before === undefined) return scenario;
    for (const metric of METRICS) {
      const was = before.gate[metric];
      const now = scenario.gate[metric];
      if (was.threshold !== now.threshold) {
        warnings.push(
          `the pull request changes ${METRIC_LABEL[metric]}'s threshold in ${scenario.name} from ${formatThreshold({ metric, threshold: was.threshold })} to ${formatThreshold({ metric, threshold: now.threshold })}: ${AFTER_MERGE}`,
        );
      }
      if (was.blocking !== now.blocking) {
        warnings.push(
          `the pull request makes ${METRIC_LABEL[metric]} in ${scenario.name} ${now.blocking ? 'blocking' : 'non-blocking'} (it is ${was.blocking ? 'blocking' : 'non-blocking'} on the base): ${AFTER_MERGE}`,
        );
      }
    }
    return { ...scenario, gate: before.gate };
  });
  const keys = new Set([...Object.keys(base.budgets), ...Object.keys(pr.budgets)]);
  for (const key of [...keys].sort()) {
    const was: Budget = base.budgets[key] ?? {};
    const now: Budget = pr.budgets[key] ?? {};
    const metrics = new Set([...Object.keys(was), ...Object.keys(now)] as (keyof Budget)[]);
    for (const metric of metrics) {
      if (was[metric] === now[metric]) continue;
      const level = (value: number | undefined) => (value === undefined ? 'none' : formatLevel(metric, value));
      const where = key === '*' ? 'every scenario' : key;
      warnings.push(`the pull request changes the ${BUDGET_LABEL[metric]} budget of ${where} from ${level(was[metric])} to ${level(now[metric])}: ${AFTER_MERGE}`);
    }
  }
  if (base.gate.alpha !== pr.gate.alpha) {
    warnings.push(`the pull request changes the gate's alpha from ${base.gate.alpha} to ${pr.gate.alpha}: ${AFTER_MERGE}`);
  }
  return { suite: { ...pr, scenarios, budgets: base.budgets, gate: { ...pr.gate, alpha: base.gate.alpha } }, warnings };
}

/** The pull request's files under baselines/ (or the baseline file itself): changes there never count. */
export function baselineEdits(files: readonly string[], baselinePath: string | undefined): string[] {
  return files.filter((file) => file.startsWith('baselines/') || file === baselinePath);
}
