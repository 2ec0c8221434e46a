/**
 * Unit syntax shared by the suite file and the command line. Parsers return `undefined` for
 * anything they do not accept so each caller can word its own error for its own context.
 */

// A unit is required: a bare number is ambiguous (seconds? milliseconds?) and a wrong guess
// would silently run a test 1000 times too long or too short.
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const MS_PER_UNIT = { ms: 1, s: 1000, m: 60_000 } as const;

// The bare form exists for command-line flags; in the suite file a bare number is a YAML number.
const RATE = /^(\d+(?:\.\d+)?)(?:\/(s|m))?$/;
const PERCENTAGE = /^(\d+(?:\.\d+)?)%$/;

// Sizes of memory: SI (kB, MB, GB: powers of 1000) or binary (KiB, MiB, GiB: powers of 1024).
const SIZE = /^(\d+(?:\.\d+)?) ?(B|kB|KB|MB|GB|KiB|MiB|GiB)$/;
const BYTES_PER_UNIT = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 } as const;
const GROWTH = /^(.+)\/(s|min|h)$/;
const MINUTES_PER_UNIT = { s: 1 / 60, min: 1, h: 60 } as const;

/** For the JSON Schema, so editors flag what the parsers would refuse. */
export const DURATION_PATTERN = DURATION.source;
export const SIZE_PATTERN = SIZE.source;
export const GROWTH_PATTERN = `^${SIZE.source.slice(1, -1)}/(s|min|h)$`;
export const RATE_PATTERN = RATE.source;
export const PERCENTAGE_PATTERN = PERCENTAGE.source;

/** `500ms`, `2s`, `1.5s`, `1m` → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const msPerUnit = MS_PER_UNIT[match[2] as keyof typeof MS_PER_UNIT];
  // Rounded to the microsecond so "1.1s" is 1100, not 1100.0000000000002.
  return Math.round(Number(match[1]) * msPerUnit * 1000) / 1000;
}

/** Milliseconds → the shortest readable form that parseDuration reads back (3 significant digits). */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  // Round before choosing the unit, so 999.7 becomes "1s" rather than "1000ms".
  const rounded = Number(ms.toPrecision(3));
  return rounded < 1000 ? `${rounded}ms` : `${Number((rounded / 1000).toPrecision(3))}s`;
}

/** `200`, `200/s`, `12000/m` → requests per second; undefined unless above 0. */
export function parseRate(text: string): number | undefined {
  const match = RATE.exec(text);
  if (!match) return undefined;
  const perSecond = match[2] === 'm' ? Number(match[1]) / 60 : Number(match[1]);
  return perSecond > 0 ? perSecond : undefined;
}

/** `1%`, `0.5%` → fraction; undefined above `max` (100% unless a relative change may exceed it). */
export function parsePercentage(text: string, max = 1): number | undefined {
  const match = PERCENTAGE.exec(text);
  if (!match) return undefined;
  const fraction = Number(match[1]) / 100;
  return fraction <= max ? fraction : undefined;
}

/** `512MB`, `4 GB`, `1.5GiB` → bytes. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * BYTES_PER_UNIT[match[2] as keyof typeof BYTES_PER_UNIT]);
}

/** `1MB/min`, `50 MiB/h` → bytes per minute. */
export function parseGrowth(text: string): number | undefined {
  const match = GROWTH.exec(text);
  const bytes = match === null ? undefined : parseSize(match[1]!);
  if (bytes === undefined) return undefined;
  return bytes / MINUTES_PER_UNIT[match![2] as keyof typeof MINUTES_PER_UNIT];
}

/** Bytes in the largest unit that keeps a number ≥ 1 (MB = 10⁶ bytes); `signed` shows a + before growth. */
export function formatBytes(bytes: number, signed = false): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const sign = bytes < 0 ? '-' : signed && bytes > 0 ? '+' : '';
  return `${sign}${value.toFixed(digits)} ${units[unit]}`;
}

/**
 * Past this many percent a figure says no more than "over a hundredfold", and toFixed would
 * print "3e+260" (a baseline near 0, or a crafted results file): every percentage prints as
 * "> +10,000 %" beyond it.
 */
const PERCENT_LIMIT = 10_000;

/**
 * A figure as every output prints it: `show(value)` followed by `unit` within ±`limit`; beyond it
 * (infinity included) the bound, "> +10,000 %" (`sign` before a positive bound where figures are
 * signed); NaN, which no figure stands for, "n/a".
 */
export function boundedFigure(
  value: number,
  show: (value: number) => string,
  { limit = PERCENT_LIMIT, unit = '', sign = '' } = {},
): string {
  if (Number.isNaN(value)) return 'n/a';
  if (value > limit) return `> ${sign}${limit.toLocaleString('en-US')}${unit}`;
  if (value < -limit) return `< -${limit.toLocaleString('en-US')}${unit}`;
  return `${show(value)}${unit}`;
}

/**
 * A fraction as a signed percentage with `digits` decimals, bounded as boundedFigure: 0.182 →
 * "+18.2 %", -0.031 → "-3.1 %", 0.0001 → "0.0 %" (no sign when it rounds to zero), 3e258 →
 * "> +10,000 %". `unit` ' pp' for a change of a fraction, '' for the ends of an interval.
 */
export function formatSignedPercent(fraction: number, digits: number, unit = ' %'): string {
  const show = (percent: number) => {
    const fixed = Math.abs(percent).toFixed(digits);
    return Number(fixed) === 0 ? fixed : `${percent > 0 ? '+' : '-'}${fixed}`;
  };
  return boundedFigure(fraction * 100, show, { sign: '+', unit });
}
