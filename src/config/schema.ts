/**
 * What a valid suite file is: the zod schema (which also yields the editors' JSON Schema) and the
 * rules that span several places in the file. Units are converted here; defaults are applied
 * later, in resolve.ts, because they depend on other parts of the file.
 */
import * as z from 'zod';
import { DEFAULT_DURATION_MS, DEFAULT_ROUNDS, DEFAULT_TIMEOUT_MS, DEFAULT_WARMUP_MS } from './defaults.js';
import { isRecord } from './is-record.js';
import type { PathIssue } from './source-map.js';
import { normalizeTarget, targetProblem } from './target.js';
import { formatDuration } from './units.js';
import { closest, describeValue, quoteList, quoteName } from './wording.js';
import { duration, evenWithOtherIssues, integer } from './schema/fields.js';
import { budgetSchema, scenarioGateSchema, suiteGateSchema } from './schema/gate.js';
import { loadSchema } from './schema/load.js';
import { expectSchema, headersSchema, requestSchema } from './schema/request.js';
import { dataSchema, flowSchema, measuredNames, mixSchema, setupSchema, stepNames } from './schema/flow.js';
import { serviceSchema } from './schema/service.js';

const SUITE_VERSION = 1;
const SUITE_NAME = /^[A-Za-z0-9._-]+$/;
/** Threshold key that applies to every scenario. */
const ALL_SCENARIOS = '*';

const rounds = integer(1, 1000, 'a number of rounds').meta({
  description: `Independent measurement rounds per scenario (default ${DEFAULT_ROUNDS}).`,
});
const warmup = duration(`Load sent before measuring, not measured (default ${formatDuration(DEFAULT_WARMUP_MS)}; 0s for none).`, 'zero');
const timeout = duration(`Per-request timeout (default ${formatDuration(DEFAULT_TIMEOUT_MS)}).`, 'positive');

const scenarioName = z
  .string({ error: 'expected a scenario name' })
  .min(1, { error: 'expected a non-empty scenario name' })
  .max(100, { error: 'expected a scenario name of at most 100 characters' })
  .superRefine((name, ctx) => {
    if (/[\p{Cc}\p{Cs}]/u.test(name) || name.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'expected a printable scenario name, without control characters' });
    } else if (name === ALL_SCENARIOS) {
      ctx.addIssue({ code: 'custom', message: `'${ALL_SCENARIOS}' is reserved for thresholds that apply to every scenario` });
    }
  })
  .meta({ description: 'Unique name, used in reports and thresholds (at most 100 characters).' });

const scenarioSchema = z
  .strictObject({
    name: scenarioName,
    request: requestSchema.optional(),
    flow: flowSchema.optional(),
    mix: mixSchema.optional(),
    load: loadSchema,
    expect: expectSchema.optional(),
    warmup: warmup.optional(),
    rounds: rounds.optional(),
    timeout: timeout.optional(),
    gate: scenarioGateSchema.optional(),
  })
  .superRefine((scenario, ctx) => {
    const given = (['request', 'flow', 'mix'] as const).filter((key) => scenario[key] !== undefined);
    if (given.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected request (one request), flow (requests in order) or mix (requests chosen by weight)',
      });
    } else if (given.length > 1) {
      ctx.addIssue({ code: 'custom', path: [given[1]!], message: `give one of request, flow or mix, not ${given.join(' and ')}` });
    }
  }, evenWithOtherIssues)
  .meta({
    description: 'One kind of request, or a flow of requests, and the load to send it at.',
    oneOf: [{ required: ['request'] }, { required: ['flow'] }, { required: ['mix'] }],
  });

const defaultsSchema = z
  .strictObject({
    warmup,
    rounds,
    timeout,
    duration: duration(`Default load.duration (default ${formatDuration(DEFAULT_DURATION_MS)}).`, 'positive'),
    headers: headersSchema.meta({ description: "Headers merged under each scenario's request.headers (the scenario wins)." }),
    expect: expectSchema,
  })
  .partial()
  .meta({ description: 'Applied to every scenario unless it sets its own.' });

export const suiteFileSchema = z
  .strictObject({
    version: z
      .literal(SUITE_VERSION, {
        error: `expected ${SUITE_VERSION}; this perf-gate reads suite version ${SUITE_VERSION}`,
      })
      .meta({ description: 'Suite file format version.' }),
    name: z
      .string({ error: 'expected a suite name' })
      .regex(SUITE_NAME, { error: 'expected a suite name of letters, digits, ".", "_" and "-"' })
      .optional()
      .meta({ description: "Suite name (default: the file's base name)." }),
    target: z
      .string({ error: 'expected a URL such as http://127.0.0.1:8080' })
      .superRefine(checkTarget)
      .transform(normalizeTarget)
      .optional()
      .meta({
        description: 'Base URL (http or https, may carry a base path); --target overrides it. May use ${{ env.NAME }}.',
      }),
    defaults: defaultsSchema.optional(),
    setup: setupSchema.optional(),
    data: dataSchema.optional(),
    service: serviceSchema.optional(),
    scenarios: z
      .array(scenarioSchema, { error: 'expected a list of scenarios' })
      .min(1, { error: 'expected at least one scenario' })
      .meta({ description: 'The requests to measure, each with its own load.' }),
    thresholds: z
      .record(z.string(), budgetSchema, {
        error: `expected a mapping from scenario names (or "${ALL_SCENARIOS}") to budgets`,
      })
      .optional()
      .meta({ description: `Absolute budgets per scenario name, or "${ALL_SCENARIOS}" for every scenario.` }),
    gate: suiteGateSchema.optional(),
  })
  .meta({ title: 'perf-gate suite', description: 'An HTTP load suite for perf-gate (perf-gate.yml).' });

export type SuiteFile = z.output<typeof suiteFileSchema>;

function checkTarget(text: string, ctx: z.RefinementCtx): void {
  const problem = targetProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
}

/**
 * Rules that relate different parts of the file. They read the raw data, not zod's output, so
 * they are reported even when other parts of the file are wrong.
 */
export function crossCheck(raw: unknown): PathIssue[] {
  if (!isRecord(raw) || !Array.isArray(raw.scenarios)) return [];
  const issues: PathIssue[] = [];
  let named = 0;
  const firstIndex = new Map<string, number>();
  raw.scenarios.forEach((scenario: unknown, index) => {
    const name = isRecord(scenario) ? scenario.name : undefined;
    if (typeof name !== 'string') return;
    const { flow, mix } = scenario as Record<string, unknown>;
    if (Array.isArray(flow) || Array.isArray(mix)) {
      const steps = stepNames((Array.isArray(flow) ? flow : mix) as unknown[]);
      const repeated = steps.find((step, i) => steps.indexOf(step) !== i);
      if (repeated !== undefined) {
        issues.push({
          path: ['scenarios', index, Array.isArray(flow) ? 'flow' : 'mix'],
          message: `two ${Array.isArray(flow) ? 'steps' : 'members'} are named ${quoteName(repeated)}; names must be unique in a ${Array.isArray(flow) ? 'flow' : 'mix'}`,
        });
      }
    }
    named++;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else {
      issues.push({
        path: ['scenarios', index, 'name'],
        message: `duplicate scenario name ${describeValue(name)}; scenarios[${first}] has it already`,
      });
    }
  });
  // A threshold can only be checked against names once every scenario has one.
  if (isRecord(raw.thresholds) && named === raw.scenarios.length) {
    const names = raw.scenarios.flatMap((scenario) => {
      const { name, flow, mix } = scenario as Record<string, unknown>;
      return measuredNames(name as string, Array.isArray(flow) ? flow : Array.isArray(mix) ? mix : undefined);
    });
    for (const key of Object.keys(raw.thresholds)) {
      if (key === ALL_SCENARIOS || names.includes(key)) continue;
      const suggestion = closest(key, names);
      issues.push({
        path: ['thresholds', key],
        at: 'key',
        message:
          `no scenario or flow step is named ${describeValue(key)}` +
          (suggestion === undefined ? '' : `; did you mean ${quoteName(suggestion)}?`) +
          ` (scenarios: ${quoteList(names)}; "${ALL_SCENARIOS}" applies to all)`,
      });
    }
  }
  return issues;
}
