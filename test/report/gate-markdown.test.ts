import { describe, expect, it } from 'vitest';
import { CHECK_SUMMARY_LIMIT, COMMENT_LIMIT } from '../../src/report/size-limit.js';
import { renderGateMarkdown } from '../../src/report/gate-markdown.js';
import { formatPercent } from '../../src/report/format.js';
import { HOSTILE, demoFailInput, failInput, inconclusiveInput, largeInput, neutralInput, passInput } from './fixtures.js';

/** Golden files: the report as a reviewer reads it. Regenerate with `npx vitest run test/report -u`, then read the diff. */
describe('renderGateMarkdown: golden files', () => {
  it.each([
    ['fail', failInput],
    ['pass', passInput],
    ['inconclusive', inconclusiveInput],
    ['neutral', neutralInput],
  ] as const)('%s', async (name, input) => {
    await expect(renderGateMarkdown(input())).toMatchFileSnapshot(`../fixtures/report/${name}.md`);
  });
});

/** The cells of a Markdown table row: split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === '\\') {
      cell += c + (row[i + 1] ?? '');
      i++;
    } else if (c === '|') {
      out.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  out.push(cell);
  return out.slice(1, -1);
}

/** Every table in the text, as arrays of rows. */
function tables(markdown: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('renderGateMarkdown: untrusted names', () => {
  const markdown = renderGateMarkdown(failInput());

  it('renders a hostile scenario name as inert text everywhere', () => {
    expect(markdown).not.toMatch(/<script/i);
    expect(markdown).not.toContain('](http');
    expect(markdown).not.toContain('![');
    expect(markdown).not.toMatch(/@org/);
    expect(markdown).not.toMatch(/https?:\/\//);
    expect(markdown).not.toContain('<b>');
    // Only the report's own <details> open and close.
    expect(markdown.split('</details>').length).toBe(markdown.split('<details>').length);
    // The change chart, every scenario, per-round figures, environment, method.
    expect(markdown.split('<details>').length - 1).toBe(5);
    // The name is still there, readable.
    expect(markdown).toContain(
      '&lt;/details&gt;&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| @\u200borg/team \\!\\[x\\]\\(http:\u200b//evil\\)',
    );
    expect(HOSTILE).toContain('@org');
  });

  it('keeps every table row at its header column count', () => {
    const found = tables(markdown);
    expect(found.length).toBeGreaterThan(5);
    for (const table of found) {
      const width = cells(table[0]!).length;
      for (const row of table) expect(cells(row), row).toHaveLength(width);
    }
  });

  it('quotes Mermaid labels and keeps only safe characters in them', () => {
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(markdown)?.[1];
    expect(block).toBeDefined();
    const lines = block!.split('\n');
    // Front matter with the lines' dashes and the palette (Okabe and Ito's: vermilion, blue, bluish green, reddish purple), then the chart.
    expect(lines.slice(0, 3)).toEqual([
      '---',
      'config:',
      '  themeCSS: ".line-plot-1 path { stroke-dasharray: 7 4 } .line-plot-2 path { stroke-dasharray: 2 3 } .line-plot-3 path { stroke-dasharray: 9 3 2 3 }"',
    ]);
    expect(lines.slice(3, 7)).toEqual([
      '  themeVariables:',
      '    xyChart:',
      '      plotColorPalette: "#D55E00, #0072B2, #009E73, #CC79A7"',
      '---',
    ]);
    expect(lines[7]).toBe('xychart-beta');
    const xAxis = lines.find((l) => l.trimStart().startsWith('x-axis'))!;
    const labels = /^\s*x-axis \[(.*)\]$/.exec(xAxis)![1]!.split(/, (?=")/);
    // The baseline's three runs, then this run.
    expect(labels).toHaveLength(4);
    for (const label of labels) expect(label).toMatch(/^"[\p{L}\p{N} ._/+…-]+"$/u);
    // Each line titled with its scenario (Mermaid's legend), quoted like the labels, and drawn from the highest at this run down.
    const series = lines.filter((l) => l.trimStart().startsWith('line '));
    expect(series).toHaveLength(4);
    for (const line of series) expect(line).toMatch(/^\s*line "[\p{L}\p{N} ._/+…-]+" \[\d+(\.\d+)?(, \d+(\.\d+)?){3}\]$/u);
    const last = series.map((line) => Number(/([\d.]+)\]$/.exec(line)![1]));
    expect(last).toEqual([...last].sort((a, b) => b - a));
    expect(lines.find((l) => l.trimStart().startsWith('y-axis'))).toMatch(/^\s*y-axis "% of baseline" \d+(\.\d+)? --> \d+(\.\d+)?$/);
  });

  it('escapes the context line, and the suite name in the title', () => {
    const input = failInput();
    const out = renderGateMarkdown({ ...input, suite: 'a<b>', context: 'PR #12 by @someone\n[click](https://x.dev)' });
    expect(out.split('\n')[0]).toBe('### perf-gate: a&lt;b&gt;');
    expect(out).toContain('PR \\#\u200b12 by @\u200bsomeone\\\n\\[click\\]\\(https:\u200b//x.dev\\)');
    // A context line cannot start a list, a quote or a heading underline.
    const lines = renderGateMarkdown({ ...input, context: 'head\n1. one\n- two\n> three\n===' });
    expect(lines).toContain('head\\\n1\\. one\\\n\\- two\\\n&gt; three\\\n\\===\n');
  });
});

describe('renderGateMarkdown: a mix', () => {
  it("gives each member of a mix the share of the mix's requests it got, beside the share its weight asked for", () => {
    const input = passInput();
    const renamed: Record<string, { name: string; step: { of: string; name: string }; share: number }> = {
      products: { name: 'reads/product', step: { of: 'reads', name: 'product' }, share: 0.8 },
      search: { name: 'reads/page', step: { of: 'reads', name: 'page' }, share: 0.2 },
    };
    const current = {
      ...input.current,
      scenarios: input.current.scenarios.map((s) => (renamed[s.name] === undefined ? s : { ...s, ...renamed[s.name] })),
    };
    const gate = { ...input.gate, scenarios: input.gate.scenarios.map((s) => ({ ...s, name: renamed[s.name]?.name ?? s.name })) };
    const requests = (name: string) => current.scenarios.find((s) => s.name === name)!.rounds.reduce((sum, r) => sum + r.requests, 0);
    const got = requests('reads/product') / (requests('reads/product') + requests('reads/page'));
    const markdown = renderGateMarkdown({ ...input, current, gate });
    expect(markdown).toMatch(new RegExp(`^#### .+ reads/product · ${formatPercent(got)} of the mix's requests \\(weight 80%\\)$`, 'm'));
    expect(markdown).toMatch(new RegExp(`^#### .+ reads/page · ${formatPercent(1 - got)} of the mix's requests \\(weight 20%\\)$`, 'm'));
    expect(markdown).toMatch(/^#### .+ home$/m);
  });
});

describe('renderGateMarkdown: purity', () => {
  it('neither mutates its input nor depends on anything but it', () => {
    const input = deepFreeze(failInput());
    const first = renderGateMarkdown(input);
    expect(renderGateMarkdown(input)).toBe(first);
    expect(renderGateMarkdown(failInput())).toBe(first);
  });
});

describe('renderGateMarkdown: verdict lines', () => {
  const verdictLine = (markdown: string): string => markdown.split('\n\n').find((p) => /^(❌|✅|⚠️|⚪) \*\*/.test(p))!;

  it('says what failed, passed, could not be decided, or why there is nothing to compare', () => {
    expect(verdictLine(renderGateMarkdown(failInput()))).toBe(
      '❌ **Fail**: 1 regression (p95 +18.2 % on search), 1 budget exceeded (search p95 312 ms > 300 ms), 1 of 4 scenarios could not be judged (it could catch only p95 ≥ +14.0 %)',
    );
    expect(verdictLine(renderGateMarkdown(passInput()))).toBe(
      '✅ **Pass**: no regression beyond the thresholds · 3 scenarios, 6 blocking metrics · 1 improvement',
    );
    // Never a plain "Pass" while a blocking metric is undecided: the line says what the run could not see.
    expect(verdictLine(renderGateMarkdown(inconclusiveInput()))).toBe(
      '✅ **No regression found** · ⚠️ 1 of 2 scenarios could not be judged (it could catch only p95 ≥ +14.0 %): search p95 +12.0 % (-1.2 … +25.2 %); it passes with this warning',
    );
    const strict = inconclusiveInput();
    strict.gate = { ...strict.gate, failOn: 'inconclusive', failed: true };
    expect(verdictLine(renderGateMarkdown(strict))).toBe(
      '❌ **Fail**: 1 of 2 scenarios could not be judged (it could catch only p95 ≥ +14.0 %): search p95 +12.0 % (-1.2 … +25.2 %); a run that cannot decide fails this check (fail_on: inconclusive)',
    );
    expect(verdictLine(renderGateMarkdown(neutralInput()))).toContain(
      '`perf-gate record --results results.json --baseline baselines/shop.json`',
    );
  });
});

describe('renderGateMarkdown: the order a reviewer reads', () => {
  it('puts under the verdict only what needs attention, one row each: regressions, exceeded budgets, undecided, missing; the rest closed', () => {
    const markdown = renderGateMarkdown(failInput());
    const [attention] = tables(markdown);
    expect(attention!.slice(2).map((row) => cells(row).map((cell) => cell.trim()))).toEqual([
      ['🔴 search', 'p95', '264 → 312 ms', '+18.2 % (+11.0 … +25.9 %)', ''],
      ['🔴 search', 'p95 budget', '312 ms > 300 ms', '', ''],
      ['🟡 products', 'p95', '1.04 → 1.17 ms', '+12.0 % (-1.5 … +26.0 %)', '+14.0 %'],
      ['➖ legacy', '', 'not measured in this run', '', ''],
    ]);
    // The verdict, the rows, the warnings, then nothing but closed sections.
    const at = (text: string) => markdown.indexOf(text);
    expect(at('❌ **Fail**')).toBeLessThan(at('| 🔴 search'));
    expect(at('| ➖ legacy')).toBeLessThan(at('- ⚠️ This run had 2 CPUs'));
    expect(at('- ⚠️ This run had 2 CPUs')).toBeLessThan(at('<details>'));
    const open = markdown.replace(/<details>[\s\S]*?<\/details>/g, '');
    expect(open).not.toContain('| home');
    expect(open).not.toContain('```');
  });

  it('ranks the regressions worst first, and lists several of a scenario on their own rows', async () => {
    const markdown = renderGateMarkdown(await demoFailInput());
    const rows = tables(markdown)[0]!
      .slice(2)
      .map((row) =>
        cells(row)
          .map((cell) => cell.trim())
          .slice(0, 2)
          .join(' '),
      );
    expect(rows).toEqual([
      '🔴 report CPU/req',
      '🔴 checkout/add-to-cart p95',
      '🔴 slow p95',
      '🔴 checkout p95',
      '🟡 checkout/list p95',
      '🟡 checkout/detail p95',
    ]);
  });

  it('shows no figure for an error rate neither side had, and keeps the one a side had', async () => {
    // The demo: no request failed on either side, in any scenario.
    const demo = renderGateMarkdown(await demoFailInput());
    expect(demo).not.toContain('0.00 pp');
    expect(demo).not.toMatch(/error rate \+1(\.\d+)? pp/);
    expect(demo).not.toMatch(/^\| \*\*error rate\*\* /m);
    expect(demo).toContain('An error rate neither side had is left out.');
    // The hand-made failure: search had errors, the others none.
    const fail = renderGateMarkdown(failInput());
    expect(fail).toMatch(
      /^\| search +\| 🔴 regression, over budget +\| +\+18\.2 % \(\+11\.0 … \+25\.9 %\) \| \+0\.40 pp \(\+0\.10 … \+0\.70 pp\) \| p95 \+14\.0 %, error rate \+1\.5 pp \|$/m,
    );
    expect(fail).toMatch(/^\| home +\| ⚪ unchanged +\| +\+4\.1 % \(\+1\.2 … \+7\.0 %\) \| +\| +p95 \+14\.0 % \|$/m);
    expect(fail).not.toContain('0.00 pp');
  });
});

describe('renderGateMarkdown: size budget', () => {
  const regressed = [17, 250, 399];
  const input = largeInput(400, regressed, [3, 120, 398]);
  const cutNote = (markdown: string) => markdown.trimEnd().split('\n').at(-1)!;

  it('fits 400 scenarios in 65 000 characters, keeping the verdict and every row that needs attention', () => {
    const markdown = renderGateMarkdown(input);
    expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT.max);
    expect(markdown).toContain('❌ **Fail**: 3 regressions (p95 +25.0 % on endpoint-017');
    for (const i of [...regressed, 3, 120, 398])
      expect(markdown).toMatch(new RegExp(`^\\| 🔴|🟡 endpoint-${String(i).padStart(3, '0')}`, 'm'));
    expect(cutNote(markdown)).toMatch(/^_Cut to fit 65,536 characters: the per-round figures; each scenario's metric table/);
  });

  it('cuts the per-round figures first (summarised, then gone), then the metric tables, the chart, the summary of every scenario, the environment and method', () => {
    const full = renderGateMarkdown(failInput(), { limit: { max: 1_000_000, unit: 'characters' } });
    expect(full).not.toContain('_Cut to fit');
    // Each limit a character short of the last report: the cuts it took, in the order it took them.
    const stages = new Map<string, string>();
    for (let markdown = full; markdown.includes('<details>');) {
      markdown = renderGateMarkdown(failInput(), { limit: { max: markdown.length - 1, unit: 'characters' } });
      stages.set(/^_Cut to fit [\d,]+ characters: (.*)\. The JSON/.exec(cutNote(markdown))![1]!, markdown);
    }
    const cuts = [
      'the per-round figures',
      "each scenario's metric table",
      'the chart',
      'the summary of every scenario',
      'the environment and the method',
    ];
    expect([...stages.keys()]).toEqual([
      'per-round figures (summarised per scenario)',
      ...cuts.map((_, i) => cuts.slice(0, i + 1).join('; ')),
    ]);
    const at = (i: number) => [...stages.values()][i]!;
    expect(at(0)).toContain('<summary>Rounds (summary)</summary>');
    expect(at(1)).not.toContain('<summary>Rounds');
    expect(at(1)).toContain('#### ');
    expect(at(2)).not.toContain('#### ');
    expect(at(2)).toMatch(/^\| home +\| ⚪ unchanged/m);
    expect(at(2)).toContain('```text');
    expect(at(3)).not.toContain('```');
    expect(at(4)).not.toMatch(/^\| home +\|/m);
    expect(at(4)).toContain('<summary>Method</summary>');
    expect(at(5)).not.toContain('<details>');
    // What needs attention is all still there.
    for (const row of [
      /^\| 🔴 search +\| p95 +\|/m,
      /^\| 🔴 search +\| p95 budget +\|/m,
      /^\| 🟡 products +\| p95 +\|/m,
      /^\| ➖ legacy +\| +\| not measured in this run \|/m,
    ])
      expect(at(5)).toMatch(row);
  });

  it('keeps every regression, one row each, when nothing else fits', () => {
    const all = Array.from({ length: 400 }, (_, i) => i);
    const markdown = renderGateMarkdown(largeInput(400, all, []));
    expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT.max);
    for (const i of all) expect(markdown).toContain(`| 🔴 endpoint-${String(i).padStart(3, '0')}-with`);
    expect(markdown).toMatch(
      /^\| 🔴 endpoint-399-with-a-fairly-long-descriptive-name \| p95 +\| +1\.04 → 1\.30 ms \| \+25\.0 % \(\+15\.0 … \+35\.0 %\) \|$/m,
    );
    expect(cutNote(markdown)).toMatch(/; the summary of every scenario\. /);
  });

  it('leaves out the rows that need attention from the end, undecided before any regression, when even they do not fit', () => {
    const input = largeInput(
      60,
      [58, 59],
      Array.from({ length: 58 }, (_, i) => i),
    );
    const markdown = renderGateMarkdown(input, { limit: { max: 4_000, unit: 'characters' } });
    expect(markdown.length).toBeLessThanOrEqual(4_000);
    expect(markdown).toContain('| 🔴 endpoint-058');
    expect(markdown).toContain('| 🔴 endpoint-059');
    expect(markdown).toContain('| 🟡 endpoint-000');
    expect(markdown).not.toContain('| 🟡 endpoint-057');
    expect(cutNote(markdown)).toMatch(/; the last \d+ rows of what needs attention \(every regression stays\)\. The JSON/);
  });

  it('fits a limit in UTF-8 bytes (a check run summary) by shedding detail, never by a blind cut', () => {
    const all = Array.from({ length: 250 }, (_, i) => i);
    const characters = renderGateMarkdown(largeInput(250, all, []), { limit: COMMENT_LIMIT });
    // Every row carries an emoji and "…", "→": the same report is longer in bytes than in characters.
    expect(Buffer.byteLength(characters)).toBeGreaterThan(CHECK_SUMMARY_LIMIT.max);
    expect(cutNote(characters)).not.toContain('the chart');
    const bytes = renderGateMarkdown(largeInput(250, all, []), { limit: CHECK_SUMMARY_LIMIT });
    expect(Buffer.byteLength(bytes)).toBeLessThanOrEqual(CHECK_SUMMARY_LIMIT.max);
    expect(cutNote(bytes)).toMatch(/^_Cut to fit 65,535 bytes: .*; the chart\. The JSON output has every figure\._$/);
    expect(bytes).not.toMatch(/<details>(?![\s\S]*<\/details>)/);
    for (const i of all) expect(bytes).toContain(`endpoint-${String(i).padStart(3, '0')}-with`);
  });

  it('never cuts the verdict line, however small the budget', () => {
    const tiny = renderGateMarkdown(input, { limit: { max: 500, unit: 'characters' } });
    expect(tiny.startsWith('### perf-gate: big\n\n❌ **Fail**: 3 regressions')).toBe(true);
    expect(tiny).toContain('_Cut to fit 500 characters');
  });
});

describe('the trend chart', () => {
  it('shows the blocking percentiles over the baseline runs with this run last, in % of the baseline', () => {
    const markdown = renderGateMarkdown(failInput());
    expect(markdown).toContain("**p95 trend**, in % of each scenario's baseline median");
    expect(markdown).toMatch(/x-axis \["1a2b3c4", "2b3c4d5", "3c4d5e6", "this run"\]/);
    // Only blocking metrics trend: p50 and p99 inform in this fixture.
    expect(markdown).not.toContain('**p50 trend**');
  });

  it('names each line beyond its colour: a title (Mermaid 11 draws the legend from it), and in the caption its figure at this run, from the highest down', () => {
    const markdown = renderGateMarkdown(failInput());
    const caption = /\*\*p95 trend\*\*.* · lines, from the highest at this run: (.*)\n/.exec(markdown)![1]!;
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(markdown)![1]!;
    const series = block.split('\n').filter((l) => l.trimStart().startsWith('line '));
    const lastOf = (line: string) => Number(/([\d.]+)\]$/.exec(line)![1]);
    expect(series.length).toBeGreaterThan(1);
    expect([...caption.matchAll(/ ([\d.]+) %(?:, |$)/g)].map((m) => Number(m[1]))).toEqual(series.map(lastOf));
    expect(caption.split(', ').map((item) => /^(vermilion|blue|bluish green|reddish purple) /.exec(item)?.[1])).toEqual(
      ['vermilion', 'blue', 'bluish green', 'reddish purple'].slice(0, series.length),
    );
    expect(series[0]).toContain('line "search" [');
  });

  it('needs at least two baseline runs, and a stored baseline', () => {
    const one = failInput();
    expect(renderGateMarkdown({ ...one, baseline: one.baseline.slice(0, 1) })).not.toContain('trend**');
    const input = failInput();
    const interleaved = { ...input, gate: { ...input.gate, method: { ...input.gate.method, mode: 'interleaved' as const } } };
    expect(renderGateMarkdown(interleaved)).not.toContain('trend**');
  });
});

/** The change chart's plot lines: label, plot area, figures. */
function forest(markdown: string): string[] {
  const block = /<summary>Change against the threshold[^\n]*\n\nRight is worse[^\n]*\n\n```text\n([\s\S]*?)\n```/.exec(markdown)?.[1];
  expect(block).toBeDefined();
  return block!.split('\n');
}

describe('the change chart', () => {
  it('puts each blocking metric on one line, its estimate on the side of no change its sign says, inside its interval', () => {
    const [scale, ...rows] = forest(renderGateMarkdown(failInput()));
    expect(rows).toHaveLength(4);
    const zero = scale!.search(/(?<= )0(?= |$)/);
    expect(zero).toBeGreaterThan(0);
    for (const row of rows) {
      const change = Number(/ ([+-]\d+\.\d) % /.exec(row)![1]);
      const dot = row.indexOf('●');
      expect(Math.sign(dot - zero), row).toBe(Math.sign(change));
      expect(row.lastIndexOf('├', dot) < dot || row.includes('◄')).toBe(true);
      expect(row.indexOf('┤', dot) > dot || row.includes('►')).toBe(true);
    }
    // The regression's interval lies right of its threshold; the inconclusive one crosses it.
    const search = rows.find((r) => r.startsWith('search p95'))!;
    expect(search.indexOf('┆')).toBeLessThan(search.indexOf('├'));
    expect(rows.find((r) => r.startsWith('products p95'))).toMatch(/├┼─+┼─●/);
    // A hostile name in a code block: safe characters only, aligned with the others.
    expect(rows[3]).toMatch(/^_\/details__script_alert_1__… p95 +├/);
    // Every plot area is as wide: the figures after it start in one column.
    expect(new Set(rows.map((r) => r.search(/ {2}[+-]\d+\.\d % /))).size).toBe(1);
    // The change alone follows the plot (its interval is the line): a line fits an 800-pixel comment.
    for (const row of rows) expect(row).toMatch(/ [+-]\d+\.\d % (🔴|🟡|🟢|⚪)$/);
    expect(Math.max(...rows.map((r) => [...r].length))).toBeLessThan(100);
  });

  it('stays one line a metric up to 30, then keeps the regressed and undecided first', () => {
    expect(forest(renderGateMarkdown(largeInput(1, [0], [])))).toHaveLength(2);
    expect(forest(renderGateMarkdown(largeInput(30, [4], [7])))).toHaveLength(31);
    const big = renderGateMarkdown(largeInput(40, [35], [39]), { limit: { max: 1_000_000, unit: 'characters' } });
    const rows = forest(big).slice(1);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatch(/^endpoint-035.* 🔴$/);
    expect(rows[1]).toMatch(/^endpoint-039.* 🟡$/);
    expect(big).toContain('30 of 40 (the regressed and undecided first)');
  });
});
