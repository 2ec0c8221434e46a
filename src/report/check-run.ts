import type { Suite } from '../config/suite.js';
import { METRIC_LABEL } from '../result/metrics.js';
import { measuredEntries } from '../config/flow.js';
import type { GateResult, ScenarioComparison } from '../result/verdict.js';
import { plainText } from './escape.js';
import { formatChange, formatDetectable, formatInterval, formatLevel, formatThreshold } from './gate-facts.js';

/** How the verdict shows as a check run: a failed gate blocks; an undecided one is neutral, or fails where fail_on says so. */
export type CheckConclusion = 'success' | 'failure' | 'neutral';

export interface CheckAnnotation {
  path: string;
  line: number;
  title: string;
  message: string;
  level: 'failure' | 'warning' | 'notice';
}

export function checkConclusion(gate: GateResult): CheckConclusion {
  if (gate.failed) return 'failure';
  return gate.verdict === 'pass' ? 'success' : 'neutral';
}

/**
 * One annotation per scenario that regressed or broke a budget, on its line of the suite file;
 * and one per scenario that could not be judged, a warning (a failure where fail_on makes it fail
 * the check), saying what it could have caught.
 */
export function checkAnnotations(configPath: string, suite: Suite, gate: GateResult): CheckAnnotation[] {
  const found: CheckAnnotation[] = [];
  for (const scenario of suite.scenarios.flatMap(measuredEntries)) {
    const comparison = gate.scenarios.find((s) => s.name === scenario.name);
    const regressed = comparison?.metrics.filter((m) => m.blocking && m.verdict === 'regression') ?? [];
    const broken = gate.budgets.filter((b) => b.scenario === scenario.name && !b.passed);
    if (regressed.length === 0 && broken.length === 0) {
      if (comparison?.verdict === 'inconclusive') found.push(undecidedAnnotation(configPath, scenario.line, comparison, gate.failOn));
      continue;
    }
    const what = [
      ...regressed.map((m) => `${METRIC_LABEL[m.metric]} ${formatChange(m)} (threshold ${formatThreshold(m)})`),
      ...broken.map((b) => `${METRIC_LABEL[b.metric]} ${formatLevel(b.metric, b.actual)}, budget ${formatLevel(b.metric, b.limit)}`),
    ];
    found.push({
      path: configPath,
      line: scenario.line,
      level: 'failure',
      title: `perf-gate: ${plainText(scenario.name)} regressed`,
      message: what.join('; '),
    });
  }
  return found;
}

function undecidedAnnotation(path: string, line: number, scenario: ScenarioComparison, failOn: GateResult['failOn']): CheckAnnotation {
  const open = scenario.metrics.filter((m) => m.blocking && m.verdict === 'inconclusive');
  const what = open.map(
    (m) =>
      `${METRIC_LABEL[m.metric]} ${formatChange(m)} (${formatInterval(m)})${m.detectable === null ? '' : `, could catch ${formatDetectable(m, m.detectable)}`}`,
  );
  return {
    path,
    line,
    level: failOn === 'inconclusive' ? 'failure' : 'warning',
    title: `perf-gate: ${plainText(scenario.name)} could not be judged`,
    message: `${what.join('; ')}: the interval straddles the threshold`,
  };
}
