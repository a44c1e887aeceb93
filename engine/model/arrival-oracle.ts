/**
 * Expected arrivals over a span: the integral of an open workload's rate profile, or the exact
 * count of a trace's timestamps. The hybrid engine's fluid model advances by these expectations
 * instead of drawing the arrivals one by one; a run's progress counts its work by them
 * (run-work.ts).
 */
import type { WorkloadSpec } from "./spec";

/** Expected arrivals and mean rate over spans of simulated time. */
export interface ArrivalOracle {
  /** Expected arrivals in [fromMs, toMs). */
  expected(fromMs: number, toMs: number): number;
  /** Mean arrival rate over [fromMs, toMs), per second. */
  ratePerS(fromMs: number, toMs: number): number;
}

/** The oracle of an open or trace workload; null for a closed loop (no arrival process). */
export function arrivalOracle(workload: WorkloadSpec): ArrivalOracle | null {
  if (workload.kind === "open") {
    const profile = workload.profile;
    return {
      expected: (fromMs, toMs) => profile.integral(fromMs, toMs),
      ratePerS: (fromMs, toMs) => (toMs > fromMs ? (profile.integral(fromMs, toMs) * 1000) / (toMs - fromMs) : profile.ratePerSAt(fromMs)),
    };
  }
  if (workload.kind === "trace") {
    const times = workload.timestampsMs;
    const count = (fromMs: number, toMs: number) => lowerBound(times, toMs) - lowerBound(times, fromMs);
    return {
      expected: count,
      ratePerS: (fromMs, toMs) => (toMs > fromMs ? (count(fromMs, toMs) * 1000) / (toMs - fromMs) : 0),
    };
  }
  return null;
}

/** Index of the first time >= `valueMs` in the sorted `times`. */
function lowerBound(times: Float64Array, valueMs: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < valueMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
