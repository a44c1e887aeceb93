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
 * few events per second of simulated time, next to a dozen events per request. A hybrid run
 * simulates only part of its requests: its own work share (engine/hybrid/hybrid-work.ts) takes
 * precedence, through ModelExtension.workShare.
 */
import { arrivalOracle } from "./arrival-oracle";
import type { WorkloadSpec } from "./spec";

/**
 * The share of the work of a run of `workload` lasting `durationMs` done when its clock reads
 * `nowMs`: in [0, 1], non-decreasing in `nowMs`, 1 at the end (see the file comment). Costs
 * two integrals of the rate profile or two binary searches: call it per slice, not per event.
 */
export function workShareAt(workload: WorkloadSpec, durationMs: number, nowMs: number): number {
  if (!(durationMs > 0)) return 1;
  const clampedMs = Math.min(Math.max(nowMs, 0), durationMs);
  const oracle = arrivalOracle(workload);
  const total = oracle === null ? NaN : oracle.expected(0, durationMs);
  if (total > 0 && total < Infinity) return Math.min(1, oracle!.expected(0, clampedMs) / total);
  return clampedMs / durationMs;
}
