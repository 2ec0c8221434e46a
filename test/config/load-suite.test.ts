import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuiteFile, parseSuite } from '../../src/config/load-suite.js';
import { redactor } from '../../src/config/redact.js';
import { DEFAULT_ALPHA, DEFAULT_MAX_DURATION_MS, defaultGate } from '../../src/config/defaults.js';
import type { GateMetric, MetricPolicy, RequestStep, StatusRange, Suite } from '../../src/config/suite.js';
import { render } from '../../src/config/template.js';
import { ConfigError, InputError } from '../../src/errors.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));

/** Lines joined so that `lines[i]` is line i + 1 of the file. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

function configError(text: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    parseSuite(text, 'suite.yml', env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** A valid suite with one scenario whose lines 3-5 are given. */
const oneScenario = (...scenarioLines: string[]) => yaml('version: 1', 'scenarios:', '  - name: home', ...scenarioLines);

const homeScenario = (...extra: string[]) => oneScenario('    request: { path: / }', '    load: { connections: 1 }', ...extra);

describe('a valid suite', () => {
  // What the fixture's defaults block gives every scenario that does not say otherwise.
  const headers = { 'user-agent': 'perf-gate', accept: '*/*' };
  const status: StatusRange[] = [
    [200, 200],
    [300, 399],
  ];
  const defaults = { warmupMs: 1000, rounds: 3, timeoutMs: 1500, expect: { status }, gate: defaultGate() };
  const expected = (file: string, lines: [number, number, number]): Suite => ({
    name: 'shop',
    file,
    secrets: [],
    setup: [],
    data: [],
    target: 'http://127.0.0.1:8080/app',
    scenarios: [
      {
        ...defaults,
        name: 'home',
        request: { method: 'GET', path: '/', headers: { ...headers, accept: 'text/html' } },
        load: { model: 'closed', connections: 10, durationMs: 5000 },
        line: lines[0],
      },
      {
        ...defaults,
        name: 'search',
        request: {
          method: 'POST',
          path: '/api/search?lang=en',
          headers: { ...headers, 'content-type': 'application/json' },
          body: '{"q":"shoes","limit":10}',
        },
        load: { model: 'open', rate: 200, connections: 100, durationMs: 10_000 },
        warmupMs: 0,
        rounds: 7,
        timeoutMs: 500,
        expect: { status, bodyContains: 'results' },
        line: lines[1],
      },
      {
        ...defaults,
        name: 'upload',
        request: { method: 'PUT', path: '/api/items/1', headers: { ...headers, 'content-type': 'text/plain' }, body: 'hello' },
        load: { model: 'open', rate: 50, connections: 20, durationMs: 60_000 },
        expect: {
          status: [
            [200, 299],
            [404, 404],
          ],
        },
        line: lines[2],
      },
    ],
    budgets: {
      '*': { p95: 300, errorRate: 0.01 },
      search: { p99: 1000, p999: 2000, rps: 150 },
      upload: { p50: 20, p90: 50, max: 2000, errorRate: 0.005, rps: 10 },
    },
    gate: { alpha: DEFAULT_ALPHA, maxDurationMs: DEFAULT_MAX_DURATION_MS, failOn: 'regression' },
  });

  it('reads every feature of a YAML file', async () => {
    const file = fixture('full.yml');
    expect(await loadSuiteFile(file, {})).toEqual(expected(file, [16, 21, 32]));
  });

  it('reads the same suite from JSON, with its own line numbers', async () => {
    const file = fixture('full.json');
    expect(await loadSuiteFile(file, {})).toEqual(expected(file, [14, 19, 28]));
  });

  it('fills in every default', () => {
    const blocks = (threshold: number) => ({ threshold, blocking: true });
    const informs = (threshold: number) => ({ threshold, blocking: false });
    const suite = parseSuite(homeScenario(), 'ci/perf-gate.yml', {});
    expect(suite).toEqual({
      name: 'perf-gate',
      file: 'ci/perf-gate.yml',
      secrets: [],
      setup: [],
      data: [],
      scenarios: [
        {
          name: 'home',
          request: { method: 'GET', path: '/', headers: {} },
          load: { model: 'closed', connections: 1, durationMs: 5000 },
          warmupMs: 2000,
          rounds: 5,
          timeoutMs: 10_000,
          expect: { status: [[200, 399]] },
          line: 3,
          // Written out, not read from defaults.ts: the documented defaults are what this pins.
          gate: {
            p50: informs(0.1),
            p95: blocks(0.1),
            p99: informs(0.1),
            rps: informs(0.1),
            errorRate: blocks(0.01),
            cpuPerRequest: blocks(0.1),
          },
        },
      ],
      budgets: {},
      gate: { alpha: 0.01, maxDurationMs: 180_000, failOn: 'regression' },
    });
    expect(suite).not.toHaveProperty('target');
  });

  it('makes a suite name out of an awkward file name', () => {
    expect(parseSuite(homeScenario(), 'my load suite!.yaml', {}).name).toBe('my-load-suite');
  });

  it('lets a scenario header override a default header whatever the case of its name', () => {
    const text = yaml(
      'version: 1',
      'defaults:',
      '  headers: { Authorization: default, x-a: "1" }',
      'scenarios:',
      '  - name: home',
      '    request: { path: /, headers: { AUTHORIZATION: mine } }',
      '    load: { connections: 1 }',
    );
    expect(parseSuite(text, 'suite.yml', {}).scenarios[0]?.request.headers).toEqual({
      authorization: 'mine',
      'x-a': '1',
    });
  });

  it('keeps a content-type given for a json body', () => {
    const suite = parseSuite(
      oneScenario(
        '    request: { method: POST, path: /x, json: [1, 2], headers: { Content-Type: application/vnd.api+json } }',
        '    load: { connections: 1 }',
      ),
      'suite.yml',
      {},
    );
    expect(suite.scenarios[0]?.request).toEqual({
      method: 'POST',
      path: '/x',
      headers: { 'content-type': 'application/vnd.api+json' },
      body: '[1,2]',
    });
  });
});

describe('environment interpolation', () => {
  it('fills header values and the target from the environment', () => {
    const text = yaml(
      'version: 1',
      'target: ${{ env.PREVIEW_URL }}/shop',
      'defaults:',
      '  headers:',
      '    x-run: run-${{env.RUN_ID}}',
      'scenarios:',
      '  - name: home',
      '    request:',
      '      path: /',
      '      headers: { authorization: "Bearer ${{ env.TOKEN }}" }',
      '    load: { connections: 1 }',
    );
    const suite = parseSuite(text, 'suite.yml', {
      PREVIEW_URL: 'https://pr-12.preview.dev',
      RUN_ID: '42',
      TOKEN: 's3cr3t-$&-${{ env.RUN_ID }}',
    });
    expect(suite.target).toBe('https://pr-12.preview.dev/shop');
    // Values are inserted literally: neither `$&` nor a nested expression is expanded, and a
    // value holding "{{" is sent as it is, never read as a template (see test/config/template.test.ts).
    expect(suite.scenarios[0]?.request.headers['x-run']).toBe('run-42');
    const [step] = suite.scenarios[0]!.flow!;
    const headers = Object.fromEntries(
      (step as RequestStep).request.headers.map(([name, value]) => [name, render(value, { variable: () => undefined, counter: 1 })]),
    );
    expect(headers).toEqual({ 'x-run': 'run-42', authorization: 'Bearer s3cr3t-$&-${{ env.RUN_ID }}' });
    // What came from the environment is known, to be kept out of files, reports and logs.
    expect(suite.secrets).toEqual([
      { name: 'PREVIEW_URL', value: 'https://pr-12.preview.dev' },
      { name: 'RUN_ID', value: '42' },
      { name: 'TOKEN', value: 's3cr3t-$&-${{ env.RUN_ID }}' },
    ]);
    const redact = redactor(suite.secrets);
    expect(redact('Bearer s3cr3t-$&-${{ env.RUN_ID }} at https://pr-12.preview.dev/shop, run 42')).toBe(
      'Bearer ${{ env.TOKEN }} at ${{ env.PREVIEW_URL }}/shop, run 42',
    );
  });

  it('names a missing variable, the file, line and field, and never prints another variable', () => {
    const text = yaml(
      'version: 1',
      'scenarios:',
      '  - name: home',
      '    request:',
      '      path: /',
      '      headers:',
      '        authorization: Bearer ${{ env.TOKEN }}',
      '        x-preview: ${{ env.PREVIEW_TOKEN }}',
      '    load: { connections: 1 }',
    );
    const error = configError(text, { TOKEN: 'hunter2-very-secret' });
    expect(error.message).toBe('suite.yml:8:20 scenarios[0].request.headers.x-preview: environment variable PREVIEW_TOKEN is not set');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses an empty variable', () => {
    const text = yaml('version: 1', 'target: ${{ env.URL }}', ...homeScenario().split('\n').slice(1));
    expect(configError(text, { URL: '' }).message).toBe('suite.yml:2:9 target: environment variable URL is empty');
  });

  it('refuses other expressions and unclosed ones', () => {
    const text = yaml(
      'version: 1',
      'defaults:',
      '  headers:',
      '    authorization: ${{ secrets.TOKEN }}',
      '    x-b: ${{ env.B',
      ...homeScenario().split('\n').slice(1),
    );
    expect(configError(text, { B: 'b' }).message.split('\n')).toEqual([
      'suite.yml:4:20 defaults.headers.authorization: unsupported expression ${{ secrets.TOKEN }}: only ${{ env.NAME }} is supported',
      'suite.yml:5:10 defaults.headers.x-b: unclosed ${{: expected ${{ env.NAME }}',
    ]);
  });

  it('refuses a variable that would break the header, without printing it', () => {
    const text = oneScenario(
      '    request:',
      '      path: /',
      '      headers:',
      '        x-token: ${{ env.TOKEN }}',
      '    load: { connections: 1 }',
    );
    const error = configError(text, { TOKEN: 'abc\r\nx-injected: evil' });
    expect(error.message).toBe(
      'suite.yml:7:18 scenarios[0].request.headers.x-token: expected a header value without line breaks or other control characters, in Latin-1',
    );
  });

  it('does not print an interpolated target that is not a URL', () => {
    const text = yaml('version: 1', 'target: ${{ env.URL }}', ...homeScenario().split('\n').slice(1));
    const error = configError(text, { URL: 'ftp://user:topsecret@example.com' });
    expect(error.message).toBe('suite.yml:2:9 target: expected an http or https URL such as http://127.0.0.1:8080');
  });
});

describe('errors', () => {
  it('names an unknown key and suggests the close one', () => {
    const text = yaml(...homeScenario().trimEnd().split('\n'), 'thresholds:', '  "*": { p59: 300ms }');
    expect(configError(text).issues).toEqual([
      { file: 'suite.yml', line: 7, column: 10, field: 'thresholds["*"].p59', message: "unknown key 'p59'; did you mean 'p50'?" },
    ]);
  });

  it('lists the allowed keys when no key is close', () => {
    expect(configError(homeScenario('    duration: 5s')).message).toBe(
      "suite.yml:6:5 scenarios[0].duration: unknown key 'duration' (expected one of " +
        "'name', 'request', 'flow', 'mix', 'load', 'expect', 'warmup', 'rounds', 'timeout', 'gate')",
    );
  });

  it('refuses a bare number as a duration', () => {
    expect(configError(homeScenario('    warmup: 5')).message).toBe(
      'suite.yml:6:13 scenarios[0].warmup: expected a duration such as 500ms, 2s or 1m, found 5',
    );
  });

  it('refuses a duration with an unknown unit, and a zero timeout', () => {
    expect(configError(homeScenario('    warmup: 5h', '    timeout: 0s')).message.split('\n')).toEqual([
      'suite.yml:6:13 scenarios[0].warmup: expected a duration such as 500ms, 2s or 1m, found "5h"',
      'suite.yml:7:14 scenarios[0].timeout: expected a duration above 0, found "0s"',
    ]);
  });

  it('refuses a bad rate', () => {
    const text = yaml(
      'version: 1',
      'scenarios:',
      '  - name: a',
      '    request: { path: / }',
      '    load: { rate: fast }',
      '  - name: b',
      '    request: { path: / }',
      '    load: { rate: 0 }',
    );
    expect(configError(text).message.split('\n')).toEqual([
      'suite.yml:5:19 scenarios[0].load.rate: expected a rate above 0 in requests per second, such as 200, "200/s" or "12000/m", found "fast"',
      'suite.yml:8:19 scenarios[1].load.rate: expected a rate above 0 in requests per second, such as 200, "200/s" or "12000/m", found 0',
    ]);
  });

  it('explains the two load models when neither is given', () => {
    const error = configError(oneScenario('    request: { path: / }', '    load: { duration: 5s }'));
    expect(error.issues).toHaveLength(1);
    expect(error.message).toMatch(
      /^suite\.yml:5:5 scenarios\[0\]\.load: expected connections \(closed model: .*\) or rate \(open model: .*\)$/,
    );
  });

  it('refuses a bad percentage', () => {
    const text = yaml(...homeScenario().trimEnd().split('\n'), 'thresholds:', '  home: { error_rate: 5 }', '  "*": { error_rate: 150% }');
    expect(configError(text).message.split('\n')).toEqual([
      'suite.yml:7:23 thresholds.home.error_rate: expected a fraction from 0 to 1 such as 0.01, or a percentage such as "1%", found 5',
      'suite.yml:8:22 thresholds["*"].error_rate: expected a percentage from 0% to 100% such as "1%", found "150%"',
    ]);
  });

  it('requires version 1', () => {
    expect(configError(homeScenario().replace('version: 1\n', '')).message).toBe(
      "suite.yml:1:1 version: missing required key 'version': expected 1; this perf-gate reads suite version 1",
    );
    expect(configError(homeScenario().replace('version: 1', 'version: 2')).message).toBe(
      'suite.yml:1:10 version: expected 1; this perf-gate reads suite version 1, found 2',
    );
  });

  it('reports a duplicate scenario name on the duplicate', () => {
    const text = yaml(
      'version: 1',
      'scenarios:',
      '  - { name: home, request: { path: / }, load: { connections: 1 } }',
      '  - { name: home, request: { path: /x }, load: { connections: 1 } }',
    );
    expect(configError(text).message).toBe('suite.yml:4:13 scenarios[1].name: duplicate scenario name "home"; scenarios[0] has it already');
  });

  it('reports a threshold for an unknown scenario, listing the names', () => {
    const text = yaml(...homeScenario().trimEnd().split('\n'), 'thresholds:', '  hmoe: { p95: 1s }');
    expect(configError(text).message).toBe(
      `suite.yml:7:3 thresholds.hmoe: no scenario or flow step is named "hmoe"; did you mean 'home'? (scenarios: 'home'; "*" applies to all)`,
    );
  });

  it('refuses an absolute URL as a path, saying why', () => {
    const error = configError(oneScenario('    request: { path: "https://evil.example/x" }', '    load: { connections: 1 }'));
    expect(error.issues).toHaveLength(1);
    expect(error.message).toMatch(
      /^suite\.yml:4:22 scenarios\[0\]\.request\.path: expected a path such as \/api\/items, not an absolute URL: headers may hold secrets/,
    );
  });

  it('refuses a path that names another host', () => {
    for (const path of ['//evil.example/x', '/\\\\evil.example/x']) {
      const error = configError(oneScenario(`    request: { path: "${path}" }`, '    load: { connections: 1 }'));
      expect(error.message).toContain('scenarios[0].request.path: expected a path such as /api/items: a path starting with //');
    }
  });

  it('refuses json and body together', () => {
    expect(
      configError(oneScenario('    request: { method: POST, path: /, json: {}, body: "{}" }', '    load: { connections: 1 }')).message,
    ).toBe('suite.yml:4:55 scenarios[0].request.body: give json or body, not both');
  });

  it('refuses headers perf-gate owns, without printing header values', () => {
    const text = oneScenario(
      '    request:',
      '      path: /',
      '      headers: { Host: internal.example, x-count: 12345 }',
      '    load: { connections: 1 }',
    );
    const { message } = configError(text);
    expect(message.split('\n')).toEqual([
      'suite.yml:6:18 scenarios[0].request.headers.Host: the host header cannot be set: perf-gate sends the host of target, so that headers only ever go to that origin; change target instead',
      'suite.yml:6:51 scenarios[0].request.headers.x-count: expected a string; quote values such as "5" or "true"',
    ]);
    expect(message).not.toContain('12345');
  });

  it("reports a flow step's bad header names at each header, as for a plain request", () => {
    const text = oneScenario(
      '    flow:',
      '      - request: { path: / }',
      '      - name: pay',
      '        request:',
      '          path: /pay',
      '          headers:',
      '            "bad header": x',
      '            "a:b": x',
      '            "x\\r\\ny": x',
      '            HOST: internal.example',
      '    load: { connections: 1 }',
    );
    const name = "expected a header name of letters, digits and !#$%&'*+-.^_`|~";
    expect(configError(text).message.split('\n')).toEqual([
      `suite.yml:10:13 scenarios[0].flow[1].request.headers["bad header"]: ${name}`,
      `suite.yml:11:13 scenarios[0].flow[1].request.headers["a:b"]: ${name}`,
      `suite.yml:12:13 scenarios[0].flow[1].request.headers["x\\r\\ny"]: ${name}`,
      'suite.yml:13:13 scenarios[0].flow[1].request.headers.HOST: the host header cannot be set: perf-gate sends the host of target, so that headers only ever go to that origin; change target instead',
    ]);
  });

  it("never prints a flow step's or a mix member's header value", () => {
    const text = yaml(
      'version: 1',
      'setup:',
      '  - request: { path: /login, headers: { x-setup: 12345 } }',
      'scenarios:',
      '  - name: flow',
      '    flow: [{ request: { path: /, headers: { x-flow: 12345 } } }]',
      '    load: { connections: 1 }',
      '  - name: mix',
      '    mix: [{ weight: 1, request: { path: / } }, { weight: 1, request: { path: /, headers: { x-mix: 12345 } } }]',
      '    load: { connections: 1 }',
    );
    const error = configError(text);
    expect(error.issues.map((issue) => `${issue.line} ${issue.field}: ${issue.message}`)).toEqual([
      '3 setup[0].request.headers.x-setup: expected a string; quote values such as "5" or "true"',
      '6 scenarios[0].flow[0].request.headers.x-flow: expected a string; quote values such as "5" or "true"',
      '9 scenarios[1].mix[1].request.headers.x-mix: expected a string; quote values such as "5" or "true"',
    ]);
    expect(error.message).not.toContain('12345');
  });

  it('suggests the close key for a typo in a flow step, and reports a step by what it holds', () => {
    const text = oneScenario(
      '    flow:',
      '      - request: { path: /, methd: POST }',
      '      - { nmae: pay, request: { path: /pay } }',
      '      - name: lone',
      '      - { pause: 1s, request: { path: / } }',
      '    load: { connections: 1 }',
    );
    expect(configError(text).message.split('\n')).toEqual([
      "suite.yml:5:29 scenarios[0].flow[0].request.methd: unknown key 'methd'; did you mean 'method'?",
      "suite.yml:6:11 scenarios[0].flow[1].nmae: unknown key 'nmae'; did you mean 'name'?",
      "suite.yml:7:9 scenarios[0].flow[2].request: missing required key 'request': expected a mapping",
      'suite.yml:8:9 scenarios[0].flow[3]: expected a step: { name, request, capture, expect } or { pause: 200ms }, found a mapping',
    ]);
  });

  it('says a {{ in a path is never closed, naming the field', () => {
    const never = '"{{ id": this {{ is never closed; expected {{ name }} (a literal {{ is written {{ "{{" }})';
    expect(configError(oneScenario('    request: { path: "/items/{{ id" }', '    load: { connections: 1 }')).message).toBe(
      `suite.yml:4:22 scenarios[0].request.path: ${never}`,
    );
    const flow = oneScenario('    flow:', '      - request: { path: "/items/{{ id" }', '    load: { connections: 1 }');
    expect(configError(flow).message).toBe(`suite.yml:5:26 scenarios[0].flow[0].request.path: ${never}`);
  });

  it('echoes huge user text once, shortened to its start and its length', () => {
    const huge = 'a'.repeat(100_000);
    const cases = [
      ['    request: { path: "/items/{{ ' + huge + ' }}" }', 'scenarios[0].request.path'],
      ['    request: { path: "/items/{{ ' + huge + ' x }}" }', 'scenarios[0].request.path'],
      ['    request: { path: "/items/{{ ' + huge + '" }', 'scenarios[0].request.path'],
      ['    request: { path: "/", "' + huge + '": 1 }', `scenarios[0].request["${'a'.repeat(60)}"… (100000 characters)]`],
      ['    request: { path: "/", method: "' + huge + '" }', 'scenarios[0].request.method'],
      ['    request: { path: "/", headers: { x-a: "${{ env.' + huge + ' }}" } }', 'scenarios[0].request.headers.x-a'],
      ['    request: { path: "/", headers: { x-a: "${{ secrets.' + huge + ' }}" } }', 'scenarios[0].request.headers.x-a'],
      ['    flow: [{ request: { path: / }, capture: { a: { regex: "(' + huge + '" } } }]', 'scenarios[0].flow[0].capture.a'],
    ];
    for (const [line, field] of cases) {
      const { message, issues } = configError(oneScenario(line!, '    load: { connections: 1 }'));
      expect(issues.map((issue) => issue.field)).toEqual([field]);
      expect(message.length).toBeLessThan(400);
      expect(message).toMatch(/… \(1000\d\d characters\)/);
    }
  });

  it('reports a missing required key at its parent', () => {
    expect(configError(oneScenario('    request:', '      method: GET', '    load: { connections: 1 }')).message).toBe(
      "suite.yml:4:5 scenarios[0].request.path: missing required key 'path': expected a path starting with /, such as /api/items?q=1",
    );
  });

  it('reports a YAML syntax error where the parser found it', () => {
    const error = configError(yaml('version: 1', 'scenarios:', '  - name: [home', 'thresholds: {}'));
    expect(error.issues[0]).toMatchObject({ file: 'suite.yml', line: 4, field: '' });
    expect(error.message).toMatch(/^suite\.yml:4:\d+: /);
  });

  it('hints at quoting when ${{ breaks a flow mapping', () => {
    const text = oneScenario('    request: { path: /, headers: { authorization: Bearer ${{ env.T }} } }', '    load: { connections: 1 }');
    const [first] = configError(text, { T: 't' }).issues;
    expect(first).toMatchObject({ line: 4, field: '' });
    expect(first?.message).toMatch(/; in YAML, a value containing \$\{\{ inside \{ \.\.\. \} must be quoted/);
  });

  it('reports a duplicate YAML key', () => {
    expect(configError(yaml('version: 1', 'version: 1')).message).toBe('suite.yml:2:1: Map keys must be unique');
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(configError('# nothing yet\n').message).toBe(
      'suite.yml: the file is empty; a suite needs at least version: 1 and a list of scenarios',
    );
    expect(configError('- version: 1\n').message).toBe(
      'suite.yml:1:1: expected a mapping (key: value lines) at the top of the file, found a list',
    );
  });

  it('reports every issue at once, sorted by line', () => {
    const text = yaml(
      'version: 1',
      'thresholds:',
      '  nope: { p95: fast }',
      'scenarios:',
      '  - name: a',
      '    request: { path: api }',
      '    load: { connections: 0, duraton: 5s }',
      '    rounds: 1.5',
    );
    const error = configError(text);
    expect(error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.field}`)).toEqual([
      '3:3 thresholds.nope',
      '3:16 thresholds.nope.p95',
      '6:22 scenarios[0].request.path',
      '7:26 scenarios[0].load.connections',
      '7:29 scenarios[0].load.duraton',
      '8:13 scenarios[0].rounds',
    ]);
    expect(error.issues[4]?.message).toBe("unknown key 'duraton'; did you mean 'duration'?");
    expect(error.issues[5]?.message).toBe('expected a number of rounds: a whole number from 1 to 1000, found 1.5');
  });
});

describe('the gate section', () => {
  /**
   * A scenario's expected gate: thresholds per metric, and the metrics that block. CPU per
   * request takes the relative threshold, as p95 does, unless it is given.
   */
  const gate = (
    given: Omit<Record<GateMetric, number>, 'cpuPerRequest'> & { cpuPerRequest?: number },
    blocking: GateMetric[] = ['p95', 'errorRate', 'cpuPerRequest'],
  ): Record<GateMetric, MetricPolicy> =>
    Object.fromEntries(
      Object.entries({ cpuPerRequest: given.p95, ...given }).map(([metric, threshold]) => [
        metric,
        { threshold, blocking: blocking.includes(metric as GateMetric) },
      ]),
    ) as Record<GateMetric, MetricPolicy>;

  /** The home scenario, then these suite-level lines. */
  const homeAnd = (...suiteLines: string[]) => yaml(...homeScenario().trimEnd().split('\n'), ...suiteLines);

  /** Scenarios a, b, c (their extra lines given by name), then the suite-level lines. */
  const suiteText = (scenarioLines: Partial<Record<'a' | 'b' | 'c', string[]>>, ...suiteLines: string[]) =>
    yaml(
      'version: 1',
      'scenarios:',
      ...(['a', 'b', 'c'] as const).flatMap((name) => [
        `  - name: ${name}`,
        '    request: { path: / }',
        '    load: { connections: 1 }',
        ...(scenarioLines[name] ?? []),
      ]),
      ...suiteLines,
    );

  it('applies the suite threshold to p50, p95, p99 and rps, and per-metric thresholds over it', () => {
    const text = homeAnd(
      'gate:',
      '  threshold: 20%',
      '  metrics:',
      '    p99: { threshold: 25% }',
      '    rps: { threshold: 0.3 }',
      '  alpha: 0.05',
      '  max_duration: 0s',
    );
    const suite = parseSuite(text, 'suite.yml', {});
    expect(suite.scenarios[0]?.gate).toEqual(gate({ p50: 0.2, p95: 0.2, p99: 0.25, rps: 0.3, errorRate: 0.01 }));
    expect(suite.gate).toEqual({ alpha: 0.05, maxDurationMs: 0, failOn: 'regression' });
  });

  it('takes what fails the check from gate.fail_on, and names the field and the choices when it is wrong', () => {
    const strict = parseSuite(suiteText({}, 'gate:', '  fail_on: inconclusive'), 'suite.yml', {});
    expect(strict.gate.failOn).toBe('inconclusive');
    expect(() => parseSuite(suiteText({}, 'gate:', '  fail_on: sometimes'), 'suite.yml', {})).toThrow(
      /gate\.fail_on: expected "regression" .* or "inconclusive"/,
    );
  });

  it('takes each threshold from the most specific place that sets it', () => {
    // Lowest to highest: default, suite threshold, suite metrics, scenario threshold, scenario metrics.
    const suite = parseSuite(
      suiteText(
        { a: ['    gate:', '      threshold: 15%', '      metrics: { p50: { threshold: 5% } }'] },
        'gate:',
        '  threshold: 20%',
        '  metrics:',
        '    p50: { threshold: 30% }',
        '    p99: { threshold: 25% }',
        '    error_rate: { threshold: 2% }',
      ),
      'suite.yml',
      {},
    );
    const [a, b] = suite.scenarios;
    expect(a?.gate).toEqual(gate({ p50: 0.05, p95: 0.15, p99: 0.15, rps: 0.15, errorRate: 0.02 }));
    expect(b?.gate).toEqual(gate({ p50: 0.3, p95: 0.2, p99: 0.25, rps: 0.2, errorRate: 0.02 }));
    // alpha and max_duration are suite-wide and keep their defaults.
    expect(suite.gate).toEqual({ alpha: DEFAULT_ALPHA, maxDurationMs: DEFAULT_MAX_DURATION_MS, failOn: 'regression' });
  });

  it("keeps error_rate's threshold absolute: a relative threshold never applies to it", () => {
    const suite = parseSuite(
      suiteText(
        { a: ['    gate: { threshold: 40% }'], b: ['    gate: { metrics: { error_rate: { threshold: 0.5% } } }'] },
        'gate: { threshold: 50% }',
      ),
      'suite.yml',
      {},
    );
    const [a, b] = suite.scenarios;
    expect(a?.gate.errorRate.threshold).toBe(0.01);
    expect(a?.gate.p95.threshold).toBe(0.4);
    expect(b?.gate.errorRate.threshold).toBe(0.005);
    // A relative threshold may exceed 100%; percentage points cannot.
    const text = homeScenario('    gate: { metrics: { p99: { threshold: 150% }, error_rate: { threshold: 150% } } }');
    expect(configError(text).message).toBe(
      'suite.yml:6:75 scenarios[0].gate.metrics.error_rate.threshold: ' +
        'expected percentage points above 0% and at most 100%, such as "1%" or 0.01, found "150%"',
    );
  });

  it("replaces the suite's blocking list with a scenario's, an empty one included", () => {
    const suite = parseSuite(
      suiteText({ a: ['    gate: { blocking: [p95, p99, error_rate] }'], c: ['    gate: { blocking: [] }'] }, 'gate: { blocking: [p99] }'),
      'suite.yml',
      {},
    );
    const thresholds = { p50: 0.1, p95: 0.1, p99: 0.1, rps: 0.1, errorRate: 0.01 };
    expect(suite.scenarios.map((scenario) => scenario.gate)).toEqual([
      gate(thresholds, ['p95', 'p99', 'errorRate']),
      gate(thresholds, ['p99']),
      gate(thresholds, []),
    ]);
  });

  it('names an unknown metric in blocking, suggesting the close one, and a repeated one', () => {
    const text = homeAnd('gate:', '  blocking: [p95, eror_rate, latency, p95]');
    expect(configError(text).message.split('\n')).toEqual([
      "suite.yml:7:19 gate.blocking[1]: unknown metric 'eror_rate'; did you mean 'error_rate'?",
      "suite.yml:7:30 gate.blocking[2]: unknown metric 'latency' (expected one of 'p50', 'p95', 'p99', 'rps', 'error_rate', 'cpu_per_request')",
      "suite.yml:7:39 gate.blocking[3]: 'p95' is listed twice",
    ]);
  });

  it('refuses alpha outside (0, 0.5]', () => {
    for (const alpha of ['0', '0.6', '"1%"']) {
      expect(configError(homeAnd('gate:', `  alpha: ${alpha}`)).message).toBe(
        `suite.yml:7:10 gate.alpha: expected a significance level above 0 and at most 0.5, such as 0.01, found ${alpha}`,
      );
    }
  });

  it('refuses a threshold of 0, one above 1000%, and a bare number above 1 (likely meant as a percentage)', () => {
    const text = yaml(
      ...homeScenario('    gate: { threshold: "0%" }').trimEnd().split('\n'),
      'gate:',
      '  threshold: 0',
      '  metrics: { p50: { threshold: 10 }, p99: { threshold: "1001%" }, error_rate: { threshold: 0 } }',
    );
    const hint = 'expected a relative change above 0% and at most 1000%, such as "10%" or 0.1';
    expect(configError(text).message.split('\n')).toEqual([
      `suite.yml:6:24 scenarios[0].gate.threshold: ${hint}, found "0%"`,
      `suite.yml:8:14 gate.threshold: ${hint}, found 0`,
      `suite.yml:9:32 gate.metrics.p50.threshold: ${hint}; a bare number is a fraction (0.1 = 10%), write larger thresholds as "150%", found 10`,
      `suite.yml:9:56 gate.metrics.p99.threshold: ${hint}, found "1001%"`,
      'suite.yml:9:92 gate.metrics.error_rate.threshold: expected percentage points above 0% and at most 100%, such as "1%" or 0.01, found 0',
    ]);
  });

  it("refuses alpha and max_duration in a scenario's gate: they are the whole run's", () => {
    expect(configError(homeScenario('    gate: { alpha: 0.05, max_duration: 1m }')).message.split('\n')).toEqual([
      "suite.yml:6:13 scenarios[0].gate.alpha: unknown key 'alpha' (expected one of 'threshold', 'metrics', 'blocking')",
      "suite.yml:6:26 scenarios[0].gate.max_duration: unknown key 'max_duration' (expected one of 'threshold', 'metrics', 'blocking')",
    ]);
  });

  it('names a typo in a metric and in its threshold key', () => {
    const text = homeAnd('gate:', '  metrics: { p59: { threshold: 1% }, p99: { treshold: 1% } }');
    expect(configError(text).issues.map((issue) => `${issue.field}: ${issue.message}`)).toEqual([
      "gate.metrics.p59: unknown key 'p59'; did you mean 'p50'?",
      expect.stringMatching(/^gate\.metrics\.p99\.threshold: missing required key 'threshold'/),
      "gate.metrics.p99.treshold: unknown key 'treshold'; did you mean 'threshold'?",
    ]);
  });
});

describe('loadSuiteFile', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'perf-gate-config-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('names a missing file', async () => {
    const missing = join(directory, 'nope.yml');
    const failure = loadSuiteFile(missing, {});
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(`${missing}: no such file`);
  });

  it('names a directory given as the file', async () => {
    await expect(loadSuiteFile(directory, {})).rejects.toThrow(`${directory}: is a directory, not a suite file`);
  });

  it('reads env from the given environment', async () => {
    const file = join(directory, 'env.yml');
    await writeFile(file, yaml('version: 1', 'target: ${{ env.BASE }}', ...homeScenario().split('\n').slice(1)));
    expect((await loadSuiteFile(file, { BASE: 'http://localhost:3000/' })).target).toBe('http://localhost:3000');
  });
});
