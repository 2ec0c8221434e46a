import { describe, expect, it } from 'vitest';
import { suiteJsonSchema } from '../../src/config/json-schema.js';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };

describe('suiteJsonSchema', () => {
  const schema = suiteJsonSchema() as Schema;
  const properties = schema.properties ?? {};

  it('describes the top level as a closed object with the suite keys', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(properties)).toEqual([
      'version',
      'name',
      'target',
      'defaults',
      'setup',
      'data',
      'service',
      'scenarios',
      'thresholds',
      'gate',
    ]);
    expect(schema.required).toEqual(['version', 'scenarios']);
    expect(properties.version).toMatchObject({ const: 1 });
  });

  it('describes scenarios as written in the file, units as strings', () => {
    const scenario = properties.scenarios?.items ?? {};
    expect(properties.scenarios).toMatchObject({ type: 'array', minItems: 1 });
    expect(scenario.additionalProperties).toBe(false);
    expect(scenario.required).toEqual(['name', 'load']);
    expect(scenario.oneOf).toEqual([{ required: ['request'] }, { required: ['flow'] }, { required: ['mix'] }]);
    expect(scenario.properties?.warmup).toMatchObject({ type: 'string', pattern: expect.stringContaining('ms|s|m') });
    expect(scenario.properties?.load).toMatchObject({
      anyOf: [{ required: ['connections'] }, { required: ['rate'] }, { required: ['stages'] }],
      additionalProperties: false,
    });
    const method = scenario.properties?.request?.properties?.method;
    expect(new RegExp(String(method?.pattern)).test('Post')).toBe(true);
    expect(new RegExp(String(method?.pattern)).test('FETCH')).toBe(false);
  });

  it('documents fields for editors', () => {
    const headers = properties.defaults?.properties?.headers;
    expect(headers?.description).toMatch(/merged under/);
    expect(properties.target?.description).toMatch(/\$\{\{ env\.NAME \}\}/);
    expect(properties.gate?.properties?.metrics?.properties?.error_rate?.description).toMatch(/ABSOLUTE/);
  });

  it("lists the gate's metrics for completion, and keeps alpha out of a scenario's gate", () => {
    const gate = properties.gate ?? {};
    expect(gate.properties?.blocking).toMatchObject({
      type: 'array',
      uniqueItems: true,
      items: { enum: ['p50', 'p95', 'p99', 'rps', 'error_rate', 'cpu_per_request'] },
    });
    expect(gate.properties?.alpha).toMatchObject({ exclusiveMinimum: 0, maximum: 0.5 });
    const scenarioGate = properties.scenarios?.items?.properties?.gate ?? {};
    expect(scenarioGate.additionalProperties).toBe(false);
    expect(Object.keys(scenarioGate.properties ?? {})).toEqual(['threshold', 'metrics', 'blocking']);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
