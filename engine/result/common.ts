/**
 * Shapes and helpers shared by several sections of the Result (engine/result/result.ts): the
 * latency figures every section reports, the rule that a missing statistic is `null`, and the
 * writes and write-unavailability windows of replicated services and database clusters. Kept
 * apart so the sections import them without importing result.ts (which imports the sections).
 */

/**
 * Latency statistics, ms, each `null` when nothing was measured: of successful requests in
 * the request sections; of acknowledged writes, served reads, applied replica entries and
 * started batch jobs' queue waits elsewhere. Built by latency-summary.ts. Percentiles come
 * from a log-bucketed histogram (buckets about 1 % wide) and are interpolated inside the bucket
 * that holds the nearest-rank value (rank ceil(p n)), so they are within one bucket of it and
 * vary smoothly between seeds (engine/metrics/histogram.ts); min and max are exact.
 */
export interface LatencySummary {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  min: number | null;
  max: number | null;
}

/**
 * The writes of a replicated service or a database cluster, over the whole run: the same
 * clients (engine/model/replication/replicated-clients.ts) and the same accounting in both.
 * Invariant: inFlightAtEnd = sent - acknowledged - failed.
 */
export interface WritesSummary {
  sent: number;
  acknowledged: number;
  failed: number;
  /** Of the failed: the client gave up waiting (the write may still have been applied). */
  timedOut: number;
  /** Sent but neither acknowledged nor failed when the run ended. */
  inFlightAtEnd: number;
  /** Latency of acknowledged writes, from send to acknowledgement at the client, ms. */
  latencyMs: LatencySummary;
}

/** A period in which the writes one client zone sent all failed. */
export interface UnavailabilityWindow {
  zone: string;
  fromMs: number;
  /** Send time of the first write that succeeded again; null if none did before the end. */
  toMs: number | null;
  writesFailed: number;
}

/** Replaces NaN and infinities by null so JSON never carries them silently. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
