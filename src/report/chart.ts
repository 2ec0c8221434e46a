import { COLOUR, DASH, type ColourName, type DashName } from './palette.js';

/**
 * A chart of the HTML pages (the run's report and the trend dashboard) as data, and the one
 * script that draws any of them with uPlot. The pages compute every figure, range and name here,
 * on the server side; the script only draws, formats a hovered value by its unit, and sizes
 * each chart to its box.
 */

/** The unit of an axis: how its hovered values print (the rules of format.ts). */
export type Unit = 'ms' | 'req/s' | '%' | 'MB';

/** An x axis, shared by the charts that draw over it (the quantiles, a scenario's rounds, a suite's runs). */
export interface XAxis {
  kind: 'quantile' | 'round' | 'second' | 'time';
  /** Quantile positions, round numbers, seconds, or for time, seconds since the epoch. */
  values: number[];
  /**
   * What hovering each point names: "p99.9", "round 3"; for time, the script names the run by its start and its commit ("2026-10-31 14:02
   * UTC · abc1234").
   */
  names?: string[];
  /** Fixed ticks (the quantiles'); otherwise uPlot's. */
  ticks?: { at: number; label: string }[];
  /** Time: each run's commit; with `url`, a click on a run opens its commit there (`url` followed by the sha). */
  commits?: { url?: string; shas: (string | null)[] };
}

export interface YAxis {
  /** The axis title, its unit included: "ms", "req/s". */
  label: string;
  unit: Unit;
  side: 'left' | 'right';
  log?: true;
  /** Where the axis starts (0 for a ratio scale), and, when the data's meaning fixes it, where it ends. */
  min?: number;
  max?: number;
}

export interface Look {
  colour: ColourName;
  dash: DashName;
  width: number;
  /** Marks alone, no line (runs that left the band). */
  marks?: true;
  /** An edge of a band: a faint line, the area between the two edges filled. */
  edge?: true;
}

/** The latency quantiles' own lines. */
const QUANTILE_LOOKS = {
  p50: { colour: 'bluishGreen', dash: 'dotted', width: 2 },
  p95: { colour: 'vermilion', dash: 'solid', width: 2 },
  p99: { colour: 'reddishPurple', dash: 'dashDot', width: 1.5 },
} as const satisfies Record<string, Look>;

/** What a quantile is compared with: the quantile's own colour and width, dashed. */
function dashedAs(look: Look): Look {
  return { ...look, dash: 'dashed' };
}

/**
 * Every line the pages draw, by what it shows: one table, so that a figure looks the same on every
 * chart (this run vermilion and solid, what it is compared with blue or its own colour, dashed),
 * and no two lines of a chart differ by colour alone (their dash, width or marks differ too).
 */
export const LOOKS = {
  thisRun: { colour: 'vermilion', dash: 'solid', width: 2 },
  reference: { colour: 'blue', dash: 'dashed', width: 2 },
  ...QUANTILE_LOOKS,
  p50Reference: dashedAs(QUANTILE_LOOKS.p50),
  p95Reference: dashedAs(QUANTILE_LOOKS.p95),
  p99Reference: dashedAs(QUANTILE_LOOKS.p99),
  target: { colour: 'black', dash: 'dotted', width: 1.5 },
  achieved: { colour: 'blue', dash: 'solid', width: 2 },
  stageP95: { colour: 'vermilion', dash: 'dashed', width: 2 },
  rps: { colour: 'blue', dash: 'dashed', width: 1.5 },
  bandEdge: { colour: 'skyBlue', dash: 'solid', width: 1, edge: true },
  leftBand: { colour: 'vermilion', dash: 'solid', width: 0, marks: true },
} as const satisfies Record<string, Look>;

export type LookName = keyof typeof LOOKS;

/**
 * Figures as whole numbers of one power of ten: no "0." nor decimal point, the page's longest arrays (a dashboard's 200 runs) a seventh
 * shorter.
 */
export interface Packed {
  exponent: number;
  ints: (number | null)[];
}

export interface Series {
  label: string;
  /** Index into the chart's axes. */
  axis: number;
  /**
   * The figure at each x, null where there is none; packed; or for a few marks among many points, the points' indices and their figures.
   */
  values: (number | null)[] | Packed | { at: number[]; values: number[] };
  look: LookName;
}

export interface Chart {
  id: string;
  /** Key into the page's x axes. */
  x: string;
  /** Height in px; 240 unless given. */
  height?: number;
  /** Charts of one key share the cursor (a trend's latency and its req/s, stacked). */
  sync?: string;
  axes: YAxis[];
  series: Series[];
  /** Two series (indices) whose area between is filled: the upper edge, then the lower. */
  band?: [number, number];
  /** A vertical line at an x value, labelled (the breaking point). */
  mark?: { at: number; label: string };
}

/** The page's data block: the x axes, the charts, and the looks they name. */
export interface ChartData {
  x: Record<string, XAxis>;
  charts: Chart[];
  looks: typeof LOOKS;
}

export function chartData(x: Record<string, XAxis>, charts: Chart[]): ChartData {
  return { x, charts, looks: LOOKS };
}

/** A figure as the charts keep it: 4 significant digits (more than a chart or its legend shows), a page a third the size. */
export function keep(value: number, digits = 4): number {
  return Number(value.toPrecision(digits));
}

/** A figure of a page: its caption over the charts it stacks. */
export interface Figure {
  caption: string;
  /** Spans the page's width (a timeline). */
  wide?: true;
  charts: Chart[];
}

/** Figures packed to `digits` significant digits of the smallest (the larger keep more). */
export function pack(values: (number | null)[], digits: number): Packed {
  const smallest = Math.min(...values.filter((v): v is number => v !== null && v > 0));
  const exponent = Number.isFinite(smallest) ? Math.floor(Math.log10(smallest)) - (digits - 1) : 0;
  return { exponent, ints: values.map((v) => (v === null ? null : Math.round(v / 10 ** exponent))) };
}

/** A figure's markup: the boxes its charts are drawn in. */
export function figureHtml(figure: Figure, escape: (text: string) => string): string {
  const boxes = figure.charts.map((chart) => `<div class="chart" id="${escape(chart.id)}"></div>`).join('');
  return `<figure${figure.wide ? ' class="wide"' : ''}><figcaption>${escape(figure.caption)}</figcaption>${boxes}</figure>`;
}

/** The colours and dash patterns the script reads, by name. */
const STYLE = JSON.stringify({ colour: COLOUR, dash: DASH });

/** Draws every chart of the page's data block; sets body[data-charts] to the count when done. */
export const CHART_SCRIPT = `
(function () {
  var page = JSON.parse(document.getElementById('perf-gate-data').textContent);
  var STYLE = ${STYLE};
  var HEIGHT = 240;
  var MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var SVG = 'http://www.w3.org/2000/svg';
  // What the legend calls a point of each x axis, and the axis' title (dates need none).
  var X_NAME = { quantile: 'quantile', round: 'round', second: 'second', time: 'run' };
  var X_TITLE = { quantile: 'quantile', round: 'round', second: 'seconds' };

  function fixed(v, digits) { return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }); }
  function beyond(limit, unit) { return '> ' + limit.toLocaleString('en-US') + unit; }
  // The reports' rules (src/report/format.ts): about three significant figures, the unit, and past a bound only "more than".
  var FORMAT = {
    ms: function (v) {
      if (v >= 1e4) return v / 1000 > 1e6 ? beyond(1e6, ' s') : fixed(v / 1000, 1) + ' s';
      return v >= 1000 ? fixed(v / 1000, 2) + ' s' : fixed(v, v >= 100 ? 0 : v >= 10 ? 1 : 2) + ' ms';
    },
    'req/s': function (v) { return v > 1e9 ? beyond(1e9, ' req/s') : fixed(v, v >= 100 ? 0 : 1) + ' req/s'; },
    '%': function (v) { return v > 1e4 ? beyond(1e4, '%') : String(Number(v.toFixed(v >= 10 ? 1 : v >= 0.1 ? 2 : 3))) + '%'; },
    MB: function (v) { return v > 1e9 ? beyond(1e9, ' MB') : fixed(v, v >= 100 ? 0 : v >= 10 ? 1 : 2) + ' MB'; }
  };

  // uPlot gives an axis 50 px whatever its labels ("10000" was cut): the widest label it will draw, measured, decides.
  function axisSize(u, values, i) {
    var axis = u.axes[i];
    if (values == null) return 50;
    u.ctx.font = axis.font[0];
    var widest = values.reduce(function (w, v) { return v ? Math.max(w, u.ctx.measureText(v).width) : w; }, 0);
    return Math.ceil(axis.ticks.size + axis.gap + widest / uPlot.pxRatio) + 2;
  }

  function yRange(axis) {
    return function (u, min, max) {
      if (axis.min != null && axis.max != null) return [axis.min, axis.max];
      var low = axis.min != null ? axis.min : min == null ? 0 : min;
      var high = max == null ? low + 1 : Math.max(max, low);
      return [low, uPlot.rangeNum(low, high, 0.1, true)[1]];
    };
  }

  function xOptions(x) {
    var scale = { time: x.kind === 'time' };
    var axis = { label: X_TITLE[x.kind] };
    if (x.kind === 'time') {
      // In UTC, as the page names each run: "Oct 2" a tick, and the hour where ticks are hours apart.
      axis.space = 70;
      axis.values = function (u, splits, ai, space, incr) {
        return splits.map(function (v) {
          var d = new Date(v * 1000);
          var day = MONTH[d.getUTCMonth()] + ' ' + d.getUTCDate();
          return incr >= 86400 ? day : day + ' ' + d.toISOString().slice(11, 16);
        });
      };
    } else if (x.ticks) {
      axis.splits = function () { return x.ticks.map(function (t) { return t.at; }); };
      axis.values = function () { return x.ticks.map(function (t) { return t.label; }); };
    } else if (x.kind === 'round') {
      axis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500];
    }
    return { scale: scale, axis: axis };
  }

  function lineOf(s, axes) {
    var look = page.looks[s.look], colour = STYLE.colour[look.colour];
    var format = FORMAT[axes[s.axis].unit];
    var line = {
      label: s.label, scale: 'y' + s.axis, stroke: colour, width: look.width, dash: STYLE.dash[look.dash],
      value: function (u, v) { return v == null ? '' : format(v); }
    };
    if (look.marks) {
      line.paths = function () { return null; };
      line.points = { show: true, size: 9, fill: colour, stroke: colour };
    }
    if (look.edge) line.points = { show: false };
    return line;
  }

  // The legend's marker as the line is drawn: its colour, its dash and width, or its mark, so it names the line without colour too.
  function swatch(look) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', '26'); svg.setAttribute('height', '12'); svg.setAttribute('aria-hidden', 'true');
    var colour = STYLE.colour[look.colour];
    var shape;
    if (look.marks) {
      shape = document.createElementNS(SVG, 'circle');
      shape.setAttribute('cx', '13'); shape.setAttribute('cy', '6'); shape.setAttribute('r', '4.5'); shape.setAttribute('fill', colour);
    } else if (look.edge) {
      shape = document.createElementNS(SVG, 'rect');
      shape.setAttribute('x', '1'); shape.setAttribute('y', '1'); shape.setAttribute('width', '24'); shape.setAttribute('height', '10');
      shape.setAttribute('fill', colour); shape.setAttribute('fill-opacity', '0.25');
    } else {
      shape = document.createElementNS(SVG, 'line');
      shape.setAttribute('x1', '0'); shape.setAttribute('x2', '26'); shape.setAttribute('y1', '6'); shape.setAttribute('y2', '6');
      shape.setAttribute('stroke', colour); shape.setAttribute('stroke-width', String(Math.max(look.width, 1.5)));
      shape.setAttribute('stroke-dasharray', STYLE.dash[look.dash].join(' '));
    }
    svg.appendChild(shape);
    return svg;
  }

  function runName(x, idx) {
    var sha = x.commits ? x.commits.shas[idx] : null;
    return new Date(x.values[idx] * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC · ' + (sha ? sha.slice(0, 7) : 'commit unknown');
  }

  function dense(values, n) {
    if (Array.isArray(values)) return values;
    if (values.ints) {
      var e = values.exponent;
      return values.ints.map(function (v) { return v == null ? null : e < 0 ? v / Math.pow(10, -e) : v * Math.pow(10, e); });
    }
    var out = [];
    for (var k = 0; k < n; k++) out.push(null);
    values.at.forEach(function (k, j) { out[k] = values.values[j]; });
    return out;
  }

  function draw(chart) {
    var el = document.getElementById(chart.id);
    var x = page.x[chart.x];
    var xo = xOptions(x);
    var scales = { x: xo.scale };
    var axes = [xo.axis];
    chart.axes.forEach(function (a, i) {
      scales['y' + i] = a.log ? { distr: 3 } : { range: yRange(a) };
      axes.push({ scale: 'y' + i, side: a.side === 'right' ? 1 : 3, label: a.label, size: axisSize, grid: { show: i === 0 } });
    });
    var series = [{ label: X_NAME[x.kind], value: function (u, v, s, idx) { return idx == null ? '' : x.names ? x.names[idx] : runName(x, idx); } }];
    chart.series.forEach(function (s) { series.push(lineOf(s, chart.axes)); });
    var height = chart.height || HEIGHT;
    var opts = {
      width: el.clientWidth, height: height, scales: scales, axes: axes, series: series,
      hooks: {
        // At rest a legend names its lines; hovering adds their values (never "--").
        setLegend: [function (u) { u.root.classList.toggle('at-rest', u.legend.idx == null); }],
        draw: chart.mark ? [function (u) { markAt(u, chart.mark); }] : []
      }
    };
    if (chart.sync) opts.cursor = { sync: { key: chart.sync } };
    if (x.kind === 'time') opts.tzDate = function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); };
    if (chart.band) opts.bands = [{ series: [chart.band[0] + 1, chart.band[1] + 1], fill: 'rgba(86, 180, 233, 0.18)' }];
    var data = [x.values].concat(chart.series.map(function (s) { return dense(s.values, x.values.length); }));
    var u = new uPlot(opts, data, el);
    u.root.querySelectorAll('.u-legend .u-series').forEach(function (row, i) {
      var marker = row.querySelector('.u-marker');
      if (i === 0 || !marker) return;
      marker.removeAttribute('style');
      marker.className = 'swatch';
      marker.appendChild(swatch(page.looks[chart.series[i - 1].look]));
    });
    if (x.commits && x.commits.url) openCommits(u, x.commits);
    new ResizeObserver(function () {
      if (el.clientWidth > 0 && el.clientWidth !== u.width) u.setSize({ width: el.clientWidth, height: height });
    }).observe(el);
    el.chart = u;
  }

  function markAt(u, mark) {
    var x = u.valToPos(mark.at, 'x', true), ctx = u.ctx, top = u.bbox.top;
    ctx.save();
    ctx.strokeStyle = STYLE.colour.vermilion; ctx.setLineDash([5 * uPlot.pxRatio, 5 * uPlot.pxRatio]); ctx.lineWidth = 2 * uPlot.pxRatio;
    ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + u.bbox.height); ctx.stroke();
    ctx.fillStyle = STYLE.colour.vermilion; ctx.font = u.axes[0].font[0]; ctx.textBaseline = 'top';
    // The label on the side of the line that has room for it.
    var room = u.bbox.left + u.bbox.width - x > ctx.measureText(mark.label).width + 12 * uPlot.pxRatio;
    ctx.textAlign = room ? 'left' : 'right';
    ctx.fillText(mark.label, x + (room ? 6 : -6) * uPlot.pxRatio, top + 4 * uPlot.pxRatio);
    ctx.restore();
  }

  // A click on a run opens its commit (a new tab with Ctrl or ⌘); a drag zooms, as uPlot's drags do.
  function openCommits(u, commits) {
    var down = null;
    u.over.style.cursor = 'pointer';
    u.over.addEventListener('mousedown', function (e) { down = [e.clientX, e.clientY]; });
    u.over.addEventListener('click', function (e) {
      var moved = down == null || Math.abs(e.clientX - down[0]) + Math.abs(e.clientY - down[1]) > 4;
      var sha = u.cursor.idx == null ? null : commits.shas[u.cursor.idx];
      if (moved || !sha) return;
      if (e.ctrlKey || e.metaKey) window.open(commits.url + sha, '_blank', 'noopener');
      else window.location.assign(commits.url + sha);
    });
  }

  page.charts.forEach(draw);
  document.body.dataset.charts = String(document.querySelectorAll('.uplot').length);
})();
`;
