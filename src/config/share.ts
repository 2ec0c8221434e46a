/**
 * A part of a suite's load when it is split over shards (`--shard i/n`, the action's shard
 * input), worker threads (`--workers n`), or both. One rule splits everything: the whole's items
 * (a rate's arrivals, connections, iteration numbers and so unique data rows) are numbered 0, 1,
 * 2 … and dealt round-robin, share k of n taking those numbered k, k + n, k + 2n …
 *
 * So the shares add up to the whole exactly for any n, with no remainder thrown away (a rate
 * below n leaves a share some rounds without a request rather than every share with none). And
 * the shares of a rate, each taking its turns of the one evenly spaced stream, merge into that
 * stream, where shares that each started their own stream at the same instant would send n
 * requests at once, then none.
 */
export interface Share {
  /** 0-based: this share takes the items numbered index, index + count, … */
  index: number;
  count: number;
}

/** The load unsplit. */
export const WHOLE: Share = { index: 0, count: 1 };

/**
 * Share `inner` of share `outer` (worker threads of a shard) as a share of the whole: the m-th
 * item of `outer` is the whole's item outer.index + m·outer.count, and `inner` takes every
 * inner.count-th of those from its own index.
 */
export function subShare(outer: Share, inner: Share): Share {
  return { index: outer.index + outer.count * inner.index, count: outer.count * inner.count };
}

/**
 * Where this share's first item lies among items numbered from `from` on, as an offset
 * (0 … count − 1). A phase that continues a numbering (`from` items dealt before it) takes up the
 * turns where the last phase left them, so no share gets the odd item of every phase.
 */
export function shareStart(share: Share, from = 0): number {
  return (((share.index - from) % share.count) + share.count) % share.count;
}

/** How many of `total` items, numbered from `from` on, are this share's. */
export function shareOf(total: number, share: Share, from = 0): number {
  const start = shareStart(share, from);
  return start < total ? Math.floor((total - 1 - start) / share.count) + 1 : 0;
}

/**
 * This share's connections: its deal of the closed model's workers; of the open model's most in
 * flight, at least one, since a share with arrivals to send needs a connection to send them on.
 */
export function shareConnections(load: { model: 'open' | 'closed'; connections: number }, share: Share): number {
  const dealt = shareOf(load.connections, share);
  return load.model === 'open' ? Math.max(1, dealt) : dealt;
}
