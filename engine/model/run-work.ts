/**
 * How far a run is in work rather than in simulated time: the share of its expected requests
 * that are due by now.
 *
 * A run's cost grows with the requests it simulates, not with its clock. A Black Friday day
 * whose sale spike carries half the day's requests in three hours is not 60 % done at 14:24,
 * when the spike is still ahead: measured in simulated time, the progress bar races through the
 * quiet night and then stalls, and an estimate of the time left made from it is wrong by the
 * size of the spike. The expected requests up to a time are known before the run: the integral
 * of an open workload's rate (its RateProfile), or the count of a trace's timestamps. A closed
 * workload's requests depend on the answers, so its share is the simulated time's; so is that
 * of a workload that offers no requests at all.
 *
 * Work other than requests (health checks, heartbeats, the autoscaler) is not counted: it is a
 * few events per second of simulated time, next to a dozen events per request. In a hybrid run
 * the fluid windows cost far less than their requests and the discrete spans around faults and
 * saturation far more; the share still counts every request alike, so there it is rough.
 */
import type { WorkloadSpec } from "./spec";

/**
 * The share of the work of a run of `workload` lasting `durationMs` done when its clock reads
 * `nowMs`: in [0, 1], non-decreasing in `nowMs`, 1 at the end (see the file comment). Costs
 * two integrals of the rate profile or two binary searches: call it per slice, not per event.
 */
export function workShareAt(workload: WorkloadSpec, durationMs: number, nowMs: number): number {
  if (!(durationMs > 0)) return 1;
  const clampedMs = Math.min(Math.max(nowMs, 0), durationMs);
  const total = requestsBy(workload, durationMs);
  if (total > 0 && total < Infinity) return Math.min(1, requestsBy(workload, clampedMs) / total);
  return clampedMs / durationMs;
}

/** Requests expected to arrive in [0, `toMs`] (NaN for a closed workload). */
function requestsBy(workload: WorkloadSpec, toMs: number): number {
  if (workload.kind === "open") return workload.profile.integral(0, toMs);
  if (workload.kind === "trace") return countAtOrBefore(workload.timestampsMs, toMs);
  return NaN;
}

/** How many of the sorted `timesMs` are <= `toMs` (binary search). */
function countAtOrBefore(timesMs: Float64Array, toMs: number): number {
  let lo = 0;
  let hi = timesMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timesMs[mid]! <= toMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
