/**
 * Open-loop arrival processes: when the next request of a workload arrives, independent of how
 * the cluster is coping (the traffic of many independent users; a closed loop of users who wait
 * for answers is another model).
 *
 * Rates vary over time as a {@link RateProfile}. A non-homogeneous Poisson process is drawn by a
 * change of time: with Lambda(t) the expected count up to t, the arrival times are
 * Lambda^-1(E1), Lambda^-1(E1 + E2), ... for independent unit exponentials Ei (Çinlar,
 * Introduction to Stochastic Processes, 1975; the inversion algorithm in Law, Simulation
 * Modeling and Analysis). {@link RateProfile.advance} inverts Lambda exactly, so unlike
 * thinning nothing is rejected, every arrival costs one uniform, and a zero-rate stretch is
 * skipped rather than sampled through.
 *
 * Every process is allocation-free per arrival: `next` computes a number and returns it.
 */
import { assert, ParameterError } from "../core/assert";
import type { RandomStream } from "../core/rng";
import type { RateProfile } from "./rate-profile";
import { dmath } from "../core/det-math";

/** A source of arrival times, in ms of simulated time. */
export interface ArrivalProcess {
  /**
   * Next arrival time after `nowMs` (the previous arrival), or Infinity when none.
   * Start a run at 0 with `next(0)`. The result is >= `nowMs`.
   */
  next(nowMs: number): number;
}

/** Poisson arrivals by time change: each gap is one unit exponential of expected count. */
export class PoissonArrivals implements ArrivalProcess {
  constructor(
    private readonly profile: RateProfile,
    private readonly stream: RandomStream,
  ) {}

  next(nowMs: number): number {
    if (nowMs === Infinity) return Infinity;
    // Exp(1) by inversion; U is in [0, 1), so 1 - U is in (0, 1] and the log is finite.
    const expectedCount = -dmath.log(1 - this.stream.next());
    return this.profile.advance(nowMs, expectedCount);
  }
}

/**
 * A non-homogeneous Poisson process with the rate of `profile`, drawing one uniform from
 * `stream` per arrival. Exact (no thinning, no discretisation of the rate). Memoryless, so
 * passing a `nowMs` later than the previous arrival (a workload switched on mid-run) is still
 * a correct Poisson process from `nowMs` on. Returns Infinity once the rate stays 0 for ever.
 */
export function poissonArrivals(profile: RateProfile, stream: RandomStream): ArrivalProcess {
  return new PoissonArrivals(profile, stream);
}

/** Evenly spaced in expected count: each gap holds exactly one expected arrival. */
export class DeterministicArrivals implements ArrivalProcess {
  constructor(private readonly profile: RateProfile) {}

  next(nowMs: number): number {
    if (nowMs === Infinity) return Infinity;
    return this.profile.advance(nowMs, 1);
  }
}

/**
 * Arrivals one expected arrival apart: `next(now) = profile.advance(now, 1)`. At a constant
 * 10/s they come at 100, 200, 300 ms...; on a ramp they bunch up as the rate rises. Useful to
 * separate queueing caused by load from queueing caused by burstiness (D/M/c vs M/M/c).
 */
export function deterministicArrivals(profile: RateProfile): ArrivalProcess {
  return new DeterministicArrivals(profile);
}

/** Replays recorded times through a cursor, so equal timestamps each arrive once. */
export class TraceArrivals implements ArrivalProcess {
  private cursor = 0;

  constructor(private readonly timestampsMs: Float64Array) {}

  /** Index in the trace of the arrival `next` returned last (-1 before the first). */
  get latestIndex(): number {
    return this.cursor - 1;
  }

  next(nowMs: number): number {
    assert(!Number.isNaN(nowMs), "trace arrivals: now must not be NaN");
    const times = this.timestampsMs;
    // Times before `now` are in the past of a run that started late: skip them. A time equal
    // to `now` is still to come (a duplicate of the previous arrival, or an arrival at 0).
    while (this.cursor < times.length && times[this.cursor] < nowMs) this.cursor += 1;
    if (this.cursor === times.length) return Infinity;
    const atMs = times[this.cursor];
    this.cursor += 1;
    return atMs;
  }
}

/**
 * Replays exact arrival times (ms, sorted ascending, e.g. from `parseTimestampCsv`). Each
 * timestamp is returned once, in order, including repeats of the same instant; an arrival at
 * `nowMs` itself counts, so a trace starting at 0 delivers it to the first call `next(0)`.
 * Timestamps before the `nowMs` of a call are skipped. The array is read, not copied: do not
 * change it while the process is in use.
 * @throws ParameterError (`timestampsMs[7]: ...`) if a time is not finite or out of order.
 */
export function traceArrivals(timestampsMs: Float64Array): TraceArrivals {
  for (let i = 0; i < timestampsMs.length; i++) {
    if (!Number.isFinite(timestampsMs[i])) {
      throw new ParameterError(`timestampsMs[${i}]`, `must be a finite time in ms, got ${timestampsMs[i]}`);
    }
    if (i > 0 && timestampsMs[i] < timestampsMs[i - 1]) {
      throw new ParameterError(
        `timestampsMs[${i}]`,
        `must not be before the previous timestamp (${timestampsMs[i - 1]} ms), got ${timestampsMs[i]}; sort the trace`,
      );
    }
  }
  return new TraceArrivals(timestampsMs);
}
