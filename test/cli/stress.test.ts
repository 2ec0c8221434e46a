import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/result/result.js';
import { stressFindings } from '../../src/stats/breaking-point.js';
import { runCli } from '../helpers/cli.js';
import { ok, startServer, type TestServer } from '../helpers/servers.js';

// A target with a fixed capacity: it serves one request at a time, 5 ms each (200 req/s).
// Below that rate requests wait for nobody; above it a queue builds and p95 climbs.
let dir: string;
let server: TestServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-stress-'));
  let free = 0;
  server = await startServer((_req, res) => {
    const now = performance.now();
    const done = Math.max(now, free) + 5;
    free = done;
    setTimeout(() => ok(res), done - now);
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a stress run', () => {
  it('reports the rate at which p95 crossed its budget, and the generator memory', async () => {
    const config = join(dir, 'stress.yml');
    await writeFile(
      config,
      `version: 1
defaults: { warmup: 0s, rounds: 1 }
scenarios:
  - name: ramp
    request: { path: / }
    load: { start_rate: 40, stages: [{ duration: 4s, rate: 360 }], connections: 200 }
thresholds:
  ramp: { p95: 40ms }
`,
    );
    const out = join(dir, 'results.json');
    const { code, stdout } = await runCli(['run', '-c', config, '-t', server.url.href, '-o', out, '--progress', 'none']);
    const result = JSON.parse(await readFile(out, 'utf8')) as RunResult;
    const [finding] = stressFindings(result, { ramp: { p95: 40 } });
    console.log(`capacity 200 req/s, ramp 40 → 360 req/s: ${stdout.split('\n').find((l) => l.includes('broke at'))}`);
    expect(finding!.broke).toBeDefined();
    // The queue starts to build at 200 req/s; p95 needs a moment of overload to pass 40 ms.
    expect(finding!.broke!.targetRps).toBeGreaterThan(180);
    expect(finding!.broke!.targetRps).toBeLessThan(320);
    expect(finding!.peakRps).toBeCloseTo(320, -1);
    expect(stdout).toMatch(/ramp: broke at \d+ req\/s \(\d s into round 1\): p95 \d+(\.\d+)? ms > 40\.0 ms budget/);
    expect(code).toBe(1);
    expect(result.scenarios[0]!.rounds[0]!.timeline!.length).toBe(4);
    const { rssMiB } = result.environment;
    expect(rssMiB!.start).toBeGreaterThan(10);
    expect(rssMiB!.end).toBeGreaterThan(10);
  });
});

describe('stressFindings', () => {
  const round = (timeline: { targetRps: number; p95Ms: number; requests?: number; errors?: number }[], n = 1) => ({
    round: n,
    timeline: timeline.map((b, i) => ({
      atMs: i * 1000,
      requests: b.requests ?? 100,
      errors: b.errors ?? 0,
      targetRps: b.targetRps,
      p95Ms: b.p95Ms,
    })),
  });
  const result = (rounds: unknown[]) => ({ scenarios: [{ name: 's', rounds }] }) as unknown as RunResult;

  it('finds the lowest rate at which any round broke a budget', () => {
    const findings = stressFindings(
      result([
        round([
          { targetRps: 100, p95Ms: 10 },
          { targetRps: 200, p95Ms: 90 },
        ]),
        round(
          [
            { targetRps: 100, p95Ms: 10 },
            { targetRps: 150, p95Ms: 5, errors: 10 },
          ],
          2,
        ),
      ]),
      { '*': { p95: 50, errorRate: 0.05 } },
    );
    expect(findings).toEqual([
      { scenario: 's', peakRps: 200, broke: { round: 2, atMs: 1000, targetRps: 150, metric: 'errorRate', value: 0.1, limit: 0.05 } },
    ]);
  });

  it('says the ramp held when no second crossed, and ignores seconds with too few requests', () => {
    const findings = stressFindings(
      result([
        round([
          { targetRps: 5, p95Ms: 900, requests: 5 },
          { targetRps: 300, p95Ms: 20 },
        ]),
      ]),
      { s: { p95: 50 } },
    );
    expect(findings).toEqual([{ scenario: 's', peakRps: 300 }]);
  });

  it('has nothing to say without a ramp or without budgets', () => {
    expect(stressFindings(result([{ round: 1 }]), { s: { p95: 50 } })).toEqual([]);
    expect(stressFindings(result([round([{ targetRps: 5, p95Ms: 9 }])]), {})).toEqual([]);
  });
});
