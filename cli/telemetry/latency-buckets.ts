/**
 * The `le` bounds of the exported latency histogram, and how the engine's buckets fold into
 * them exactly.
 *
 * The engine keeps latencies in 2,764 log-spaced buckets (0.5 % wide: engine/metrics/
 * histogram.ts). Prometheus wants a few dozen cumulative `le` buckets. A bound that fell inside
 * an engine bucket would split counts the engine never split, so every `le` here IS an engine
 * bucket's upper bound: the one nearest to 10^(j/10) seconds, ten per decade from 0.1 ms to
 * 100 s (61 bounds; 10^(1/10) = 1.259, so neighbouring bounds are about 26 % apart). The
 * count at `le` is then the exact sum of the engine buckets up to and including that one; the
 * zero and underflow buckets (<= 1 µs) fall under the first bound; the overflow bucket, and
 * anything above 100 s, only under `+Inf`.
 *
 * histogram_quantile interpolates linearly inside the bucket a quantile falls in, so its answer
 * and the engine's lie in the same bucket: they differ by less than that bucket's width, a
 * factor of at most 1.26 (the tolerance the Prometheus test uses).
 */
import type { ReadonlyLatencyHistogram } from "../../engine";

/** Bounds per decade of seconds. */
export const LE_PER_DECADE = 10;
/** The first bound is 10^LE_FIRST_EXPONENT s (0.1 ms). */
export const LE_FIRST_EXPONENT = -4;
/** The last finite bound is 10^LE_LAST_EXPONENT s (100 s); above it, only +Inf. */
export const LE_LAST_EXPONENT = 2;

/** One exported bound: its value in seconds and the last engine bucket index it counts. */
export interface LeBound {
  leSeconds: number;
  lastIndex: number;
}

/**
 * The `le` bounds for a histogram's layout: for each target 10^(j/10) s, the engine bucket
 * whose upper bound is nearest (found among the log buckets by the bucket's own upper bound,
 * so the search uses the engine's arithmetic), in increasing order, without repeats.
 */
export function leBounds(histogram: Pick<ReadonlyLatencyHistogram, "bucketCount" | "upperBoundMs">): LeBound[] {
  const bounds: LeBound[] = [];
  // Log buckets are indexes 2 .. bucketCount - 2 (0 zero, 1 underflow, last overflow).
  const firstLog = 2;
  const lastLog = histogram.bucketCount - 2;
  let index = firstLog;
  for (let j = LE_FIRST_EXPONENT * LE_PER_DECADE; j <= LE_LAST_EXPONENT * LE_PER_DECADE; j++) {
    const targetMs = 1000 * 10 ** (j / LE_PER_DECADE);
    while (index < lastLog && histogram.upperBoundMs(index + 1) <= targetMs) index += 1;
    // index: the last bucket with upper bound <= target (or the first); its neighbour may be nearer.
    const below = histogram.upperBoundMs(index);
    const nearest = index < lastLog && histogram.upperBoundMs(index + 1) / targetMs < targetMs / below ? index + 1 : index;
    if (bounds.length > 0 && bounds[bounds.length - 1]!.lastIndex >= nearest) continue;
    bounds.push({ leSeconds: histogram.upperBoundMs(nearest) / 1000, lastIndex: nearest });
  }
  return bounds;
}

/**
 * The cumulative counts of a histogram at each bound (count of values <= le), plus the total
 * (the `+Inf` bucket) last.
 */
export function cumulativeCounts(histogram: Pick<ReadonlyLatencyHistogram, "count" | "bucketCount" | "bucketCountAt">, bounds: readonly LeBound[]): number[] {
  const counts: number[] = [];
  let cumulative = 0;
  let index = 0;
  for (const bound of bounds) {
    for (; index <= bound.lastIndex; index++) cumulative += histogram.bucketCountAt(index);
    counts.push(cumulative);
  }
  counts.push(histogram.count);
  return counts;
}
