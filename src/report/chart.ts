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
  kind: 'quantile' | 'round' | 'second';
  /** Quantile positions, round numbers, seconds. */
  values: number[];
  /** What hovering each point names: "p99.9", "round 3". */
  names: string[];
  /** Fixed ticks (the quantiles'); otherwise uPlot's. */
  ticks?: { at: number; label: string }[];
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
}

/**
 * Every line the pages draw, by what it shows: one table, so that a figure looks the same on every
 * chart (this run vermilion and solid, what it is compared with blue or its own colour, dashed),
 * and no two lines of a chart differ by colour alone (their dash, width or marks differ too).
 */
export const LOOKS = {
  thisRun: { colour: 'vermilion', dash: 'solid', width: 2 },
  reference: { colour: 'blue', dash: 'dashed', width: 2 },
  p50: { colour: 'bluishGreen', dash: 'dotted', width: 2 },
  p95: { colour: 'vermilion', dash: 'solid', width: 2 },
  p99: { colour: 'reddishPurple', dash: 'dashDot', width: 1.5 },
  p50Reference: { colour: 'bluishGreen', dash: 'dashed', width: 1.5 },
  p95Reference: { colour: 'vermilion', dash: 'dashed', width: 2 },
  p99Reference: { colour: 'reddishPurple', dash: 'dashed', width: 1 },
  target: { colour: 'black', dash: 'dotted', width: 1.5 },
  achieved: { colour: 'blue', dash: 'solid', width: 2 },
  stageP95: { colour: 'vermilion', dash: 'dashed', width: 2 },
} as const satisfies Record<string, Look>;

export type LookName = keyof typeof LOOKS;

export interface Series {
  label: string;
  /** Index into the chart's axes. */
  axis: number;
  /** The figure at each x, null where there is none. */
  values: (number | null)[];
  look: LookName;
}

export interface Chart {
  id: string;
  /** Key into the page's x axes. */
  x: string;
  axes: YAxis[];
  series: Series[];
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
export function keep(value: number): number {
  return Number(value.toPrecision(4));
}

/** A figure of a page: its caption over the charts it stacks. */
export interface Figure {
  caption: string;
  /** Spans the page's width (a timeline). */
  wide?: true;
  charts: Chart[];
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
  var SVG = 'http://www.w3.org/2000/svg';
  // What the legend calls a point of each x axis, and the axis' title.
  var X_NAME = { quantile: 'quantile', round: 'round', second: 'second' };
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
    var scale = { time: false };
    var axis = { label: X_TITLE[x.kind] };
    if (x.ticks) {
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
    return line;
  }

  // The legend's marker as the line is drawn: its colour, its dash and width, so it names the line without colour too.
  function swatch(look) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', '26'); svg.setAttribute('height', '12'); svg.setAttribute('aria-hidden', 'true');
    var colour = STYLE.colour[look.colour];
    var shape = document.createElementNS(SVG, 'line');
    shape.setAttribute('x1', '0'); shape.setAttribute('x2', '26'); shape.setAttribute('y1', '6'); shape.setAttribute('y2', '6');
    shape.setAttribute('stroke', colour); shape.setAttribute('stroke-width', String(Math.max(look.width, 1.5)));
    shape.setAttribute('stroke-dasharray', STYLE.dash[look.dash].join(' '));
    svg.appendChild(shape);
    return svg;
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
    var series = [{ label: X_NAME[x.kind], value: function (u, v, s, idx) { return idx == null ? '' : x.names[idx]; } }];
    chart.series.forEach(function (s) { series.push(lineOf(s, chart.axes)); });
    var opts = {
      width: el.clientWidth, height: HEIGHT, scales: scales, axes: axes, series: series,
      hooks: {
        // At rest a legend names its lines; hovering adds their values (never "--").
        setLegend: [function (u) { u.root.classList.toggle('at-rest', u.legend.idx == null); }],
        draw: chart.mark ? [function (u) { markAt(u, chart.mark); }] : []
      }
    };
    var data = [x.values].concat(chart.series.map(function (s) { return s.values; }));
    var u = new uPlot(opts, data, el);
    u.root.querySelectorAll('.u-legend .u-series').forEach(function (row, i) {
      var marker = row.querySelector('.u-marker');
      if (i === 0 || !marker) return;
      marker.removeAttribute('style');
      marker.className = 'swatch';
      marker.appendChild(swatch(page.looks[chart.series[i - 1].look]));
    });
    new ResizeObserver(function () {
      if (el.clientWidth > 0 && el.clientWidth !== u.width) u.setSize({ width: el.clientWidth, height: HEIGHT });
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

  page.charts.forEach(draw);
  document.body.dataset.charts = String(document.querySelectorAll('.uplot').length);
})();
`;
