/**
 * Prometheus' text exposition format (0.0.4, and the OpenMetrics text that extends it), read for
 * the few samples perf-gate needs. Every line is checked; a line that does not parse is reported
 * with its number and skipped, so one odd series of an exporter does not hide the others.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedExposition {
  samples: Sample[];
  /** The first line that did not parse, as "line N: why". */
  problem?: string;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parseExposition(text: string): ParsedExposition {
  const samples: Sample[] = [];
  let problem: string | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const parsed = sampleLine(line.trimStart());
    if ('problem' in parsed) problem ??= `line ${index + 1}: ${parsed.problem}`;
    else samples.push(parsed);
  });
  return problem === undefined ? { samples } : { samples, problem };
}

function sampleLine(line: string): Sample | { problem: string } {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) return { problem: 'expected a metric name' };
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const read = labelSet(rest.slice(1), labels);
    if (typeof read !== 'number') return read;
    rest = rest.slice(1 + read);
  }
  // The value, then an optional timestamp, then (OpenMetrics) an optional exemplar after " # ".
  const fields = rest
    .split(' # ')[0]!
    .trim()
    .split(/[ \t]+/);
  if (fields[0] === '' || fields.length > 2) return { problem: `expected "${name} <value> [timestamp]"` };
  const value = numberOf(fields[0]!);
  if (value === undefined) return { problem: `${name}: "${fields[0]}" is not a number` };
  return { name, labels, value };
}

/** Reads `name="value",…}` into `labels`; returns how many characters it took, or why it could not. */
function labelSet(text: string, labels: Record<string, string>): number | { problem: string } {
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '}') return i + 1;
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (name === undefined) return { problem: 'expected a label name or }' };
    i += name.length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=' || text[i + 1] !== '"') return { problem: `expected ="…" after the label ${name}` };
    i += 2;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return { problem: `the value of the label ${name} is not closed` };
      i++;
      if (c === '"') break;
      if (c !== '\\') {
        value += c;
        continue;
      }
      const escaped = text[i++];
      value += escaped === 'n' ? '\n' : (escaped ?? '');
    }
    labels[name] = value;
    while (text[i] === ' ') i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') return { problem: 'expected , or } after a label' };
  }
}

function numberOf(text: string): number | undefined {
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** The sum of a metric's series (a process exports one; a cluster's aggregator one per worker). */
export function metricTotal(samples: readonly Sample[], name: string): number | undefined {
  const series = samples.filter((sample) => sample.name === name);
  if (series.length === 0) return undefined;
  return series.reduce((sum, sample) => sum + sample.value, 0);
}
