/**
 * The class of each arrival when recorded traffic says it, instead of the class weights: a
 * trace whose log column named each request's class, or one recorded rate per class.
 *
 * Several recorded rates are one Poisson process, not several: by the superposition theorem
 * the sum of independent Poisson processes with rates r_i(t) is a Poisson process with rate
 * sum r_i(t), and each of its arrivals belongs to process i with probability r_i(t) / sum r(t)
 * (Kingman, Poisson Processes, 1993, §2.2 and the colouring theorem §5.1). So the workload
 * keeps one arrival stream at the total rate, and each arrival draws its class from the rates
 * at its time: the same process in distribution as one stream per class, with one arrival
 * event queued at a time.
 */
import { assert } from "../core/assert";
import type { RandomStream } from "../core/rng";
import type { TraceArrivals } from "./arrivals";
import type { RateProfile } from "./rate-profile";
import type { WorkloadSpec } from "./spec";

/** Decides the class of the arrival being started at `nowMs`. */
export interface ArrivalClasses {
  classOf(nowMs: number): number;
}

/** The recorded class of the trace's latest arrival. */
export class TraceClasses implements ArrivalClasses {
  constructor(private readonly trace: TraceArrivals, private readonly classIndexes: Int32Array) {}

  classOf(): number {
    const index = this.trace.latestIndex;
    assert(index >= 0 && index < this.classIndexes.length, `trace arrival ${index} has no class`);
    return this.classIndexes[index]!;
  }
}

/** A class drawn with probability rate_i(t) / sum of rates at t. */
export class RateShareClasses implements ArrivalClasses {
  private readonly ratesPerS: Float64Array;

  constructor(private readonly profiles: readonly RateProfile[], private readonly stream: RandomStream) {
    this.ratesPerS = new Float64Array(profiles.length);
  }

  classOf(nowMs: number): number {
    let total = this.fill(nowMs, false);
    // At the instant a recorded rate drops to 0 the arrival belongs to the interval before.
    if (total === 0) total = this.fill(nowMs, true);
    if (total === 0) return 0;
    const u = this.stream.next() * total;
    let cumulative = 0;
    for (let i = 0; i < this.ratesPerS.length - 1; i++) {
      cumulative += this.ratesPerS[i]!;
      if (u < cumulative) return i;
    }
    return this.ratesPerS.length - 1;
  }

  /** Fills the rates at `nowMs` (or just before it) and returns their sum. */
  private fill(nowMs: number, before: boolean): number {
    let total = 0;
    for (let i = 0; i < this.profiles.length; i++) {
      const rate = before ? this.profiles[i]!.ratePerSBefore(nowMs) : this.profiles[i]!.ratePerSAt(nowMs);
      this.ratesPerS[i] = rate;
      total += rate;
    }
    return total;
  }
}

/**
 * The arrival-class decider of a workload, or null when the class weights decide (no recorded
 * classes). `trace` is the workload's trace arrivals, when it is a trace; `stream` draws the
 * class of a recorded-rate arrival.
 */
export function recordedArrivalClasses(workload: WorkloadSpec, options: { trace: TraceArrivals | null; stream: RandomStream }): ArrivalClasses | null {
  if (workload.kind === "trace" && workload.classIndexes !== undefined) {
    assert(options.trace !== null, "a classed trace needs its trace arrivals");
    return new TraceClasses(options.trace, workload.classIndexes);
  }
  if (workload.kind === "open" && workload.classProfiles !== undefined) return new RateShareClasses(workload.classProfiles, options.stream);
  return null;
}
