import { describe, expect, it } from 'vitest';
import { renderRunReport } from '../../src/report/run-table.js';
import { attentionRows } from '../../src/report/gate-attention.js';
import { MIN_ROUND_REQUESTS, smallRoundsWarning } from '../../src/stats/warnings.js';
import { summarizeScenarios } from '../../src/stats/aggregate.js';
import { demoFailInput } from './fixtures.js';
import { judgeBudgets } from '../../src/stats/budgets.js';
import { formatMs, formatPercent, formatRate } from '../../src/report/format.js';
import { tableCell } from '../../src/report/escape.js';
import type { ScenarioSummary } from '../../src/stats/aggregate.js';

const latency = { p50: 1.5, p90: 2.5, p95: 3.25, p99: 8, p999: 12, max: 20, min: 0.5, mean: 1.8 };

function summary(overrides: Partial<ScenarioSummary>): ScenarioSummary {
  return {
    name: 'home',
    model: 'closed',
    rounds: 5,
    requests: 10_000,
    errors: 0,
    errorRate: 0,
    rps: 2_000,
    responses: 10_000,
    latencyMs: latency,
    p95RoundCv: 0.031,
    roundRequests: 2_000,
    late: 0,
    dropped: 0,
    noRow: 0,
    scheduled: 0,
    targetRps: null,
    saturatedRounds: 0,
    generator: { elu: 0.4, cpu: 0.42, delayP99Ms: 1.5 },
    dataRanOut: null,
    captureMisses: {},
    mix: null,
    service: null,
    ...overrides,
  };
}

describe('formats', () => {
  it('prints latencies with a precision that fits their size', () => {
    expect([0.0123, 3.256, 42.04, 512.4, 1_234, 65_000].map(formatMs)).toEqual([
      '0.01 ms',
      '3.26 ms',
      '42.0 ms',
      '512 ms',
      '1.23 s',
      '65.0 s',
    ]);
    expect(formatRate(12_345.6)).toBe('12,346');
    expect(formatRate(99.94)).toBe('99.9');
    expect([0, 0.01, 0.000123, 0.5].map(formatPercent)).toEqual(['0%', '1%', '0.012%', '50%']);
  });

  it('escapes names so they cannot break a table row', () => {
    expect(tableCell('a|b\nc\\')).toBe('a\\|b c\\\\');
  });
});

describe('renderRunReport', () => {
  it('renders a table, the budgets exceeded and notes on figures that are less than they seem', () => {
    const report = renderRunReport(
      [
        summary({}),
        summary({
          name: 'search|api',
          model: 'open',
          targetRps: 200,
          rps: 120,
          dropped: 400,
          scheduled: 1000,
          errors: 3,
          errorRate: 0.003,
        }),
        summary({ name: 'noisy', p95RoundCv: 0.25 }),
      ],
      [
        { scenario: 'home', metric: 'p95', limit: 300, actual: 3.25, passed: true },
        { scenario: 'search|api', metric: 'rps', limit: 150, actual: 120, passed: false },
      ],
    );
    expect(report).toBe(`| scenario    | model      | rounds | req/s |     p50 |           p95 |     p99 |     max |   errors |
| :---------- | :--------- | -----: | ----: | ------: | ------------: | ------: | ------: | -------: |
| home        | closed     |      5 | 2,000 | 1.50 ms | 3.25 ms ±3.1% | 8.00 ms | 20.0 ms |        0 |
| search\\|api | open 200/s |      5 |   120 | 1.50 ms | 3.25 ms ±3.1% | 8.00 ms | 20.0 ms | 3 (0.3%) |
| noisy       | closed     |      5 | 2,000 | 1.50 ms |  3.25 ms ±25% | 8.00 ms | 20.0 ms |        0 |

Budgets: 1 of 2 exceeded
  ✗ search|api req/s 120 < 150

- search|api: the target could not keep up with 200 req/s: 400 of 1,000 scheduled starts were dropped (achieved 120 req/s).
- p95 varies between rounds: noisy ±25%: a noisy measurement (more rounds or a longer duration help).
`);
  });
});

describe('the generator saturation note', () => {
  it('says in how many rounds the generator was the bottleneck, and what helps', () => {
    const report = renderRunReport(
      [summary({ saturatedRounds: 5, generator: { elu: 0.983, cpu: 1.02, delayP99Ms: 12.04 } }), summary({ name: 'calm' })],
      [],
    );
    expect(report).toContain(
      '⚠️ home: the load generator was saturated in 5 of 5 rounds (event loop 98% busy, delay p99 12.0 ms): ' +
        "its latencies include perf-gate's own queueing; use fewer connections, --workers, or shards.\n",
    );
    expect(report).not.toContain('calm:');
  });

  it('blames other processes when the loop was full but the generator got little CPU', () => {
    const report = renderRunReport([summary({ saturatedRounds: 2, generator: { elu: 1, cpu: 0.31, delayP99Ms: 45 } })], []);
    expect(report).toContain(
      '⚠️ home: the load generator was saturated in 2 of 5 rounds (event loop 100% busy on 0.31 of a core, delay p99 45.0 ms): ' +
        "its latencies include perf-gate's own queueing; other processes were taking its CPU: measure on a quieter machine.",
    );
  });

  it("names in one line the scenarios whose note reads the same: a flow's steps share its rounds", () => {
    const generator = { elu: 0.12, cpu: 0.1, delayP99Ms: 21.2 };
    const report = renderRunReport(
      ['checkout', 'checkout/list', 'calm'].map((name) =>
        summary({ name, saturatedRounds: name === 'calm' ? 0 : 1, rounds: 20, generator }),
      ),
      [],
    );
    expect(report.split('\n').filter((line) => line.includes('saturated'))).toEqual([
      "⚠️ checkout, checkout/list: the load generator was saturated in 1 of 20 rounds (event loop 12% busy, delay p99 21.2 ms): its latencies include perf-gate's own queueing; use fewer connections, --workers, or shards.",
    ]);
  });

  it('says nothing of the generator for files that did not record it', () => {
    expect(renderRunReport([summary({ generator: null })], [])).not.toContain('generator');
  });
});

describe('a scenario whose every request failed', () => {
  it('fails its latency budgets as not measured, and says so loudly', () => {
    const failed = summary({ errors: 10_000, errorRate: 1, responses: 0, latencyMs: { ...latency, p50: 0, p95: 0, p99: 0 } });
    const checks = judgeBudgets({ '*': { p95: 300, errorRate: 1 } }, [failed]);
    expect(checks.map((c) => [c.metric, c.passed])).toEqual([
      ['p95', false],
      ['errorRate', true],
    ]);
    const text = renderRunReport([failed], checks);
    expect(text).toContain('Budgets: 1 of 2 exceeded');
    expect(text).toContain('✗ home p95 not measured (no response), budget 300 ms');
    expect(text).toContain('⚠️ home: every one of its 10,000 requests failed: no latency was measured');
  });
});

describe('rounds too small for their p95', () => {
  it('are a warning of every run, judged or not, under the rule a comparison uses', () => {
    const small = summary({ name: 'slow', roundRequests: MIN_ROUND_REQUESTS - 1 });
    const report = renderRunReport([small, summary({ roundRequests: MIN_ROUND_REQUESTS })], []);
    expect(report).toContain(`⚠️ ${smallRoundsWarning([small])}`);
    expect(report).toContain(`Rounds too small to judge p95 well: slow (${MIN_ROUND_REQUESTS - 1}) requests per round.`);
    expect(report).not.toContain('home (');
  });
});

describe('the report of a judged run', () => {
  const judgedReport = async (color = false) => {
    const input = await demoFailInput();
    const summaries = summarizeScenarios(input.current.scenarios);
    return {
      input,
      text: renderRunReport(summaries, input.gate.budgets, [], input.current.service, {
        judgment: { gate: input.gate, baselineFile: input.baselineFile! },
        color,
      }),
    };
  };

  it("says the verdict in the comment's words, then the rows that need attention, as the comment lists them", async () => {
    const { input, text } = await judgedReport();
    const lines = text.split('\n');
    const verdict = lines.findIndex((line) => line.startsWith('❌ Fail: 4 regressions (CPU/req +52.8 % on report'));
    expect(verdict).toBeGreaterThan(0);
    const rows = lines.slice(verdict + 1, verdict + 7).map((line) => line.trim().split(/ {2,}/));
    expect(rows).toEqual(
      attentionRows(input.gate).map((row) => [
        `${row.symbol} ${row.scenario}`,
        row.metric,
        row.levels,
        row.change,
        ...(row.catches === '' ? [] : [`could catch ${row.catches}`]),
      ]),
    );
    expect(lines[verdict + 7]).toBe('');
    // A verdict's budgets: the count; one exceeded would be a row above.
    expect(text).toContain('Budgets: all 20 met\n\n❌');
    // No Markdown: no emphasis, no collapsed sections, no per-round tables, no chart source.
    expect(text).not.toMatch(/\*\*|<details>|```|round \| requests/);
    expect(lines.length).toBeLessThan(50);
  });

  it("tells the verdict's warnings in place of the run's own about the suite, once each", async () => {
    const { input, text } = await judgedReport();
    for (const warning of input.gate.warnings) expect(text).toContain(`⚠️ ${warning}\n`);
    expect(text.match(/saturated/g)).toHaveLength(1);
    expect(text.match(/Rounds too small/g)).toHaveLength(1);
    // A leak the base's run had too is not this change's: the verdict leaves it out, and so does the report.
    expect(text).not.toContain('⚠️ report: the service');
    // The run's own notes that no verdict tells stay.
    expect(text).toContain('- p95 varies between rounds: home ±41.7%');
    expect(text).toContain('ℹ️ Noise beyond the rounds, deployment to deployment: 1 %');
  });

  it('is coloured only when asked: the same words, with ANSI codes', async () => {
    const plain = (await judgedReport()).text;
    const coloured = (await judgedReport(true)).text;
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('❌ \u001b[1m\u001b[31mFail\u001b[39m\u001b[22m: 4 regressions');
    // Each escape sequence taken out: the plain text, word for word.
    expect(
      coloured
        .split('\u001b')
        .map((part, i) => (i === 0 ? part : part.replace(/^\[\d+m/, '')))
        .join(''),
    ).toBe(plain);
  });
});
