import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaselineFile } from '../../src/files/baseline-file.js';
import { judged, type Judged } from '../../src/pipeline/judged.js';
import { appendRun } from '../../src/result/baseline.js';
import type { RunResult } from '../../src/result/result.js';
import { JudgmentSchema } from '../../src/result/verdict.js';
import { checkAnnotations, checkConclusion } from '../../src/report/check-run.js';
import { checkRunTitle } from '../../src/report/check-run-title.js';
import { escapeHtml } from '../../src/report/html.js';
import { renderGateMarkdown } from '../../src/report/gate-markdown.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { summaryCells, summaryColumns } from '../../src/report/gate-summary.js';
import { attentionRows } from '../../src/report/gate-attention.js';
import { judgeRun, type JudgeReference } from '../../src/stats/judge-run.js';
import { runCli } from '../helpers/cli.js';
import { closed, scenario, suite } from '../helpers/scenarios.js';
import { failInput, passInput } from './fixtures.js';

/**
 * One judgment, rendered everywhere: the same stored-baseline run and the same A/B run, judged
 * once, through every output (the PR comment and job summary, the check run's title, conclusion
 * and annotations, the JSON a results file carries and --json prints, the HTML page made at the
 * time and the one made later from the files, the CLI's verdict line and exit code). Every word
 * and number the outputs share must be the same, and nothing rendered later judges again.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-one-judgment-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Case {
  name: string;
  current: RunResult;
  reference: JudgeReference;
  /** The file a later page is drawn beside, as a user would give it. */
  beside: () => Promise<string>;
}

/** A case: the run, what it is judged against, and the file a later page is drawn beside (`contents` written as `file`). */
function caseOf(name: string, current: RunResult, reference: JudgeReference, file: string, contents: () => unknown): Case {
  return {
    name,
    current,
    reference,
    // The folder is made before the tests run, after the cases are.
    beside: async () => {
      const path = join(dir, file);
      await writeFile(path, JSON.stringify(contents()));
      return path;
    },
  };
}

const stored = (): Case => {
  const { current, baseline } = failInput();
  // The baseline file as `record` keeps it: the runs appended one by one.
  const kept = () => {
    let file = appendRun(undefined, baseline[0]!).baseline;
    for (const run of baseline.slice(1)) file = appendRun(file, run).baseline;
    return file;
  };
  return caseOf(
    'a stored-baseline run',
    current,
    { mode: 'stored-baseline', runs: baseline, records: { history: [] } },
    'baseline.json',
    kept,
  );
};

const interleaved = (): Case => {
  const { current, baseline } = passInput();
  return caseOf('an A/B run', current, { mode: 'interleaved', base: baseline[0]! }, 'results.base.json', () => baseline[0]);
};

/** The text a cell reads as on a page: HTML-escaped, its verdict symbol drawn as a coloured dot before the words. */
const onPage = (cell: string) => escapeHtml(cell).replace(/^(🔴|🟡|🟢|⚪|🟠|🆕|➖)/u, '●');
/** A page's text as it reads: its markup (the phrases a cell is laid out in) left out, a no-break space a space. */
const pageText = (html: string) => html.replace(/<[^>]*>/g, '').replace(/\u00a0/g, ' ');

describe.each([stored, interleaved])('one judgment, rendered everywhere', (make) => {
  const c = make();
  const label = c.reference.mode === 'interleaved' ? 'the base deployment, measured alongside' : 'baseline.json';
  const shopSuite = suite(c.current.scenarios.map((s) => scenario(s.name, closed(10, 1000))));
  const gate = judgeRun({ suite: undefined, current: c.current, reference: c.reference });
  const verdict: Judged = judged(gate, c.current, c.reference, label, 'PR #12');

  it(`${c.name}: the comment, the check run and the page say the same verdict, scenario by scenario`, () => {
    const markdown = renderGateMarkdown(verdict.report);
    const html = renderHtmlReport({ ...verdict.report, budgets: gate.budgets });
    const title = checkRunTitle(gate);
    // The headline: the check run's title is the page's verdict line, and the comment's line says the same counts.
    expect(html).toContain(escapeHtml(title));
    for (const count of [gate.counts.regressions, gate.counts.undecided]) if (count > 0) expect(title).toContain(String(count));
    // Every scenario's row, cell for cell, in the comment and on the page.
    const columns = summaryColumns(gate.scenarios);
    for (const scenario of gate.scenarios) {
      const cells = summaryCells(
        scenario,
        gate.budgets.some((b) => b.scenario === scenario.name && !b.passed),
        columns,
      );
      for (const cell of cells.filter((text) => text !== '')) {
        expect(markdown, `${scenario.name}: ${cell}`).toContain(cell);
        expect(pageText(html), `${scenario.name}: ${cell}`).toContain(onPage(cell));
      }
    }
    // The check's conclusion and its annotations follow the same verdict.
    expect(checkConclusion(gate)).toBe(gate.failed ? 'failure' : gate.verdict === 'pass' ? 'success' : 'neutral');
    const said = (name: string) => {
      const verdict = gate.scenarios.find((s) => s.name === name)?.verdict;
      if (verdict === 'regression' || gate.budgets.some((b) => b.scenario === name && !b.passed)) return [`perf-gate: ${name} regressed`];
      return verdict === 'inconclusive' ? [`perf-gate: ${name} could not be judged`] : [];
    };
    expect(checkAnnotations('perf-gate.yml', shopSuite, gate).map((a) => a.title)).toEqual(
      shopSuite.scenarios.flatMap((s) => said(s.name)),
    );
    // An undecided run that the suite makes fail: every output says it fails.
    if (gate.verdict === 'inconclusive' || gate.counts.undecided > 0) {
      const strict = judgeRun({ suite: undefined, current: c.current, reference: c.reference, failOn: 'inconclusive' });
      expect(strict.failed).toBe(true);
      expect(checkConclusion(strict)).toBe('failure');
      expect(
        checkAnnotations('perf-gate.yml', shopSuite, strict)
          .filter((a) => a.title.endsWith('could not be judged'))
          .every((a) => a.level === 'failure'),
      ).toBe(true);
    }
  });

  it(`${c.name}: the verdict a results file carries reads back as the same object, and renders the same comment`, () => {
    const read = JudgmentSchema.parse(JSON.parse(JSON.stringify(verdict.judgment)));
    expect(read).toEqual(verdict.judgment);
    expect(renderGateMarkdown({ ...verdict.report, gate: read.gate })).toBe(renderGateMarkdown(verdict.report));
  });

  it(`${c.name}: a page made later from the files is the page made at the time, never a second judgment`, async () => {
    const results = join(dir, `${c.reference.mode}.results.json`);
    await writeFile(results, JSON.stringify({ ...c.current, judgment: verdict.judgment }));
    const beside = await c.beside();
    const page = join(dir, `${c.reference.mode}.html`);
    const { code, stderr } = await runCli(['report', '--html', page, results, beside]);
    expect(stderr).toBe(`perf-gate: wrote ${page}\n`);
    expect(code).toBe(0);
    const { context: _context, ...report } = verdict.report;
    const atTheTime = renderHtmlReport({ ...report, budgets: gate.budgets, stress: [] });
    expect(await readFile(page, 'utf8')).toBe(atTheTime);
    // Without the file beside it, the page still says the run's verdict, as it was.
    const alone = join(dir, `${c.reference.mode}.alone.html`);
    expect((await runCli(['report', '--html', alone, results])).code).toBe(0);
    const text = await readFile(alone, 'utf8');
    expect(text).toContain(escapeHtml(checkRunTitle(gate)));
    // A file that holds other runs is not what the run was judged against: refused, not re-judged.
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ ...c.current, startedAt: '2020-01-01T00:00:00.000Z', judgment: undefined }));
    const refused = await runCli(['report', '--html', join(dir, 'x.html'), results, other]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds none of the runs .* was judged against/);
  });
});

describe('the CLI says the verdict the outputs say', () => {
  it('compare: the --json judgment, the Markdown report, the last line and the exit code of one judgment', async () => {
    const c = stored();
    const baseline = await c.beside();
    const results = join(dir, 'compare.results.json');
    await writeFile(results, JSON.stringify(c.current));
    const markdown = join(dir, 'compare.md');
    const json = await runCli(['compare', baseline, results, '--json']);
    const text = await runCli(['compare', baseline, results, '--markdown', markdown]);
    const judgment = JudgmentSchema.parse(JSON.parse(json.stdout));
    const kept = await readBaselineFile(baseline);
    const reference: JudgeReference = { mode: 'stored-baseline', runs: kept.runs, records: kept };
    expect(judgment.gate).toEqual(judgeRun({ suite: undefined, current: c.current, reference }));
    const last = text.stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('perf-gate: ') && !line.includes('written'))
      .at(-1);
    expect(last).toBe(`perf-gate: ${judgment.gate.verdict}: ${checkRunTitle(judgment.gate)}`);
    expect(await readFile(markdown, 'utf8')).toBe(renderGateMarkdown(judged(judgment.gate, c.current, reference, baseline).report));
    // The terminal's report: the comment's rows that need attention, each on a line with the same figures.
    const rows = attentionRows(judgment.gate);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(text.stdout).toMatch(
        new RegExp(
          `^  ${[`${row.symbol} ${row.scenario}`, row.metric, row.levels, row.change]
            .filter((cell) => cell !== '')
            .map(escapeRegExp)
            .join(' +')}`,
          'm',
        ),
      );
    for (const row of rows) expect(await readFile(markdown, 'utf8')).toContain(`| ${row.symbol} ${row.scenario}`);
    expect(json.code).toBe(judgment.gate.failed ? (judgment.gate.verdict === 'fail' ? 1 : 4) : 0);
    expect(text.code).toBe(json.code);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
