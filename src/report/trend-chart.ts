import type { RunResult } from '../result/result.js';
import type { MetricComparison, ScenarioComparison } from '../result/verdict.js';
import { clip, escapeText, mermaidLabel } from './escape.js';
import { medianOrZero } from './gate-facts.js';
import { COLOUR, DASH, type ColourName, type DashName } from './palette.js';

const PERCENTILES = ['p50', 'p95', 'p99'] as const;

function find(scenario: ScenarioComparison, metric: MetricComparison['metric']): MetricComparison | undefined {
  return scenario.metrics.find((m) => m.metric === metric);
}

function finite(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** A number as Mermaid reads it: plain decimal (its grammar has no exponent), at most 3 decimals (µs). */
function number(value: number): string {
  const text = String(Number(value.toFixed(3)));
  return /^\d+(\.\d+)?$/.test(text) ? text : '0';
}

/** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at or above x: the top of the y-axis. */
function niceCeiling(x: number): number {
  const value = Math.max(x, 0.01);
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const candidate = Number((step * power).toPrecision(3));
    if (candidate >= value) return candidate;
  }
  return Number((10 * power).toPrecision(3));
}

/** Lines on one trend chart: more would be a tangle without a legend. */
export const TREND_MAX_SCENARIOS = 4;

/**
 * Each line's look, in order: a colour of the palette that stays apart under the common
 * colour-vision deficiencies, and a dash pattern (Mermaid's xychart has none of its own: its
 * stylesheet hook, themeCSS, draws them where the viewer applies it). The lines' names and their
 * order are the cues that need neither: the legend (Mermaid 11 draws one from the lines' titles)
 * and the caption list them from the top at this run down.
 */
const LINES: { colour: ColourName; word: string; dash: DashName }[] = [
  { colour: 'vermilion', word: 'vermilion', dash: 'solid' },
  { colour: 'blue', word: 'blue', dash: 'dashed' },
  { colour: 'bluishGreen', word: 'bluish green', dash: 'dotted' },
  { colour: 'reddishPurple', word: 'reddish purple', dash: 'dashDot' },
];

/** The dash of each line but the first (solid), as CSS for its path (the legend's markers are too short to show one). */
const THEME_CSS = LINES.flatMap(({ dash }, i) =>
  DASH[dash].length === 0 ? [] : [`.line-plot-${i} path { stroke-dasharray: ${DASH[dash].join(' ')} }`],
).join(' ');

/**
 * The trend of each blocking latency metric over the baseline's runs (oldest first), with this
 * run's figure at the end: a Mermaid line chart per metric, one line per scenario (those that
 * regressed first), drawn and named from the highest at this run down. Each line is in percent
 * of its scenario's baseline median, so a 0.3 ms and a 300 ms scenario share the axis and a
 * regression reads the same on both (100 = the baseline). A run's figure is the median of its
 * rounds. Null with fewer than 2 baseline runs.
 */
export function trendChart(scenarios: ScenarioComparison[], baseline: RunResult[], current: RunResult): string | null {
  if (baseline.length < 2) return null;
  const charts: string[] = [];
  for (const metric of PERCENTILES) {
    const shown = scenarios
      .filter((s) => s.status === 'compared' && find(s, metric)?.blocking === true)
      .sort((a, b) => Number(find(b, metric)!.verdict === 'regression') - Number(find(a, metric)!.verdict === 'regression'))
      .slice(0, TREND_MAX_SCENARIOS);
    const series = shown
      .map((s) => {
        const figures = [...baseline, current].map((run) => runFigure(run, s.name, metric));
        const reference = medianOrZero(figures.slice(0, -1).filter((x) => x > 0));
        return { name: s.name, values: reference > 0 ? figures.map((x) => (x / reference) * 100) : [] };
      })
      .filter((line) => line.values.length > 0)
      .sort((a, b) => b.values.at(-1)! - a.values.at(-1)!);
    if (series.length === 0) continue;
    const all = series.flatMap((line) => line.values);
    const bottom = Math.max(0, Math.floor((Math.min(...all) * 0.95) / 10) * 10);
    const top = niceCeiling(Math.max(...all) * 1.05);
    const labels = [...baseline.map((run, i) => mermaidLabel(run.git.sha?.slice(0, 7) ?? `run ${i + 1}`)), '"this run"'];
    const named = series.map(
      (line, i) => `${LINES[i]!.word} ${escapeText(clip(line.name, 24))} ${number(Math.round(line.values.at(-1)! * 10) / 10)} %`,
    );
    charts.push(
      [
        `**${metric} trend**, in % of each scenario's baseline median, over the baseline's ${baseline.length} runs ` +
          `(oldest first), then this run · lines, from the highest at this run: ${named.join(', ')}`,
        '',
        '```mermaid',
        // The default palette's first colour is a pale lavender; the lines' titles make Mermaid 11's legend.
        '---',
        'config:',
        `  themeCSS: "${THEME_CSS}"`,
        '  themeVariables:',
        '    xyChart:',
        `      plotColorPalette: "${LINES.map((line) => COLOUR[line.colour]).join(', ')}"`,
        '---',
        'xychart-beta',
        `  x-axis [${labels.join(', ')}]`,
        `  y-axis "% of baseline" ${number(bottom)} --> ${number(top)}`,
        ...series.map(
          (line) => `  line ${mermaidLabel(line.name)} [${line.values.map((x) => number(Math.round(x * 10) / 10)).join(', ')}]`,
        ),
        '```',
      ].join('\n'),
    );
  }
  return charts.length === 0 ? null : charts.join('\n\n');
}

function runFigure(run: RunResult, scenario: string, metric: (typeof PERCENTILES)[number]): number {
  return finite(medianOrZero((run.scenarios.find((s) => s.name === scenario)?.rounds ?? []).map((r) => r.latencyMs[metric])));
}
