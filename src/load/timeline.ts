import { build, type Histogram } from 'hdr-histogram-js';
import type { TimelineBucket } from '../baseline/result.js';

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
      bucket = { histogram: build({ bitBucketSize: 'packed', numberOfSignificantValueDigits: 2 }), requests: 0, errors: 0 };
      this.buckets.set(index, bucket);
    }
    bucket.requests += 1;
    if (failed) bucket.errors += 1;
    if (latencyUs !== undefined) bucket.histogram.recordValue(Math.max(1, latencyUs));
  }

  toJSON(): TimelineBucket[] {
    return [...this.buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, bucket]) => ({
        atMs: index * BUCKET_MS,
        targetRps: Math.round(this.rateAt((index + 0.5) * BUCKET_MS) * 1000) / 1000,
        requests: bucket.requests,
        errors: bucket.errors,
        p95Ms: bucket.histogram.totalCount === 0 ? 0 : Math.round(bucket.histogram.getValueAtPercentile(95)) / 1000,
      }));
  }
}
