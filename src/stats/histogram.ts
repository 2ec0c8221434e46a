import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

/**
 * Latencies are recorded in integer microseconds with 3 significant digits (0.1 % resolution),
 * the HdrHistogram convention, so that rounds and shards merge exactly and memory stays flat
 * however long the run.
 */
export type LatencyHistogram = Histogram;

const ONE_HOUR_US = 3_600_000_000;

export function createLatencyHistogram(): LatencyHistogram {
  return build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: ONE_HOUR_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** HdrHistogram's standard compressed base64 form ("HISTFAAA…"), readable by every HdrHistogram port. */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** Throws on anything that is not a compressed HdrHistogram. */
export function decodeHistogram(encoded: string): LatencyHistogram {
  return decodeFromCompressedBase64(encoded, 32, false);
}

export function mergeHistograms(histograms: Iterable<LatencyHistogram>): LatencyHistogram {
  const merged = createLatencyHistogram();
  for (const histogram of histograms) merged.add(histogram);
  return merged;
}

/**
 * Latency percentiles in milliseconds, rounded to the microsecond they were recorded in.
 * Every figure, min and max included, is read from the buckets (HDR precision), so a histogram
 * decoded from a result file gives back exactly the figures stored beside it.
 */
export interface LatencySummary {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  min: number;
  mean: number;
}

const usToMs = (us: number): number => Math.round(us) / 1000;

export function summarizeLatency(histogram: LatencyHistogram): LatencySummary {
  if (histogram.totalCount === 0) {
    return { p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, min: 0, mean: 0 };
  }
  return {
    p50: usToMs(histogram.getValueAtPercentile(50)),
    p90: usToMs(histogram.getValueAtPercentile(90)),
    p95: usToMs(histogram.getValueAtPercentile(95)),
    p99: usToMs(histogram.getValueAtPercentile(99)),
    p999: usToMs(histogram.getValueAtPercentile(99.9)),
    max: usToMs(histogram.getValueAtPercentile(100)),
    min: usToMs(histogram.getValueAtPercentile(0)),
    mean: usToMs(histogram.mean),
  };
}
