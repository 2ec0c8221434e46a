import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSuite } from '../../src/config/load-suite.js';
import { realClock } from '../../src/load/clock.js';
import { openConnection } from '../../src/load/dispatcher.js';
import { ConfigError, InputError, SetupFailedError } from '../../src/errors.js';
import type { EngineEvent } from '../../src/load/events.js';
import { renderRunReport } from '../../src/report/run-table.js';
import { formatPercent } from '../../src/report/format.js';
import { summarizeScenarios } from '../../src/stats/aggregate.js';
import { decodeHistogram } from '../../src/result/histogram.js';
import type { ScenarioResult } from '../../src/result/result.js';
import { runSuite } from '../helpers/run-suite.js';
import { startServer, type TestServer } from '../helpers/servers.js';

/**
 * A small shop: a login that hands out a token, a catalogue whose pages list product ids, product
 * pages that need the token and the visitor's cart cookie, and a cart. It remembers what it was
 * sent, so the tests can check that each step used what the steps before it captured.
 */
interface Seen {
  detailIds: string[];
  listedIds: string[];
  authorizations: Set<string>;
  detailWithoutCookie: number;
  cartBodies: unknown[];
  carts: Set<string>;
}

const TOKEN = 'tok-9f2c41d7e5';
let seen: Seen;
let shop: TestServer;
let cartCounter = 0;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url!, 'http://shop');
  if (req.method === 'POST' && url.pathname === '/login') {
    const { password } = JSON.parse(body) as { password?: string };
    return password === 's3cret' ? send(res, 200, { access_token: TOKEN }) : send(res, 401, { error: 'bad password' });
  }
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 401, { error: 'no token' });
  seen.authorizations.add(req.headers.authorization);
  if (req.method === 'POST' && url.pathname === '/session') {
    return send(res, 200, {}, { 'set-cookie': [`cart=c${++cartCounter}; Path=/; HttpOnly`] });
  }
  if (url.pathname === '/api/products') {
    const page = Number(url.searchParams.get('page'));
    // Pages past 15 are empty: a capture of items[0].id finds nothing there.
    const items = page > 15 ? [] : [{ id: 100 + page, name: `product ${page}` }];
    if (items[0] !== undefined) seen.listedIds.push(String(items[0].id));
    setTimeout(() => send(res, 200, { items }), 2);
    return;
  }
  const detail = /^\/api\/products\/(\d+)$/.exec(url.pathname);
  if (detail !== null) {
    seen.detailIds.push(detail[1]!);
    const cart = /cart=(c\d+)/.exec(req.headers.cookie ?? '')?.[1];
    if (cart === undefined) seen.detailWithoutCookie += 1;
    else seen.carts.add(cart);
    setTimeout(() => send(res, 200, { id: Number(detail[1]) }), 2);
    return;
  }
  if (url.pathname === '/api/link') return send(res, 200, { next: url.searchParams.get('to') });
  if (req.method === 'POST' && url.pathname === '/api/cart') {
    seen.cartBodies.push(JSON.parse(body));
    return send(res, 201, { ok: true });
  }
  send(res, 404, {});
}

beforeAll(async () => {
  shop = await startServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => handle(req, res, body));
  });
});
afterAll(() => shop.close());

const SUITE = (load: string, extra = '') => `version: 1
name: shop
defaults: { warmup: 0s, rounds: 2, headers: { authorization: "Bearer {{ token }}" } }
setup:
  - name: login
    request: { method: POST, path: /login, json: { user: perf, password: "\${{ env.PERF_PASSWORD }}" } }
    capture: { token: { json: access_token } }
scenarios:
  - name: browse
    load: ${load}
    flow:
      - name: session
        request: { method: POST, path: /session }
      - name: list
        request: { path: "/api/products?page={{ random(1, 20) }}" }
        capture: { first: { json: "items[0].id" } }
      - name: detail
        request: { path: "/api/products/{{ first }}" }
      - pause: 20ms
      - name: add
        request: { method: POST, path: /api/cart, json: { id: "{{ first }}", qty: 1, note: "iteration {{ counter }}" } }
        expect: { status: [201] }
${extra}`;

async function run(load: string, env: NodeJS.ProcessEnv = { PERF_PASSWORD: 's3cret' }): Promise<ScenarioResult[]> {
  seen = { detailIds: [], listedIds: [], authorizations: new Set(), detailWithoutCookie: 0, cartBodies: [], carts: new Set() };
  const suite = parseSuite(SUITE(load), 'perf-gate.yml', env);
  const { scenarios } = await runSuite({ suite, target: shop.url, clock: realClock, connect: openConnection });
  return scenarios;
}

const total = (entry: ScenarioResult, field: 'requests' | 'ok') => entry.rounds.reduce((sum, r) => sum + r[field], 0);

describe('a flow', () => {
  it('runs its steps in order, each with what the steps before it captured, and measures each step and the whole', async () => {
    const results = await run('{ connections: 4, duration: 400ms }');
    expect(results.map((r) => r.name)).toEqual(['browse', 'browse/session', 'browse/list', 'browse/detail', 'browse/add']);
    const [flow, session, list, detail, add] = results as [ScenarioResult, ScenarioResult, ScenarioResult, ScenarioResult, ScenarioResult];
    // Every product page asked for is one a list step returned, to the same virtual user.
    expect(seen.detailIds.length).toBeGreaterThan(20);
    expect(seen.detailIds.every((id) => seen.listedIds.includes(id))).toBe(true);
    // The setup's token went with every request; each virtual user kept its own cart cookie.
    expect([...seen.authorizations]).toEqual([`Bearer ${TOKEN}`]);
    expect(seen.detailWithoutCookie).toBe(0);
    expect(seen.carts.size).toBeGreaterThanOrEqual(2);
    // A JSON body: the captured id keeps its type (a number), text around an expression is text.
    expect(seen.cartBodies[0]).toEqual({ id: expect.any(Number), qty: 1, note: expect.stringMatching(/^iteration \d+$/) });
    // Pages past 15 list nothing: the capture fails there, that iteration ends, the next starts clean.
    const captureErrors = list.rounds.reduce((sum, r) => sum + r.errors.capture, 0);
    expect(captureErrors).toBeGreaterThan(0);
    expect(total(list, 'requests')).toBe(total(detail, 'requests') + captureErrors);
    expect(flow.rounds.reduce((sum, r) => sum + r.errors.capture, 0)).toBe(captureErrors);
    // Each miss is named on the flow's entry (the step's own would repeat it): the flow, the step and the capture, never a value.
    const missed = "step 'list' (line 14): first from json: items[0].id";
    expect(flow.rounds.reduce((sum, r) => sum + (r.errors.captureMisses?.[missed] ?? 0), 0)).toBe(captureErrors);
    expect(list.rounds.map((r) => r.errors.captureMisses)).toEqual([undefined, undefined]);
    const report = renderRunReport(summarizeScenarios(results), []);
    expect(report).toContain(`⚠️ flow browse: ${missed} found nothing in ${captureErrors} response`);
    expect(report).toContain('Each such iteration ended at that step, counted as a capture error');
    expect(total(flow, 'ok')).toBe(total(add, 'ok'));
    expect(total(session, 'requests')).toBe(total(flow, 'requests'));
    for (const entry of results) {
      expect(entry.rounds).toHaveLength(2);
      for (const round of entry.rounds)
        expect(decodeHistogram(round.histogram).totalCount).toBe(
          round.requests - round.errors.timeout - round.errors.reset - round.errors.refused - round.errors.other,
        );
    }
    // The flow's time is the four requests, not the 20 ms of think time between them.
    const flowP50 = flow.rounds[0]!.latencyMs.p50;
    expect(flowP50).toBeLessThan(20);
    expect(flowP50).toBeGreaterThanOrEqual(list.rounds[0]!.latencyMs.min + detail.rounds[0]!.latencyMs.min);
    // Results name steps by their templates, never by a captured value or the token.
    expect(detail.path).toBe('/api/products/{{ first }}');
    expect(JSON.stringify(results)).not.toContain(TOKEN);
  });

  it('starts iterations at the open model rate, each a new visitor with its own cookies', async () => {
    const results = await run('{ rate: 100, duration: 500ms, connections: 20 }');
    const flow = results[0]!;
    for (const round of flow.rounds) {
      expect(round.open!.scheduled).toBe(50);
      expect(round.requests).toBe(round.open!.sent);
    }
    // One cart per iteration: the open model's cookie jar does not outlive its iteration.
    expect(seen.carts.size).toBeGreaterThan(60);
    expect(seen.detailWithoutCookie).toBe(0);
  });

  it('refuses a captured link that would take a request off the target: the step fails as a capture', async () => {
    for (const link of ['http://evil.example/steal', '//evil.example/steal', '/ok path']) {
      const text = `${SUITE('{ connections: 1, duration: 100ms }').split('scenarios:')[0]}scenarios:
  - name: follow
    load: { connections: 2, duration: 150ms }
    flow:
      - { name: link, request: { path: "/api/link?to=${encodeURIComponent(link)}" }, capture: { next: { json: next } } }
      - { name: go, request: { path: "{{ next }}" } }
`;
      seen = { detailIds: [], listedIds: [], authorizations: new Set(), detailWithoutCookie: 0, cartBodies: [], carts: new Set() };
      const before = shop.requests;
      const { scenarios } = await runSuite({
        suite: parseSuite(text, 'perf-gate.yml', { PERF_PASSWORD: 's3cret' }),
        target: shop.url,
        clock: realClock,
        connect: openConnection,
      });
      const [flow, , go] = scenarios as [ScenarioResult, ScenarioResult, ScenarioResult];
      const iterations = total(flow, 'requests');
      expect(iterations).toBeGreaterThan(4);
      expect(flow.rounds.reduce((sum, r) => sum + r.errors.capture, 0)).toBe(iterations);
      expect(total(go, 'requests')).toBe(0);
      // The login and one link request per iteration, nothing else.
      expect(shop.requests - before).toBe(1 + iterations);
    }
  });

  it('stops the run with exit 3 naming the setup step when setup fails, and never prints the password', async () => {
    const failure = await run('{ connections: 1, duration: 100ms }', { PERF_PASSWORD: 'wrong-password-value' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SetupFailedError);
    expect((failure as SetupFailedError).exitCode).toBe(3);
    expect((failure as Error).message).toMatch(
      /^setup step 'login' \(line 5\) against http:\/\/127\.0\.0\.1:\d+ failed: HTTP 401, expected 200-399/,
    );
    expect((failure as Error).message).not.toContain('wrong-password-value');
  });
});

describe('a flow in the suite file', () => {
  const parse = (text: string) => {
    try {
      parseSuite(text, 'perf-gate.yml', { PERF_PASSWORD: 'x' });
      return '';
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  };

  it('refuses a variable no step captured before it, naming the file, line and field', () => {
    const text = SUITE('{ connections: 1 }').replace('/api/products/{{ first }}', '/api/products/{{ frist }}');
    expect(parse(text)).toContain(
      "perf-gate.yml:18:26 scenarios[0].flow[2].request.path: no variable named 'frist' is captured before this step (known here: 'token', 'first')",
    );
  });

  it('refuses a step reading a capture of a later step, an unknown built-in, and duplicate step names', () => {
    const text = SUITE('{ connections: 1 }')
      .replace('path: /session', 'path: "/session/{{ first }}"')
      .replace('qty: 1', 'qty: "{{ randint(1, 2) }}"')
      .replace('name: detail', 'name: list');
    const message = parse(text);
    expect(message).toContain("scenarios[0].flow[0].request.path: no variable named 'first' is captured before this step");
    expect(message).toContain('{{ randint(1, 2) }}: not a built-in function');
    expect(message).toContain("two steps are named 'list'");
  });

  it('accepts thresholds on a step as <scenario>/<step>, and names the steps when one is misspelt', () => {
    expect(parse(SUITE('{ connections: 1 }', 'thresholds: { "browse/detail": { p95: 150ms }, browse: { p95: 2s } }\n'))).toBe('');
    expect(parse(SUITE('{ connections: 1 }', 'thresholds: { "browse/detial": { p95: 150ms } }\n'))).toContain(
      "did you mean 'browse/detail'?",
    );
  });
});

describe('data files and mixes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perf-gate-data-'));
    const rows = Array.from({ length: 30 }, (_, i) => `${i + 1},"product ${i + 1}, ""deluxe"""`);
    await writeFile(join(dir, 'products.csv'), `id,name\r\n${rows.join('\r\n')}\r\n`);
    await writeFile(join(dir, 'users.ndjson'), '{"user":"ann"}\n{"user":"bob"}\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const suiteIn = (body: string) =>
    parseSuite(
      `version: 1\nname: shop\ndefaults: { warmup: 0s, rounds: 2, headers: { authorization: "Bearer ${TOKEN}" } }\n${body}`,
      join(dir, 'perf-gate.yml'),
      {},
    );

  it('gives each iteration its own row; unique rows are used once in the whole run, then no iteration starts', async () => {
    seen = { detailIds: [], listedIds: [], authorizations: new Set(), detailWithoutCookie: 0, cartBodies: [], carts: new Set() };
    const suite = suiteIn(`data:
  products: { file: products.csv, order: unique }
scenarios:
  - name: detail
    request: { path: "/api/products/{{ products.id }}" }
    # The rows run out in a few ms, which ends the round: the long duration is room for a busy machine.
    load: { connections: 3, duration: 3s }
`);
    const events: EngineEvent[] = [];
    const { scenarios } = await runSuite({
      suite,
      target: shop.url,
      clock: realClock,
      connect: openConnection,
      onEvent: (e) => events.push(e),
    });
    expect([...seen.detailIds].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    expect(total(scenarios[0]!, 'requests')).toBe(30);
    // The round the rows ran out in is kept and marked; the second is not run at all.
    expect(scenarios[0]!.rounds.map((r) => [r.round, r.dataRanOut])).toEqual([[1, true]]);
    expect(events.filter((e) => e.type === 'round-skipped')).toEqual([{ type: 'round-skipped', scenario: 'detail', round: 2, rounds: 2 }]);
    expect(renderRunReport(summarizeScenarios(scenarios), [])).toContain(
      "detail: its unique data rows ran out in round 1 after 30 iterations in the rounds (the warm-up's took rows too); that round ended early and no later round ran. " +
        'Every iteration takes a row of its own: add rows to the data file, use order: sequential',
    );

    // The open model: 60 starts in the round; the 30 that find no row left are never sent, for
    // want of data: not dropped (the target kept up), and never blamed on the target.
    seen.detailIds = [];
    const open = suiteIn(
      `data:\n  products: { file: products.csv, order: unique }\nscenarios:\n  - name: detail\n    request: { path: "/api/products/{{ products.id }}" }\n    load: { rate: 200, duration: 300ms }\n`,
    );
    const openScenarios = (await runSuite({ suite: open, target: shop.url, clock: realClock, connect: openConnection })).scenarios;
    const rounds = openScenarios[0]!.rounds;
    expect(new Set(seen.detailIds).size).toBe(30);
    expect(rounds.map((r) => [r.requests, r.open!.sent, r.open!.dropped, r.open!.noRow, r.dataRanOut])).toEqual([[30, 30, 0, 30, true]]);
    const report = renderRunReport(summarizeScenarios(openScenarios), []);
    expect(report).toContain(
      "detail: its unique data rows ran out in round 1 after 30 iterations in the rounds (the warm-up's took rows too); that round ended early and no later round ran. 30 starts due after that could not be made: the data's limit, not the target's.",
    );
    expect(report).not.toMatch(/keep up|dropped|saturated/);
  });

  it('stops with a clear error when the unique rows run out during the warm-up', async () => {
    const suite = suiteIn(`data:
  products: { file: products.csv, order: unique }
scenarios:
  - name: detail
    request: { path: "/api/products/{{ products.id }}" }
    load: { connections: 2, duration: 300ms }
    warmup: 300ms
`);
    const run = runSuite({ suite, target: shop.url, clock: realClock, connect: openConnection });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      /scenario "detail": the unique rows of "products" \(products.csv, 30 rows\) ran out during the warm-up/,
    );
  });

  it('runs a flow under stages: the ramp counts iterations, every step follows it', async () => {
    const suite = suiteIn(`scenarios:
  - name: browse
    load: { start_rate: 100, stages: [{ duration: 400ms, rate: 100 }, { duration: 400ms, rate: 300 }] }
    rounds: 1
    flow:
      - name: list
        request: { path: "/api/products?page=1" }
        capture: { first: { json: "items[0].id" } }
      - name: detail
        request: { path: "/api/products/{{ first }}" }
`);
    const [browse, list, detail] = (await runSuite({ suite, target: shop.url, clock: realClock, connect: openConnection })).scenarios as [
      ScenarioResult,
      ScenarioResult,
      ScenarioResult,
    ];
    const round = browse.rounds[0]!;
    expect(round.errors.total).toBe(0);
    // The ramp's iterations: 100/s for 0.4 s (40), then 100 rising to 300/s over 0.4 s (80).
    expect(round.open!.scheduled).toBeGreaterThanOrEqual(110);
    expect(round.open!.scheduled).toBeLessThanOrEqual(130);
    expect(round.timeline!.length).toBeGreaterThan(0);
    expect(round.timeline!.reduce((sum, second) => sum + second.requests, 0)).toBe(round.requests);
    expect(list.rounds[0]!.requests).toBe(round.requests);
    expect(detail.rounds[0]!.requests).toBe(round.requests);
  });

  it('sends a mix of requests in the proportions of their weights, each member measured on its own', async () => {
    seen = { detailIds: [], listedIds: [], authorizations: new Set(), detailWithoutCookie: 0, cartBodies: [], carts: new Set() };
    const suite = suiteIn(`data:
  products: { file: products.csv }
  users: { file: users.ndjson, order: random }
scenarios:
  - name: reads
    load: { connections: 4, duration: 400ms }
    mix:
      - { name: product, weight: 8, request: { path: "/api/products/{{ products.id }}", headers: { x-user: "{{ users.user }}" } } }
      - { name: page, weight: 2, request: { path: "/api/products?page=1" } }
`);
    const { scenarios } = await runSuite({ suite, target: shop.url, clock: realClock, connect: openConnection });
    expect(scenarios.map((s) => s.name)).toEqual(['reads', 'reads/product', 'reads/page']);
    const [reads, product, page] = scenarios as [ScenarioResult, ScenarioResult, ScenarioResult];
    const all = total(reads, 'requests');
    expect(all).toBeGreaterThan(500);
    expect(total(product, 'requests') + total(page, 'requests')).toBe(all);
    // 80 % of a binomial draw of several hundred: far inside 65-95 %.
    const share = total(product, 'requests') / all;
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.95);
    expect(product.path).toBe('/api/products/{{ products.id }}');
    // Each member's planned share is kept in the results; the report gives it beside the share it got.
    expect([product.share, page.share]).toEqual([0.8, 0.2]);
    // Each step says its flow and its own name: the reports read them, not the entry's name.
    expect([product.step, page.step, reads.step]).toEqual([{ of: 'reads', name: 'product' }, { of: 'reads', name: 'page' }, undefined]);
    const report = renderRunReport(summarizeScenarios(scenarios), []);
    expect(report).toContain(
      `reads is a mix; its members' share of its requests: product ${formatPercent(share)} (weight 80%), page ${formatPercent(1 - share)} (weight 20%).`,
    );
    // Sequential rows: the ids go round the file in order.
    expect(new Set(seen.detailIds).size).toBe(30);
  });

  it('refuses a data file it cannot use and a column the file does not have, naming the field', () => {
    const message = (body: string) => {
      try {
        suiteIn(body);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(
      message(
        'data:\n  products: { file: missing.csv }\nscenarios:\n  - { name: a, request: { path: "/{{ products.id }}" }, load: { connections: 1 } }\n',
      ),
    ).toMatch(/perf-gate\.yml:5:\d+ data\.products\.file: cannot read missing\.csv/);
    expect(
      message(
        'data:\n  products: { file: products.csv }\nscenarios:\n  - { name: a, request: { path: "/{{ products.sku }}" }, load: { connections: 1 } }\n',
      ),
    ).toContain(
      "scenarios[0].request.path: no variable named 'products.sku' is captured before this step (known here: 'products.id', 'products.name')",
    );
  });
});

describe('a pause', () => {
  it("is left out of the iteration's latency as long as it lasted, not as long as it was asked to (a late timer is the generator's)", async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    try {
      // Every timer of this clock fires 50 ms of its time late: the pause's lateness, made large.
      let lateness = 0;
      const lateClock = {
        ...realClock,
        now: () => realClock.now() + lateness,
        setTimer: (fn: () => void, delayMs: number) => realClock.setTimer(() => ((lateness += 50), fn()), delayMs),
      };
      const suite = parseSuite(
        'version: 1\nname: p\ndefaults: { warmup: 0s, rounds: 1 }\nscenarios:\n  - name: visit\n    load: { connections: 1, duration: 600ms }\n' +
          '    flow:\n      - { name: a, request: { path: /a } }\n      - pause: 5ms\n      - { name: b, request: { path: /b } }\n',
        'perf-gate.yml',
        {},
      );
      const [visit, a, b] = (await runSuite({ suite, target: server.url, clock: lateClock, connect: openConnection })).scenarios;
      const p50 = (entry: ScenarioResult | undefined) => entry!.rounds[0]!.latencyMs.p50;
      expect(visit!.rounds[0]!.requests).toBeGreaterThan(2);
      // Two loopback requests: a few ms at most on a busy machine, nowhere near the 50 ms a late timer adds.
      expect(p50(visit)).toBeLessThan(p50(a) + p50(b) + 25);
      expect(p50(visit)).toBeGreaterThanOrEqual(Math.max(p50(a), p50(b)));
    } finally {
      await server.close();
    }
  });
});
