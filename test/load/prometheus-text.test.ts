import { describe, expect, it } from 'vitest';
import { metricTotal, parseExposition } from '../../src/load/prometheus-text.js';

// As prom-client 15 writes its default metrics (abridged), with a labelled series and an odd line.
const PROM_CLIENT = `# HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.
# TYPE process_cpu_user_seconds_total counter
process_cpu_user_seconds_total 0.265339

# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 0.312617
# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 50028544
nodejs_heap_space_size_total_bytes{space="read_only"} 0
nodejs_heap_space_size_total_bytes{space="new"} 1048576
http_request_duration_seconds_bucket{le="+Inf",route="/a \\"quoted\\", b\\\\c\\nd"} 3 1712345678901
`;

describe('parseExposition', () => {
  it('reads samples with their labels, escapes, timestamps and special values', () => {
    const { samples, problem } = parseExposition(PROM_CLIENT);
    expect(problem).toBeUndefined();
    expect(metricTotal(samples, 'process_cpu_seconds_total')).toBe(0.312617);
    expect(metricTotal(samples, 'process_resident_memory_bytes')).toBe(50028544);
    expect(samples.find((s) => s.name === 'http_request_duration_seconds_bucket')).toEqual({
      name: 'http_request_duration_seconds_bucket',
      labels: { le: '+Inf', route: '/a "quoted", b\\c\nd' },
      value: 3,
    });
    const special = parseExposition('a NaN\nb +Inf\nc -Inf\nd 1.5e3\ne -0.25\r\n').samples.map((s) => s.value);
    expect(special).toEqual([NaN, Infinity, -Infinity, 1500, -0.25]);
  });

  it('sums a metric over its series, and knows a metric that is not there', () => {
    const { samples } = parseExposition('process_cpu_seconds_total{worker="1"} 1.5\nprocess_cpu_seconds_total{worker="2"} 2.25\n');
    expect(metricTotal(samples, 'process_cpu_seconds_total')).toBe(3.75);
    expect(metricTotal(samples, 'process_resident_memory_bytes')).toBeUndefined();
  });

  it('reads OpenMetrics text: exemplars after the value, # EOF', () => {
    const { samples, problem } = parseExposition('# TYPE a counter\na_total{x="1"} 7 # {trace_id="abc"} 1.0 1712345678\n# EOF\n');
    expect(problem).toBeUndefined();
    expect(samples).toEqual([{ name: 'a_total', labels: { x: '1' }, value: 7 }]);
  });

  it('names the first line that does not parse, and keeps the others', () => {
    const cases: [string, string][] = [
      ['<html>oops</html>', 'line 1: expected a metric name'],
      ['ok 1\nbad{x="1" 2', 'line 2: expected , or } after a label'],
      ['bad{x=1} 2', 'line 1: expected ="…" after the label x'],
      ['bad{x="1} 2', 'line 1: the value of the label x is not closed'],
      ['bad twelve', 'line 1: bad: "twelve" is not a number'],
      ['bad 1 2 3', 'line 1: expected "bad <value> [timestamp]"'],
      ['bad', 'line 1: expected "bad <value> [timestamp]"'],
    ];
    for (const [text, problem] of cases) expect(parseExposition(text).problem, text).toBe(problem);
    expect(parseExposition('ok 1\nbad twelve\nfine 2').samples.map((s) => s.name)).toEqual(['ok', 'fine']);
  });
});
