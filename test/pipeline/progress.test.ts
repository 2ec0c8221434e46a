import { describe, expect, it } from 'vitest';
import { progressDisplay } from '../../src/pipeline/progress.js';
import type { RoundResult } from '../../src/result/result.js';

const latency = { p50: 1.5, p90: 2.5, p95: 3.25, p99: 8, p999: 12, max: 20, min: 0.5, mean: 1.8 };

describe('progressDisplay', () => {
  const result = { requests: 1234, rps: 617, latencyMs: latency, errors: { total: 2 }, durationMs: 2000 } as unknown as RoundResult;

  it('writes one permanent line per round for CI logs, and no carriage returns', () => {
    let out = '';
    const show = progressDisplay('plain', (text) => (out += text));
    show({ type: 'start', scenarios: [{ name: 'home', rounds: 2 }], plannedMs: 5000 });
    show({ type: 'warmup', scenario: 'home', durationMs: 1000 });
    show({ type: 'round-start', scenario: 'home', round: 1, rounds: 2, durationMs: 2000 });
    show({ type: 'progress', scenario: 'home', round: 1, rounds: 2, elapsedMs: 500, durationMs: 2000, requests: 10, errors: 0 });
    show({ type: 'round-end', scenario: 'home', round: 1, rounds: 2, result });
    show({ type: 'end', interrupted: true });
    expect(out).toBe(
      'perf-gate: 1 scenario(s), up to 2 round(s) each, about 5 s\n' +
        '  warming up home for 1s\n' +
        '  home round 1/2: 1,234 req, 617 req/s · p50 1.50 ms, p95 3.25 ms, p99 8.00 ms · errors 2\n' +
        'perf-gate: interrupted; the rounds that completed are kept\n',
    );
  });

  it('promises the time a second look may take, when the run may take one', () => {
    let out = '';
    const show = progressDisplay('plain', (text) => (out += text));
    show({ type: 'start', scenarios: [{ name: 'home', rounds: 5 }], plannedMs: 24_000, mostMs: 87_000 });
    expect(out).toBe('perf-gate: 1 scenario(s), up to 5 round(s) each, about 24 s, up to 87 s if a first look cannot decide\n');
  });

  it('redraws a live line in place on a terminal', () => {
    let out = '';
    const show = progressDisplay('live', (text) => (out += text));
    show({ type: 'start', scenarios: [{ name: 'home', rounds: 2 }], plannedMs: 4000 });
    show({ type: 'round-start', scenario: 'home', round: 1, rounds: 2, durationMs: 2000 });
    show({ type: 'progress', scenario: 'home', round: 1, rounds: 2, elapsedMs: 1000, durationMs: 2000, requests: 10, errors: 1 });
    expect(out).toContain('\r\x1b[2K  [25%] home round 1/2  1.0/2.0 s  10 req  1 err');
    show({ type: 'end', interrupted: false });
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('stays silent when asked to', () => {
    let out = '';
    progressDisplay('silent', (text) => (out += text))({ type: 'end', interrupted: false });
    expect(out).toBe('');
  });
});
