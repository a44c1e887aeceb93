/**
 * The one way a latency histogram becomes the Result's {@link LatencySummary}: mean, p50, p90,
 * p99, p99.9, min and max in ms, each `null` when the histogram is empty (a percentile of zero
 * requests has no value). The request sections, replicated writes, database reads and replica
 * lag and the batch queue's waits all report latency through it, so they agree on the fields
 * and their order.
 */
import type { LatencyHistogram } from "../metrics/histogram";
import { finiteOrNull, type LatencySummary } from "./common";

/** Latency figures of a histogram, ms; nulls when it is empty. */
export function latencySummary(h: LatencyHistogram): LatencySummary {
  return {
    mean: finiteOrNull(h.meanMs),
    p50: finiteOrNull(h.quantile(0.5)),
    p90: finiteOrNull(h.quantile(0.9)),
    p99: finiteOrNull(h.quantile(0.99)),
    p999: finiteOrNull(h.quantile(0.999)),
    min: finiteOrNull(h.minMs),
    max: finiteOrNull(h.maxMs),
  };
}
