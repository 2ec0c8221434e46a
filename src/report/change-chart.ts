import type { MetricComparison, ScenarioComparison } from '../result/verdict.js';
import { METRIC_LABEL } from '../result/metrics.js';
import { monospaceText } from './escape.js';
import { INTERVAL_LABEL, formatChange, formatInterval } from './gate-facts.js';
import { SYMBOL } from './gate-summary.js';

/** Rows beyond this many are left out (the regressed and undecided first): past it, a chart is a list. */
export const FOREST_MAX_ROWS = 30;

/** Columns of the plot area: wide enough to tell 5 % steps apart, narrow enough for a phone. */
const WIDTH = 41;
/** The axis is never wider than this either way: a +900 % change shows as an arrow past the edge. */
const LIMITS = [-0.5, 1] as const;
const STEPS = [0.02, 0.05, 0.1, 0.2, 0.25, 0.5];

export interface Row {
  label: string;
  verdict: MetricComparison['verdict'];
  /** Toward "worse" is positive: a drop in req/s plots right, as a rise in latency does. */
  low: number;
  estimate: number;
  high: number;
  threshold: number;
  /** The change and its interval, as the tables give them. */
  figures: string;
  /** The change alone: the text chart's figure, its interval drawn beside it. */
  change: string;
  symbol: string;
}

/**
 * Each scenario's change against its threshold, with its interval: a forest plot in monospace
 * text, one line per blocking metric (error rate, in percentage points, is in the tables). Worse
 * is to the right for every metric; │ is no change, ┆ the threshold, ├─●─┤ the interval and its
 * estimate, ◄ ► an interval past the axis. Text, not a Mermaid chart: xychart draws neither
 * intervals nor a readable axis for 30 categories, and a code block renders the same on every
 * GitHub surface (comment, job summary, check run, e-mail). A line holds a name of at most 28
 * characters, its metric, the plot and the change, under 100 characters: an 800-pixel comment shows it whole.
 * The legend line and the block; the caller gives it its heading. Null when no metric can be drawn.
 */
export function changeChart(scenarios: ScenarioComparison[]): string | null {
  const forest = forestRows(scenarios);
  if (forest === null) return null;
  const { rows, total, lo, hi, step } = forest;
  const at = (x: number) => Math.round(((Math.min(Math.max(x, lo), hi) - lo) / (hi - lo)) * (WIDTH - 1));
  const labelWidth = Math.max(...rows.map((r) => r.label.length));

  const ticks = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step);
  const scale = Array.from({ length: WIDTH }, () => ' ');
  for (const tick of ticks) {
    const text = tickLabel(tick);
    const start = Math.min(Math.max(at(tick) - Math.floor(text.length / 2), 0), WIDTH - text.length);
    if (scale.slice(Math.max(start - 1, 0), start + text.length + 1).every((c) => c === ' ')) scale.splice(start, text.length, ...text);
  }
  const lines = [`${' '.repeat(labelWidth)}  ${scale.join('').trimEnd()}`];
  for (const r of rows) {
    const cells = Array.from({ length: WIDTH }, () => ' ');
    const [from, to] = [at(r.low), at(r.high)];
    for (let i = from; i <= to; i++) cells[i] = '─';
    for (const mark of [at(0), at(r.threshold)]) cells[mark] = mark > from && mark < to ? '┼' : mark === at(0) ? '│' : '┆';
    cells[from] = r.low < lo ? '◄' : '├';
    cells[to] = r.high > hi ? '►' : '┤';
    cells[at(r.estimate)] = '●';
    // The change alone: its interval is the line drawn beside it, and figures for both would cut the chart on a narrow comment.
    lines.push(`${r.label.padEnd(labelWidth)}  ${cells.join('')}  ${r.change} ${r.symbol}`);
  }
  return [
    `Right is worse: │ no change, ┆ the threshold, ├─●─┤ the ${INTERVAL_LABEL} interval and its estimate${cutNote(rows.length, total)}.`,
    '',
    '```text',
    ...lines,
    '```',
  ].join('\n');
}

/** The rows of the change chart and its axis, shared by the text chart and the HTML report's. */
export interface Forest {
  rows: Row[];
  /** Rows there were before the cut to FOREST_MAX_ROWS. */
  total: number;
  lo: number;
  hi: number;
  step: number;
}

/**
 * Each blocking metric's change as a row (the regressed and undecided first past FOREST_MAX_ROWS), and the axis; null when there is none.
 */
export function forestRows(scenarios: ScenarioComparison[]): Forest | null {
  const all = scenarios.flatMap((scenario) =>
    scenario.status !== 'compared'
      ? []
      : scenario.metrics.filter((m) => m.blocking && m.metric !== 'errorRate').map((m) => row(scenario.name, m)),
  );
  if (all.length === 0) return null;
  const urgent = (r: Row) => r.verdict === 'regression' || r.verdict === 'inconclusive';
  const rows = all.length <= FOREST_MAX_ROWS ? all : [...all.filter(urgent), ...all.filter((r) => !urgent(r))].slice(0, FOREST_MAX_ROWS);
  const [lo, hi, step] = axis(rows);
  return { rows, total: all.length, lo, hi, step };
}

export function tickLabel(tick: number): string {
  return Math.abs(tick) < 1e-9 ? '0' : `${tick > 0 ? '+' : ''}${Math.round(tick * 100)}%`;
}

export function cutNote(shown: number, total: number): string {
  return shown < total ? ` · ${shown} of ${total} (the regressed and undecided first)` : '';
}

function row(scenario: string, m: MetricComparison): Row {
  const worse = m.higherIsWorse ? 1 : -1;
  const [a, b] = [m.interval[0] * worse, m.interval[1] * worse];
  const label = `${monospaceText(scenario, 28)} ${m.higherIsWorse ? METRIC_LABEL[m.metric] : `${METRIC_LABEL[m.metric]} drop`}`;
  return {
    label,
    verdict: m.verdict,
    low: Math.min(a, b),
    estimate: m.change * worse,
    high: Math.max(a, b),
    threshold: m.threshold,
    figures: `${formatChange(m)} (${formatInterval(m)})`,
    change: formatChange(m),
    symbol: SYMBOL[m.verdict],
  };
}

/**
 * The axis: from below the smallest low (at most -50 %) to past the largest high and twice the threshold (at most +100 %), on whole steps.
 */
function axis(rows: Row[]): [number, number, number] {
  const wanted = [Math.min(0, ...rows.map((r) => r.low)), Math.max(...rows.map((r) => Math.max(r.high, 2 * r.threshold)))];
  const [from, to] = [Math.max(wanted[0]!, LIMITS[0]), Math.min(wanted[1]!, LIMITS[1])];
  // At most 5 steps on the axis (6 labels of up to 5 characters, ~8 columns apart), so they never touch.
  const ends = (s: number) => [Math.floor(from / s - 1e-9) * s, Math.ceil(to / s - 1e-9) * s] as const;
  const step = STEPS.find((s) => Math.round((ends(s)[1] - ends(s)[0]) / s) <= 5) ?? STEPS.at(-1)!;
  return [...ends(step), step];
}
