import { describe, expect, it } from 'vitest';
import { parseSuite } from '../../src/config/load-suite.js';
import { parseGrowth, parseSize } from '../../src/config/units.js';

const suite = (extra: string) => `version: 1\nscenarios:\n  - name: api\n    request: { path: / }\n    load: { connections: 1 }\n${extra}`;
const problems = (text: string) => {
  try {
    parseSuite(text, 'perf-gate.yml', {});
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('service:', () => {
  it('reads a Prometheus endpoint, a command with its readiness, and their defaults', () => {
    expect(parseSuite(suite('service: { metrics: /metrics }\n'), 'perf-gate.yml', {}).service).toEqual({
      metrics: '/metrics',
      readyPath: '/',
      readyTimeoutMs: 30_000,
    });
    expect(
      parseSuite(suite('service: { command: "node server.js", ready: /health, ready_timeout: 5s }\n'), 'perf-gate.yml', {}).service,
    ).toEqual({
      command: 'node server.js',
      readyPath: '/health',
      readyTimeoutMs: 5000,
    });
    expect(parseSuite(suite('service: { metrics: "http://127.0.0.1:9464/metrics" }\n'), 'perf-gate.yml', {}).service?.metrics).toBe(
      'http://127.0.0.1:9464/metrics',
    );
  });

  it('names the field and what was expected', () => {
    expect(problems(suite('service: {}\n'))).toBe(
      'perf-gate.yml:6:1 service: expected metrics (a Prometheus endpoint), command (a process perf-gate starts), or both',
    );
    expect(problems(suite('service: { metrics: metrics }\n'))).toContain(
      'service.metrics: expected a path on the target such as /metrics, or a URL such as http://127.0.0.1:9464/metrics: expected a URL',
    );
    expect(problems(suite('service: { metrics: /metrics, ready: /health }\n'))).toContain(
      'service.ready: ready applies to a service perf-gate starts: give command too',
    );
    expect(problems(suite('service: { command: "" }\n'))).toContain('service.command: expected a shell command such as "node server.js"');
    expect(problems(suite('service: { command: x, ready: health }\n'))).toContain(
      'service.ready: expected a path starting with /, such as /health',
    );
  });
});

describe('budgets of the service', () => {
  it('reads CPU per request, utilisation, memory and its growth in their units', () => {
    const { budgets } = parseSuite(
      suite(
        'service: { metrics: /metrics }\nthresholds:\n  api: { cpu_per_request: 2ms, cpu: 80%, rss: 512MB, rss_growth: 1MB/min }\n  "*": { cpu: 1.5, rss: 1.5GiB, rss_growth: 60MiB/h }\n',
      ),
      'perf-gate.yml',
      {},
    );
    expect(budgets).toEqual({
      api: { cpuPerRequest: 2, cpu: 0.8, rss: 512e6, rssGrowth: 1e6 },
      '*': { cpu: 1.5, rss: 1.5 * 2 ** 30, rssGrowth: 2 ** 20 },
    });
    expect(problems(suite('thresholds: { api: { rss: 512 } }\n'))).toContain(
      'thresholds.api.rss: expected a size such as 512MB, 4GB or 1.5GiB',
    );
    expect(problems(suite('thresholds: { api: { rss_growth: 1MB } }\n'))).toContain(
      'expected a growth such as 1MB/min, 50MiB/h or 10kB/s, found "1MB"',
    );
    expect(problems(suite('thresholds: { api: { cpu: "-5%" } }\n'))).toContain('expected a CPU utilisation such as "80%"');
  });

  it('parses sizes and growths, SI and binary', () => {
    expect([parseSize('512MB'), parseSize('4 GB'), parseSize('1.5GiB'), parseSize('100kB'), parseSize('12'), parseSize('1TB')]).toEqual([
      512e6,
      4e9,
      1.5 * 2 ** 30,
      1e5,
      undefined,
      undefined,
    ]);
    expect([parseGrowth('1MB/min'), parseGrowth('60MB/h'), parseGrowth('10kB/s'), parseGrowth('1MB/day')]).toEqual([
      1e6,
      1e6,
      6e5,
      undefined,
    ]);
  });
});
