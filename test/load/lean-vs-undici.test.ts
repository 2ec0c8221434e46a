import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult, ScenarioResult } from '../../src/result/result.js';
import { runCli } from '../helpers/cli.js';

// The example shop, in this process; the CLI's engine runs in it too, which is fine for outcomes (not for timings).
const { startTarget } = (await import(fileURLToPath(new URL('../../examples/target.mjs', import.meta.url)))) as {
  startTarget: () => Promise<{ url: string; close: () => Promise<void> }>;
};
const exampleSuite = fileURLToPath(new URL('../../examples/perf-gate.yml', import.meta.url));

/**
 * The example suite, shortened (one round, no warm-up, no budgets), plus scenarios whose every
 * request fails in its own way on the same shop: an unexpected status, a failed body check, a
 * timeout, a HEAD request, a bad request.
 */
async function suiteFile(dir: string): Promise<string> {
  const suite = parse(await readFile(exampleSuite, 'utf8')) as {
    defaults: Record<string, unknown>;
    scenarios: { load: Record<string, unknown>; warmup?: string; [key: string]: unknown }[];
    thresholds?: unknown;
    [key: string]: unknown;
  };
  suite.defaults = { ...suite.defaults, warmup: '0s', rounds: 1 };
  delete suite.thresholds;
  for (const scenario of suite.scenarios) {
    scenario.load.duration = '300ms';
    delete scenario.warmup;
  }
  const load = { connections: 4, duration: '300ms' };
  suite.scenarios.push(
    { name: 'wrong-status', request: { path: '/' }, load, expect: { status: [404] } },
    { name: 'check-passes', request: { path: '/api/products' }, load, expect: { body_contains: '"sku":"PG-1000"' } },
    { name: 'check-fails', request: { path: '/api/products' }, load, expect: { body_contains: 'no such product' } },
    { name: 'timeout', request: { path: '/slow' }, load, timeout: '5ms' },
    { name: 'head', request: { method: 'HEAD', path: '/api/products' }, load },
    { name: 'bad-request', request: { path: '/api/products?page=0' }, load },
    { name: 'not-found', request: { path: '/no/such/page' }, load, expect: { status: [404] } },
  );
  const file = join(dir, 'suite.yml');
  await writeFile(file, stringify(suite));
  return file;
}

/** What a scenario's requests came to, whatever their number: which statuses failed, which checks, which error classes. */
function outcomes(scenario: ScenarioResult) {
  const rounds = scenario.rounds;
  const sum = (pick: (errors: ScenarioResult['rounds'][number]['errors']) => number) =>
    rounds.reduce((total, round) => total + pick(round.errors), 0);
  return {
    measured: rounds.every((round) => round.requests > 0),
    allOk: rounds.every((round) => round.ok === round.requests),
    failedStatuses: [...new Set(rounds.flatMap((round) => Object.keys(round.errors.status)))].sort(),
    check: sum((e) => e.check) > 0,
    capture: sum((e) => e.capture) > 0,
    timeout: sum((e) => e.timeout) > 0,
    refused: sum((e) => e.refused) > 0,
    reset: sum((e) => e.reset) > 0,
    other: sum((e) => e.other) > 0,
  };
}

let dir: string;
let shop: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-clients-'));
  shop = await startTarget();
});
afterAll(async () => {
  await shop.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the lean HTTP/1.1 client and undici, on the example shop', () => {
  it('come to the same statuses, body checks, captures and error classes in every scenario and flow step', async () => {
    const suite = await suiteFile(dir);
    const run = async (client: 'lean' | 'undici') => {
      const out = join(dir, `${client}.json`);
      const env = { SHOP_PASSWORD: 'demo', ...(client === 'undici' && { PERF_GATE_HTTP_CLIENT: 'undici' }) };
      const outcome = await runCli(['run', '-c', suite, '-t', shop.url, '-o', out, '--progress', 'none'], env);
      expect(outcome.code, outcome.stderr).toBe(0);
      const result = JSON.parse(await readFile(out, 'utf8')) as RunResult;
      return Object.fromEntries(result.scenarios.map((scenario) => [scenario.name, outcomes(scenario)]));
    };
    const lean = await run('lean');
    const undici = await run('undici');
    expect(lean).toEqual(undici);

    // The suite does what it says: the example's scenarios and flow steps all succeed, each added one fails its own way.
    for (const name of [
      'home',
      'products',
      'search',
      'slow',
      'report',
      'checkout',
      'checkout/list',
      'checkout/detail',
      'checkout/add-to-cart',
      'check-passes',
      'head',
      'not-found',
    ]) {
      expect(lean[name], name).toMatchObject({ measured: true, allOk: true });
    }
    expect(lean['wrong-status']).toMatchObject({ allOk: false, failedStatuses: ['200'] });
    expect(lean['check-fails']).toMatchObject({ allOk: false, check: true, failedStatuses: [] });
    expect(lean['timeout']).toMatchObject({ allOk: false, timeout: true });
    expect(lean['bad-request']).toMatchObject({ allOk: false, failedStatuses: ['400'] });
  });
});
