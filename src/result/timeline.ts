import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { TimelineBucket } from './result.js';

/** One second of a staged round, by when its requests were due. */
const BUCKET_MS = 1000;

/**
 * Per-second figures of a round with a ramping rate, bucketed by each request's intended start
 * (so a bucket is the load the schedule asked for in that second, however late its responses
 * came): what a stress run needs to say at which rate the target broke. Buckets use packed
 * 2-digit histograms, a few KiB each, so a long ramp stays small.
 */
export class Timeline {
  private readonly buckets = new Map<number, { histogram: Histogram; requests: number; errors: number }>();

  constructor(private readonly rateAt: (offsetMs: number) => number) {}

  record(offsetMs: number, latencyUs: number | undefined, failed: boolean): void {
    const index = Math.floor(offsetMs / BUCKET_MS);
    let bucket = this.buckets.get(index);
    if (bucket === undefined) {
      bucket = { histogram: bucketHistogram(), requests: 0, errors: 0 };
      this.buckets.set(index, bucket);
    }
    bucket.requests += 1;
    if (failed) bucket.errors += 1;
    if (latencyUs !== undefined) bucket.histogram.recordValue(Math.max(1, latencyUs));
  }

  toJSON(): TimelineBucket[] {
    return [...this.buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, bucket]) => toBucket(index * BUCKET_MS, this.rateAt((index + 0.5) * BUCKET_MS), bucket));
  }
}

function bucketHistogram(): Histogram {
  return build({ bitBucketSize: 'packed', numberOfSignificantValueDigits: 2 });
}

function toBucket(atMs: number, targetRps: number, bucket: { histogram: Histogram; requests: number; errors: number }): TimelineBucket {
  return {
    atMs,
    targetRps: Math.round(targetRps * 1000) / 1000,
    requests: bucket.requests,
    errors: bucket.errors,
    p95Ms: bucket.histogram.totalCount === 0 ? 0 : Math.round(bucket.histogram.getValueAtPercentile(95)) / 1000,
    histogram: encodeIntoCompressedBase64(bucket.histogram),
  };
}

/**
 * The timelines of a round measured in parts (shards, worker threads), second by second: counts
 * and target rates add up, and each second's histograms are added, so its p95 is exact.
 */
export function mergeTimelines(parts: TimelineBucket[][]): TimelineBucket[] {
  const seconds = new Map<number, { targetRps: number; requests: number; errors: number; histogram: Histogram }>();
  for (const bucket of parts.flat()) {
    const second = seconds.get(bucket.atMs) ?? { targetRps: 0, requests: 0, errors: 0, histogram: bucketHistogram() };
    second.targetRps += bucket.targetRps;
    second.requests += bucket.requests;
    second.errors += bucket.errors;
    second.histogram.add(decodeFromCompressedBase64(bucket.histogram, 'packed'));
    seconds.set(bucket.atMs, second);
  }
  return [...seconds.entries()].sort(([a], [b]) => a - b).map(([atMs, second]) => toBucket(atMs, second.targetRps, second));
}
