import { createHash } from 'node:crypto';
import { GATE_METRICS, METRIC_LABEL } from '../result/metrics.js';
import type { Budget, LoadSpec, Scenario, Suite } from '../config/suite.js';
import { formatMs, formatRate } from '../report/format.js';
import { unmetReads } from '../config/flow.js';
import { formatLevel, formatThreshold } from '../report/gate-facts.js';

const AFTER_MERGE = "judged under the base's policy; the new policy applies after merge";
const MEASURED_AS_BASE = 'measured as on the base; the new definition applies after merge';

/**
 * The suite a pull request is judged with: for every scenario the base commit's suite file has,
 * the base's definition (request, load, rounds, warm-up, timeout, expectations) and policy (its
 * gate), and the base's budgets, alpha, deployment noise and time budget, so a pull request can
 * neither loosen the gate that judges it nor point a scenario at a cheaper path, a lower rate or
 * fewer rounds to hide a regression. The setup and the data files are the base's too (a pull
 * request could otherwise log in as a cheaper user or send only cached ids). A scenario the pull
 * request adds is measured as it defines it and keeps its own gate (it has no baseline yet, so it
 * is reported as new and cannot fail the comparison) but gets only the base's budgets; one whose
 * flow reads what only the pull request's setup or data provides is left out until they are on
 * the base. Pure; `warnings` says what the pull request would have changed.
 */
export function withBasePolicy(pr: Suite, base: Suite): { suite: Suite; warnings: string[] } {
  const warnings: string[] = [];
  const scenarios = pr.scenarios.flatMap((scenario): Scenario[] => {
    const before = base.scenarios.find((s) => s.name === scenario.name);
    if (before === undefined) {
      // The base's setup and data run: a new flow that needs the pull request's own cannot run yet.
      const missing = scenario.flow === undefined ? [] : unmetReads(scenario.flow, base.setup, base.data);
      if (missing.length === 0) return [scenario];
      warnings.push(
        `${scenario.name}: a new scenario reading ${missing.map((name) => `{{ ${name} }}`).join(', ')}, which only the pull request's setup or data provides: ` +
          'not measured until they are on the base',
      );
      return [];
    }
    const redefined = definitionChanges(before, scenario);
    if (redefined.length > 0) warnings.push(`${scenario.name}: the pull request changes ${redefined.join(', ')}: ${MEASURED_AS_BASE}`);
    for (const metric of GATE_METRICS) {
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
    // The base's scenario as a whole; only its line is the pull request's, where annotations go.
    return [{ ...before, line: scenario.line }];
  });
  if (definitionText(base.setup) !== definitionText(pr.setup)) warnings.push(`the pull request changes the setup: ${MEASURED_AS_BASE}`);
  if (definitionText(base.service) !== definitionText(pr.service))
    warnings.push(`the pull request changes where the service's CPU and memory are read (service): ${MEASURED_AS_BASE}`);
  for (const name of new Set([...base.data, ...pr.data].map((source) => source.name))) {
    const [was, now] = [base.data, pr.data].map((data) => data.find((source) => source.name === name));
    if (now !== undefined && (was === undefined || definitionText(was) !== definitionText(now))) {
      warnings.push(
        `the pull request changes the data file ${name} (${now.file}): ${was === undefined ? 'a new scenario that reads it is not measured until it is on the base' : "measured with the base's rows and order"}`,
      );
    }
  }
  const keys = new Set([...Object.keys(base.budgets), ...Object.keys(pr.budgets)]);
  for (const key of [...keys].sort()) {
    const was: Budget = base.budgets[key] ?? {};
    const now: Budget = pr.budgets[key] ?? {};
    const metrics = new Set([...Object.keys(was), ...Object.keys(now)] as (keyof Budget)[]);
    for (const metric of metrics) {
      if (was[metric] === now[metric]) continue;
      const level = (value: number | undefined) => (value === undefined ? 'none' : formatLevel(metric, value));
      const where = key === '*' ? 'every scenario' : key;
      warnings.push(
        `the pull request changes the ${METRIC_LABEL[metric]} budget of ${where} from ${level(was[metric])} to ${level(now[metric])}: ${AFTER_MERGE}`,
      );
    }
  }
  if (base.gate.alpha !== pr.gate.alpha) {
    warnings.push(`the pull request changes the gate's alpha from ${base.gate.alpha} to ${pr.gate.alpha}: ${AFTER_MERGE}`);
  }
  if (base.gate.maxDurationMs !== pr.gate.maxDurationMs) {
    warnings.push(
      `the pull request changes gate.max_duration from ${formatMs(base.gate.maxDurationMs)} to ${formatMs(pr.gate.maxDurationMs)}: ${MEASURED_AS_BASE}`,
    );
  }
  if (base.gate.deploymentNoise !== pr.gate.deploymentNoise) {
    const noise = (value: number | undefined) =>
      value === undefined ? 'the default' : formatThreshold({ metric: 'p95', threshold: value });
    warnings.push(
      `the pull request changes gate.deployment_noise from ${noise(base.gate.deploymentNoise)} to ${noise(pr.gate.deploymentNoise)}: ${AFTER_MERGE}`,
    );
  }
  // The base's secrets are needed to redact what its definitions interpolated, the pull request's for its own scenarios.
  const secrets = [...base.secrets, ...pr.secrets.filter((s) => !base.secrets.some((b) => b.value === s.value))];
  const { service: _prService, ...rest } = pr;
  const suite: Suite = {
    ...rest,
    scenarios,
    setup: base.setup,
    data: base.data,
    ...(base.service !== undefined && { service: base.service }),
    budgets: base.budgets,
    gate: base.gate,
    secrets,
  };
  return { suite, warnings };
}

/** What a pull request changed of a scenario's definition, in words; header values are never shown (they may be secrets). */
function definitionChanges(base: Scenario, pr: Scenario): string[] {
  const changes: string[] = [];
  const changed = (what: string, was: string, now: string) => {
    if (was !== now) changes.push(`${what} ${was} → ${now}`);
  };
  changed('its method', base.request.method, pr.request.method);
  changed('its path', base.request.path, pr.request.path);
  if (base.request.body !== pr.request.body) changes.push('its request body');
  if (JSON.stringify(base.request.headers) !== JSON.stringify(pr.request.headers)) changes.push('its request headers');
  if (definitionText(base.flow) !== definitionText(pr.flow)) changes.push('its flow');
  if (definitionText(base.mix) !== definitionText(pr.mix)) changes.push('its mix weights');
  changed('its load', loadText(base.load), loadText(pr.load));
  if (loadText(base.load) === loadText(pr.load) && JSON.stringify(base.load) !== JSON.stringify(pr.load)) changes.push('its load stages');
  changed('its rounds', String(base.rounds), String(pr.rounds));
  changed('its warm-up', formatMs(base.warmupMs), formatMs(pr.warmupMs));
  changed('its timeout', formatMs(base.timeoutMs), formatMs(pr.timeoutMs));
  if (JSON.stringify(base.expect) !== JSON.stringify(pr.expect)) changes.push('what it expects of a response');
  return changes;
}

/** Steps, setup or data as comparable text: where a step sits in the file is not its definition. */
function definitionText(value: unknown): string {
  // A data file's rows are its bytes (up to hundreds of MB): compared by their digest, not written out.
  const text = (item: unknown) =>
    item instanceof RegExp
      ? String(item)
      : ArrayBuffer.isView(item)
        ? createHash('sha256')
            .update(new Uint8Array(item.buffer, item.byteOffset, item.byteLength))
            .digest('base64')
        : item;
  return JSON.stringify(value, (key, item: unknown) => (key === 'line' ? undefined : text(item))) ?? '';
}

function loadText(load: LoadSpec): string {
  const stages = load.stages === undefined ? '' : ` in ${load.stages.length} stages`;
  const shape =
    load.model === 'open' ? `open ${formatRate(load.rate)}/s (${load.connections} in flight)` : `closed ${load.connections} connections`;
  return `${shape}${stages} for ${formatMs(load.durationMs)}`;
}

/** The pull request's files under baselines/ (or the baseline file itself): changes there never count. */
export function baselineEdits(files: readonly string[], baselinePath: string | undefined): string[] {
  return files.filter((file) => file.startsWith('baselines/') || file === baselinePath);
}
