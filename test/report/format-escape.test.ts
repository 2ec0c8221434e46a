import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/files/result-file.js';
import { formatSignedPercent } from '../../src/config/units.js';
import type { Suite } from '../../src/config/suite.js';
import { appendRun } from '../../src/result/baseline.js';
import type { RunResult } from '../../src/result/result.js';
import { checkAnnotations } from '../../src/report/check-run.js';
import { checkRunTitle } from '../../src/report/check-run-title.js';
import { renderDashboard } from '../../src/report/dashboard.js';
import { clip, escapeText, mermaidLabel } from '../../src/report/escape.js';
import {
  formatCores,
  formatMs,
  formatPercent,
  formatPointChange,
  formatRate,
  formatRelativeChange,
  formatShare,
} from '../../src/report/format.js';
import { renderGateMarkdown } from '../../src/report/gate-markdown.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderRunReport } from '../../src/report/run-table.js';
import { summarizeScenarios } from '../../src/stats/aggregate.js';
import { judgeRun } from '../../src/stats/judge-run.js';
import { runResult } from '../helpers/results.js';

describe('signed formats', () => {
  it('prints changes with their sign, and no sign when they round to zero', () => {
    expect([0.182, -0.031, 0.0004, -0.0004, 0, 2.5].map((c) => formatRelativeChange(c))).toEqual([
      '+18.2 %',
      '-3.1 %',
      '0.0 %',
      '0.0 %',
      '0.0 %',
      '+250.0 %',
    ]);
    expect([0.004, -0.0123, 0].map((c) => formatPointChange(c))).toEqual(['+0.40 pp', '-1.23 pp', '0.00 pp']);
    expect([0.1, 0.99, 0.999, 0.95].map(formatShare)).toEqual(['10 %', '99 %', '99.9 %', '95 %']);
  });

  it('prints a figure past its limit as the bound, and NaN as n/a: never "3e+260" or "Infinity"', () => {
    // A change from a baseline near 0 (or 0, infinity) is more than any figure: the bound says so.
    expect([3e258, Infinity, 100, 100.01, -1, NaN].map((c) => formatRelativeChange(c))).toEqual([
      '> +10,000 %',
      '> +10,000 %',
      '+10000.0 %',
      '> +10,000 %',
      '-100.0 %',
      'n/a',
    ]);
    expect(formatPointChange(-Infinity)).toBe('< -10,000 pp');
    expect(formatSignedPercent(2e120, 1, '')).toBe('> +10,000');
    expect([formatShare(1e300), formatPercent(1e300), formatCores(1e300)]).toEqual(['> 10,000 %', '> 10,000%', '> 1,000,000%']);
    expect([formatMs(1e300), formatMs(NaN), formatRate(1e300), formatRate(Infinity)]).toEqual([
      '> 1,000,000 s',
      'n/a',
      '> 1,000,000,000',
      '> 1,000,000,000',
    ]);
  });
});

/** The run with every round's latency percentiles and rate multiplied by `factor`: what a crafted file can hold. */
function scaled(run: RunResult, factor: number): RunResult {
  const scale = (r: RunResult['scenarios'][number]['rounds'][number]) => ({
    ...r,
    rps: r.rps * factor,
    latencyMs: {
      ...r.latencyMs,
      p50: r.latencyMs.p50 * factor,
      p95: r.latencyMs.p95 * factor,
      p99: r.latencyMs.p99 * factor,
      max: r.latencyMs.max * factor,
    },
  });
  return { ...run, scenarios: run.scenarios.map((s) => ({ ...s, rounds: s.rounds.map(scale) })) };
}

describe('absurd figures in a results file', () => {
  it('are read (finite, so valid), and every output prints them as bounds', async () => {
    // JSON has no Infinity or NaN, and the schema takes finite numbers only: what a file can
    // hold is finite, and the readers take it; the reports are what keeps it readable.
    const dir = await mkdtemp(join(tmpdir(), 'perf-gate-absurd-'));
    const read = async (name: string, run: RunResult) => {
      await writeFile(join(dir, name), JSON.stringify(run));
      return readResultFile(join(dir, name));
    };
    try {
      const tiny = [
        await read('a.json', scaled(runResult({ sha: 'aaa1111', startedAt: '2026-11-23T00:00:00.000Z' }), 1e-110)),
        await read('b.json', scaled(runResult({ sha: 'bbb2222', startedAt: '2026-11-23T00:10:00.000Z' }), 1.1e-110)),
      ];
      const huge = await read('c.json', scaled(runResult(), 1e300));
      const baseline = appendRun(appendRun(undefined, tiny[0]!).baseline, tiny[1]!).baseline;
      const current = runResult();
      const gate = judgeRun({ suite: undefined, current, reference: { mode: 'stored-baseline', runs: baseline.runs, records: baseline } });
      const suite = { scenarios: current.scenarios.map((s, i) => ({ name: s.name, line: i + 1 })) } as unknown as Suite;
      const outputs = {
        markdown: renderGateMarkdown({ suite: 'shop', gate, current, baseline: baseline.runs }),
        title: checkRunTitle(gate),
        annotations: JSON.stringify(checkAnnotations('perf-gate.yml', suite, gate)),
        html: renderHtmlReport({ suite: 'shop', current, baseline: baseline.runs, gate }),
        terminal: renderRunReport(summarizeScenarios(huge.scenarios), []),
        // A third tiny run before the huge one: with a band to leave, the dashboard prints the huge run's p95.
        dashboard: renderDashboard([
          appendRun(
            appendRun(
              baseline,
              await read('d.json', scaled(runResult({ sha: 'ddd4444', startedAt: '2026-11-23T00:20:00.000Z' }), 1.2e-110)),
            ).baseline,
            huge,
          ).baseline,
        ]),
      };
      for (const [name, text] of Object.entries(outputs)) {
        // The HTML pages' inline scripts (uPlot) are code, not figures; nor are colours (Okabe and Ito's bluish green is #009E73).
        const printed = text.replace(/<script[\s\S]*?<\/script>/g, '').replace(/#[0-9A-Fa-f]{6}\b/g, '');
        expect(printed, name).not.toMatch(/\d[eE][+-]?\d|Infinity|NaN/);
      }
      expect(outputs.title).toBe('2 regressions: p95 > +10,000 % on home, p95 > +10,000 % on search');
      expect(outputs.markdown).toContain('| > +10,000 % (> +10,000 … > +10,000 %) |');
      expect(outputs.html).toContain('&gt; +10,000 %');
      expect(outputs.annotations).toContain('p95 > +10,000 % (threshold 10 %)');
      expect(outputs.terminal).toContain('| > 1,000,000,000 |');
      expect(outputs.dashboard).toContain('&gt; 1,000,000 s, &gt; +10,000 % over the band');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Every bidirectional control: marks, embeddings, overrides and isolates. */
const BIDI = ['\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

describe('bidirectional controls in names', () => {
  it('reach no output: Markdown, HTML, the dashboard, the check run, the terminal', () => {
    const name = `login${BIDI.join('')}gnp.exe`;
    // Three times slower, so that every output names the scenario (the check run's title names regressions).
    const current = scaled(runResult({ scenarios: [name, 'home'] }), 3);
    const earlier = runResult({ scenarios: [name, 'home'], sha: 'aaa1111', startedAt: '2026-11-23T00:00:00.000Z' });
    const baseline = appendRun(undefined, earlier).baseline;
    const gate = judgeRun({ suite: undefined, current, reference: { mode: 'stored-baseline', runs: baseline.runs, records: baseline } });
    const outputs = {
      markdown: renderGateMarkdown({ suite: 'shop', gate, current, baseline: baseline.runs }),
      title: checkRunTitle(gate),
      html: renderHtmlReport({ suite: 'shop', current, baseline: baseline.runs, gate, context: `PR ${BIDI.join('')}` }),
      htmlRun: renderHtmlReport({ suite: 'shop', current, baseline: [] }),
      dashboard: renderDashboard([baseline]),
      terminal: renderRunReport(summarizeScenarios(current.scenarios), []),
    };
    for (const [output, text] of Object.entries(outputs)) {
      expect(text.includes('gnp.exe'), output).toBe(true);
      for (const control of BIDI) expect(text.includes(control), `${output} U+${control.charCodeAt(0).toString(16)}`).toBe(false);
    }
  });
});

describe('escapeText', () => {
  it('keeps ordinary names readable', () => {
    expect(escapeText('GET /api/search?q=1 v2.0-beta')).toBe('GET /api/search?q=1 v2.0-beta');
  });

  it('neutralises HTML, links, images, mentions, issue references, code and table pipes', () => {
    // Each text, and the Markdown it is escaped to.
    const escaped = {
      '<img src=x onerror=alert(1)>': '&lt;img src=x onerror=alert\\(1\\)&gt;',
      '[a](javascript:x) ![i](https://e.vil/x.png)': '\\[a\\]\\(javascript:x\\) \\!\\[i\\]\\(https:\u200b//e.vil/x.png\\)',
      '@org/team cc @bob, mail a@b.io': '@\u200borg/team cc @\u200bbob, mail a@\u200bb.io',
      'fixes #12, see www.x.dev': 'fixes \\#\u200b12, see www\u200b.x.dev',
      '`code` *em* _u_ ~~s~~ $x$ a|b c\\d': '\\`code\\` \\*em\\* \\_u\\_ \\~\\~s\\~\\~ \\$x\\$ a\\|b c\\\\d',
      'a\nb\r\nc\u202edir\u0000': 'a b c dir',
      '&amp; &#64;': '&amp;amp; &amp;\\#\u200b64;',
    };
    for (const [text, shown] of Object.entries(escaped)) expect(escapeText(text), text).toBe(shown);
  });

  it('escapes block markers only at the start of a line', () => {
    expect(escapeText('1. one', { lineStart: true })).toBe('1\\. one');
    expect(escapeText('- two', { lineStart: true })).toBe('\\- two');
    expect(escapeText('1. one')).toBe('1. one');
  });
});

describe('mermaidLabel', () => {
  it('keeps letters, digits and a few marks, and cuts long labels', () => {
    expect(mermaidLabel('search "fast" %%{init}%% `x`')).toBe('"search _fast_ ___init__…"');
    expect(mermaidLabel('suche/über-größe 2.0')).toBe('"suche/über-größe 2.0"');
    expect(mermaidLabel('a'.repeat(30), 10)).toBe('"aaaaaaaaa…"');
  });
});

describe('clip', () => {
  it('cuts to a length in UTF-16 units without splitting a surrogate pair', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('🔥🔥🔥🔥', 6)).toBe('🔥🔥…');
    expect(clip('🔥🔥🔥🔥', 6).length).toBeLessThanOrEqual(6);
  });
});
