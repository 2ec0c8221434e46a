import { inflateSync } from 'node:zlib';
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

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

const COMPRESSED_COOKIE_BASE = 0x1c849304;
/** A V2 HdrHistogram's header, before its counts. */
const HEADER_BYTES = 40;
/** No histogram perf-gate writes inflates to more than a few KiB; a zlib bomb stops here. */
const MAX_INFLATED_BYTES = 4 * 2 ** 20;
/** The decoder allocates counts for lowest..highest at the given digits: bounds that keep it to a few MiB. */
const MAX_SIGNIFICANT_DIGITS = 5;
const MAX_LOWEST_VALUE = 2 ** 32;

/**
 * Decodes a compressed HdrHistogram from an untrusted file. The header is checked before the
 * library sees it (the library would allocate whatever counts array the header asks for, and
 * throws untyped errors on bad zlib data), so a hostile file costs at most a few MiB and ends
 * in an Error whose message says what is wrong.
 */
export function decodeUntrustedHistogram(encoded: string, bitBucketSize: 32 | 'packed' = 32): Histogram {
  const data = Buffer.from(encoded, 'base64');
  if (data.length < 8 || (data.readInt32BE(0) & ~0xf0) !== COMPRESSED_COOKIE_BASE)
    throw new Error('not a compressed HdrHistogram (bad cookie)');
  const length = data.readInt32BE(4);
  if (length <= 0 || length > data.length - 8) throw new Error(`its compressed length (${length}) does not fit its ${data.length} bytes`);
  let header: Buffer;
  try {
    header = inflateSync(data.subarray(8, 8 + length), { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    throw new Error(`its zlib data does not inflate (${(error as Error).message})`);
  }
  if (header.length < HEADER_BYTES) throw new Error('its header is cut short');
  const digits = header.readInt32BE(12);
  const lowest = header.readBigInt64BE(16);
  const highest = header.readBigInt64BE(24);
  if (digits < 1 || digits > MAX_SIGNIFICANT_DIGITS)
    throw new Error(`${digits} significant digits (expected 1 to ${MAX_SIGNIFICANT_DIGITS})`);
  if (lowest < 1n || lowest > BigInt(MAX_LOWEST_VALUE)) throw new Error(`a lowest trackable value of ${lowest}`);
  if (highest < 2n * lowest || highest > BigInt(Number.MAX_SAFE_INTEGER))
    throw new Error(`a highest trackable value of ${highest} (lowest ${lowest})`);
  const { countsArrayLength } = build({
    bitBucketSize,
    lowestDiscernibleValue: Number(lowest),
    highestTrackableValue: Number(highest),
    numberOfSignificantValueDigits: digits as 1 | 2 | 3 | 4 | 5,
    useWebAssembly: false,
  }) as Histogram & { countsArrayLength: number };
  checkCounts(header, countsArrayLength);
  let histogram: Histogram;
  try {
    histogram = decodeFromCompressedBase64(encoded, bitBucketSize, false);
  } catch (error) {
    throw new Error(`its counts do not decode (${(error as Error).message})`);
  }
  if (!Number.isSafeInteger(histogram.totalCount) || histogram.totalCount < 0)
    throw new Error(`its counts add up to ${histogram.totalCount}`);
  return histogram;
}

/**
 * Walks the counts as the library reads them (ZigZag LEB128 numbers: a count, or minus a run of
 * zero counts) and refuses a payload that claims more bytes than follow the header, or whose
 * counts and zero runs reach past the counts array its header sizes. The library trusts both: it
 * reads past the end as zeros and steps through a zero run one index at a time, so a 45-byte
 * value could keep it busy for hours, deaf to signals. Bounded by the inflated size (4 MiB).
 */
function checkCounts(header: Buffer, countsArrayLength: number): void {
  const declared = header.readInt32BE(4);
  const end = HEADER_BYTES + declared;
  if (declared < 0 || end > header.length)
    throw new Error(`its counts claim ${declared} bytes, but ${header.length - HEADER_BYTES} follow its header`);
  let index = 0;
  let at = HEADER_BYTES;
  while (at < end) {
    let value = 0;
    // Up to 9 bytes of 7 bits, as the library's decoder reads them (it ignores a 9th byte's continuation bit).
    for (let byte = 0; ; byte++) {
      if (at >= end) throw new Error('its counts end inside a number');
      const next = header[at++]!;
      value += (next & 0x7f) * 2 ** (7 * byte);
      if ((next & 0x80) === 0 || byte === 8) break;
    }
    index += value % 2 === 0 ? 1 : (value + 1) / 2;
    if (index > countsArrayLength) throw new Error(`its counts reach index ${index}, past the ${countsArrayLength} its value range holds`);
  }
}
