import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuiteFile, parseSuite } from '../../src/config/load-suite.js';
import type { Suite } from '../../src/config/suite.js';
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
const oneScenario = (...scenarioLines: string[]) =>
  yaml('version: 1', 'scenarios:', '  - name: home', ...scenarioLines);

const homeScenario = (...extra: string[]) =>
  oneScenario('    request: { path: / }', '    load: { connections: 1 }', ...extra);

describe('a valid suite', () => {
  const expected = (file: string, lines: [number, number, number]): Suite => ({
    name: 'shop',
    file,
    target: 'http://127.0.0.1:8080/app',
    scenarios: [
      {
        name: 'home',
        request: { method: 'GET', path: '/', headers: { 'user-agent': 'perf-gate', accept: 'text/html' } },
        load: { model: 'closed', connections: 10, durationMs: 5000 },
        warmupMs: 1000,
        rounds: 3,
        timeoutMs: 1500,
        expect: { status: [[200, 200], [300, 399]] },
        line: lines[0],
      },
      {
        name: 'search',
        request: {
          method: 'POST',
          path: '/api/search?lang=en',
          headers: { 'user-agent': 'perf-gate', accept: '*/*', 'content-type': 'application/json' },
          body: '{"q":"shoes","limit":10}',
        },
        load: { model: 'open', rate: 200, connections: 100, durationMs: 10_000 },
        warmupMs: 0,
        rounds: 7,
        timeoutMs: 500,
        expect: { status: [[200, 200], [300, 399]], bodyContains: 'results' },
        line: lines[1],
      },
      {
        name: 'upload',
        request: {
          method: 'PUT',
          path: '/api/items/1',
          headers: { 'user-agent': 'perf-gate', accept: '*/*', 'content-type': 'text/plain' },
          body: 'hello',
        },
        load: { model: 'open', rate: 50, connections: 20, durationMs: 60_000 },
        warmupMs: 1000,
        rounds: 3,
        timeoutMs: 1500,
        expect: { status: [[200, 299], [404, 404]] },
        line: lines[2],
      },
    ],
    budgets: {
      '*': { p95: 300, errorRate: 0.01 },
      search: { p99: 1000, p999: 2000, rps: 150 },
      upload: { p50: 20, p90: 50, max: 2000, errorRate: 0.005, rps: 10 },
    },
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
    const suite = parseSuite(homeScenario(), 'ci/perf-gate.yml', {});
    expect(suite).toEqual({
      name: 'perf-gate',
      file: 'ci/perf-gate.yml',
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
        },
      ],
      budgets: {},
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
    // Values are inserted literally: neither `$&` nor a nested expression is expanded.
    expect(suite.scenarios[0]?.request.headers).toEqual({
      'x-run': 'run-42',
      authorization: 'Bearer s3cr3t-$&-${{ env.RUN_ID }}',
    });
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
    expect(error.message).toBe(
      'suite.yml:8:20 scenarios[0].request.headers.x-preview: environment variable PREVIEW_TOKEN is not set',
    );
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
    expect(configError(text, { B: 'b' }).message).toBe(
      [
        'suite.yml:4:20 defaults.headers.authorization: unsupported expression ${{ secrets.TOKEN }}: only ${{ env.NAME }} is supported',
        'suite.yml:5:10 defaults.headers.x-b: unclosed ${{: expected ${{ env.NAME }}',
      ].join('\n'),
    );
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
        "'name', 'request', 'load', 'expect', 'warmup', 'rounds', 'timeout')",
    );
  });

  it('refuses a bare number as a duration', () => {
    expect(configError(homeScenario('    warmup: 5')).message).toBe(
      'suite.yml:6:13 scenarios[0].warmup: expected a duration such as 500ms, 2s or 1m, found 5',
    );
  });

  it('refuses a duration with an unknown unit, and a zero timeout', () => {
    expect(configError(homeScenario('    warmup: 5h', '    timeout: 0s')).message).toBe(
      [
        'suite.yml:6:13 scenarios[0].warmup: expected a duration such as 500ms, 2s or 1m, found "5h"',
        'suite.yml:7:14 scenarios[0].timeout: expected a duration above 0, found "0s"',
      ].join('\n'),
    );
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
    expect(configError(text).message).toBe(
      [
        'suite.yml:5:19 scenarios[0].load.rate: expected a rate above 0 in requests per second, such as 200, "200/s" or "12000/m", found "fast"',
        'suite.yml:8:19 scenarios[1].load.rate: expected a rate above 0 in requests per second, such as 200, "200/s" or "12000/m", found 0',
      ].join('\n'),
    );
  });

  it('explains the two load models when neither is given', () => {
    const error = configError(oneScenario('    request: { path: / }', '    load: { duration: 5s }'));
    expect(error.issues).toHaveLength(1);
    expect(error.message).toMatch(/^suite\.yml:5:5 scenarios\[0\]\.load: expected connections \(closed model: .*\) or rate \(open model: .*\)$/);
  });

  it('refuses a bad percentage', () => {
    const text = yaml(...homeScenario().trimEnd().split('\n'), 'thresholds:', '  home: { error_rate: 5 }', '  "*": { error_rate: 150% }');
    expect(configError(text).message).toBe(
      [
        'suite.yml:7:23 thresholds.home.error_rate: expected a fraction from 0 to 1 such as 0.01, or a percentage such as "1%", found 5',
        'suite.yml:8:22 thresholds["*"].error_rate: expected a percentage from 0% to 100% such as "1%", found "150%"',
      ].join('\n'),
    );
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
    expect(configError(text).message).toBe(
      'suite.yml:4:13 scenarios[1].name: duplicate scenario name "home"; scenarios[0] has it already',
    );
  });

  it('reports a threshold for an unknown scenario, listing the names', () => {
    const text = yaml(...homeScenario().trimEnd().split('\n'), 'thresholds:', '  hmoe: { p95: 1s }');
    expect(configError(text).message).toBe(
      `suite.yml:7:3 thresholds.hmoe: no scenario is named "hmoe"; did you mean 'home'? (scenarios: 'home'; "*" applies to all)`,
    );
  });

  it('refuses an absolute URL as a path, saying why', () => {
    const error = configError(oneScenario('    request: { path: "https://evil.example/x" }', '    load: { connections: 1 }'));
    expect(error.issues).toHaveLength(1);
    expect(error.message).toMatch(/^suite\.yml:4:22 scenarios\[0\]\.request\.path: expected a path such as \/api\/items, not an absolute URL: headers may hold secrets/);
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
    const error = configError(text);
    expect(error.message).toBe(
      [
        'suite.yml:6:18 scenarios[0].request.headers.Host: the host header cannot be set: perf-gate sends the host of target, so that headers only ever go to that origin; change target instead',
        'suite.yml:6:51 scenarios[0].request.headers.x-count: expected a string; quote values such as "5" or "true"',
      ].join('\n'),
    );
    expect(error.message).not.toContain('12345');
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
