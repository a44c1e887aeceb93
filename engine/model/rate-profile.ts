/**
 * Arrival-rate profiles: how many requests per second a workload sends at each instant of
 * simulated time.
 *
 * A profile is a piecewise-linear function of time through sorted breakpoints, constant before
 * the first and after the last. Two points at the same instant make a step. Piecewise-linear is
 * the one shape for which both operations the arrival generators need are exact and cheap: the
 * expected number of arrivals in a window (the integral, a sum of trapezoids) and its inverse,
 * "when has one more expected arrival accumulated?" (a quadratic inside a segment, solved in
 * closed form). `arrivals.ts` draws a non-homogeneous Poisson process from the inverse by a
 * change of time, so no arrival is ever rejected or approximated.
 *
 * Smooth shapes (a day's sinusoid, a spike multiplying a ramp) are sampled into breakpoints by
 * `buildRateProfile` in `rate-shapes.ts`; each builder documents how far the samples stray from
 * the shape.
 *
 * Units: time in ms (engine time), rates per second, counts in expected arrivals; so a count
 * over `w` ms at `r` per second is `r * w / 1000`.
 */
import { assert, ParameterError } from "../core/assert";

/** One breakpoint: at `atMs` the arrival rate is `ratePerS` (per second, >= 0). */
export interface RatePoint {
  atMs: number;
  ratePerS: number;
}

/**
 * A compiled profile: sorted breakpoints, linear between them, constant before the first and
 * after the last. Immutable (it keeps a lookup hint that changes no result), so one profile may
 * feed any number of arrival processes.
 *
 * At a step (two points at one instant) the rate is right-continuous: {@link ratePerSAt} returns
 * the later point's rate at the instant itself, {@link ratePerSBefore} the earlier one's.
 */
export class RateProfile {
  /** The breakpoints, sorted; runs of three or more at one instant are cut to the outer two. */
  readonly points: ReadonlyArray<RatePoint>;
  private readonly timesMs: Float64Array;
  private readonly ratesPerS: Float64Array;
  /** countsAt[i] = expected arrivals in [timesMs[0], timesMs[i]]; non-decreasing. */
  private readonly countsAt: Float64Array;
  private readonly last: number;
  /** The segment found by the previous lookup: arrivals come in order, so usually it is hit. */
  private hint = 0;

  private constructor(points: RatePoint[]) {
    this.points = Object.freeze(points.map((point) => Object.freeze({ atMs: point.atMs, ratePerS: point.ratePerS })));
    const n = points.length;
    this.last = n - 1;
    this.timesMs = new Float64Array(n);
    this.ratesPerS = new Float64Array(n);
    this.countsAt = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.timesMs[i] = points[i].atMs;
      this.ratesPerS[i] = points[i].ratePerS;
      if (i > 0) this.countsAt[i] = this.countsAt[i - 1] + this.countInPiece(i - 1, this.timesMs[i - 1], this.timesMs[i]);
    }
  }

  /**
   * Compiles breakpoints into a profile. Points must be sorted by `atMs`; equal `atMs` are
   * allowed and make a step (the later point's rate holds from that instant on). Of three or
   * more points at one instant only the first and last matter, so the middle ones are dropped.
   * @throws ParameterError (`points[3].atMs: ...`) if there are no points, a time or rate is
   *   not finite, a rate is negative, or the points are out of order.
   */
  static fromPoints(points: RatePoint[]): RateProfile {
    checkPoints(points, "points");
    const kept: RatePoint[] = [];
    for (const point of points) {
      const n = kept.length;
      // A third point at the same instant replaces the second: the middle value never holds.
      if (n >= 2 && kept[n - 1].atMs === point.atMs && kept[n - 2].atMs === point.atMs) kept[n - 1] = point;
      else kept.push(point);
    }
    return new RateProfile(kept);
  }

  /** The arrival rate at `tMs`, per second (the later point's rate at a step). */
  ratePerSAt(tMs: number): number {
    assert(!Number.isNaN(tMs), "ratePerSAt: time must not be NaN");
    return this.rateInPiece(this.pieceOf(tMs), tMs);
  }

  /** The limit of the rate from the left at `tMs`, per second (the earlier rate at a step). */
  ratePerSBefore(tMs: number): number {
    assert(!Number.isNaN(tMs), "ratePerSBefore: time must not be NaN");
    const times = this.timesMs;
    if (tMs <= times[0]) return this.ratesPerS[0];
    if (tMs > times[this.last]) return this.ratesPerS[this.last];
    // The segment i with times[i] < t <= times[i + 1]; at t = times[i + 1] that is the first of
    // the points at that instant, which is the left limit.
    let lo = 0;
    let hi = this.last - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (times[mid] < tMs) lo = mid;
      else hi = mid - 1;
    }
    return this.rateInPiece(lo, tMs);
  }

  /**
   * Expected arrivals in [fromMs, toMs]: the integral of the rate (per s) over time (ms),
   * divided by 1000. Either end may be infinite; the result is Infinity when an infinite window
   * meets a positive rate.
   * @throws AssertionError if an end is NaN or `toMs < fromMs`.
   */
  integral(fromMs: number, toMs: number): number {
    assert(!Number.isNaN(fromMs) && !Number.isNaN(toMs), "integral: window ends must not be NaN");
    if (!(toMs >= fromMs)) assert(false, `integral: window must not end (${toMs} ms) before it starts (${fromMs} ms)`);
    if (toMs === fromMs) return 0;
    const p = this.pieceOf(fromMs);
    const q = this.pieceOf(toMs);
    if (p === q) return this.countInPiece(p, fromMs, toMs);
    // Partial first piece, whole segments from the prefix sums, partial last piece. Computing
    // the partial pieces directly keeps a short window's count accurate to its own size.
    const head = this.countInPiece(p, fromMs, this.timesMs[p + 1]);
    const middle = this.countsAt[q] - this.countsAt[p + 1];
    return head + middle + this.countInPiece(q, this.timesMs[q], toMs);
  }

  /**
   * The smallest time t >= `fromMs` with `integral(fromMs, t) === amount`: where `amount` more
   * expected arrivals have accumulated. Infinity if they never do (the rate is 0 for ever after).
   *
   * Exact up to rounding: inside a segment the count is quadratic in time and is inverted in
   * closed form with the cancellation-free root 2c / (b + sqrt(b^2 + 4ac)) (Press et al.,
   * Numerical Recipes, section 5.6). Costs O(log n) in the number of breakpoints, and O(1) when
   * the answer lies in the segment of `fromMs` (the usual case for arrivals).
   * @throws AssertionError if `fromMs` is not finite or `amount` is negative or NaN.
   */
  advance(fromMs: number, amount: number): number {
    // Messages are built only on failure: this is the per-arrival hot path.
    if (!Number.isFinite(fromMs)) assert(false, `advance: start time must be finite, got ${fromMs}`);
    if (!(amount >= 0)) assert(false, `advance: amount must be >= 0 expected arrivals, got ${amount}`);
    if (amount === 0) return fromMs;
    if (fromMs >= this.timesMs[this.last]!) {
      // The last piece, a constant rate for ever (all of a constant workload): what pieceOf,
      // countInPiece and solveInPiece compute there, in one step and the same operations.
      const rate = this.ratesPerS[this.last]!;
      return rate > 0 ? fromMs + (amount * 1000) / rate : Infinity;
    }
    const p = this.pieceOf(fromMs);
    const inFirst = this.countInPiece(p, fromMs, this.pieceEndMs(p));
    if (amount <= inFirst) return this.solveInPiece(p, fromMs, amount);
    if (p === this.last) return Infinity; // rate 0 for ever after `fromMs`
    let remaining = amount - inFirst;
    const counts = this.countsAt;
    const base = counts[p + 1];
    const inSegments = counts[this.last] - base;
    if (remaining > inSegments) {
      remaining -= inSegments;
      const rateLast = this.ratesPerS[this.last];
      return rateLast > 0 ? this.timesMs[this.last] + (remaining * 1000) / rateLast : Infinity;
    }
    // The smallest k with counts[k] - base >= remaining; k > p + 1 since remaining > 0.
    let lo = p + 2;
    let hi = this.last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (counts[mid] - base >= remaining) hi = mid;
      else lo = mid + 1;
    }
    const offset = lo - 1 === p + 1 ? remaining : remaining - (counts[lo - 1] - base);
    return this.solveInPiece(lo - 1, this.timesMs[lo - 1], offset);
  }

  /**
   * The highest rate on [fromMs, toMs], per second (a supremum: at a step down at `toMs` the
   * rate just before the step counts). Scans every breakpoint: for reports, not per event.
   * @throws AssertionError if an end is NaN or `toMs < fromMs`.
   */
  peakRatePerS(fromMs: number, toMs: number): number {
    assert(!Number.isNaN(fromMs) && !Number.isNaN(toMs), "peakRatePerS: window ends must not be NaN");
    if (!(toMs >= fromMs)) assert(false, `peakRatePerS: window must not end (${toMs} ms) before it starts (${fromMs} ms)`);
    let peak = Math.max(this.ratePerSAt(fromMs), this.ratePerSAt(toMs), this.ratePerSBefore(toMs));
    // Linear between breakpoints, so the maximum is at an end or at a breakpoint inside.
    const times = this.timesMs;
    for (let i = 0; i <= this.last; i++) {
      if (times[i] > fromMs && times[i] < toMs) peak = Math.max(peak, this.ratesPerS[i]);
    }
    return peak;
  }

  /**
   * The mean rate over [fromMs, toMs], per second: `integral * 1000 / (toMs - fromMs)`; the rate
   * at `fromMs` for an empty window.
   * @throws AssertionError if an end is not finite or `toMs < fromMs`.
   */
  meanRatePerS(fromMs: number, toMs: number): number {
    assert(Number.isFinite(fromMs) && Number.isFinite(toMs), "meanRatePerS: window ends must be finite");
    if (toMs === fromMs) return this.ratePerSAt(fromMs);
    return (this.integral(fromMs, toMs) * 1000) / (toMs - fromMs);
  }

  /**
   * The same profile with every rate multiplied by `factor` (traffic growth, "+30% next year").
   * @throws ParameterError if `factor` is not a finite number >= 0.
   */
  scaled(factor: number): RateProfile {
    requireNonNegative("factor", factor);
    return new RateProfile(this.points.map((point) => ({ atMs: point.atMs, ratePerS: point.ratePerS * factor })));
  }

  /**
   * The piece holding `tMs`: -1 before the first point, `last` from the last point on, else the
   * segment i with timesMs[i] <= t < timesMs[i + 1] (never a zero-width step segment).
   */
  private pieceOf(tMs: number): number {
    const times = this.timesMs;
    if (tMs < times[0]) return -1;
    if (tMs >= times[this.last]) return this.last;
    const hint = this.hint;
    if (times[hint] <= tMs && tMs < times[hint + 1]) return hint;
    let lo = 0;
    let hi = this.last - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (times[mid] <= tMs) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo;
  }

  /** Where piece `p` ends, in ms (Infinity for the last). */
  private pieceEndMs(p: number): number {
    return p === this.last ? Infinity : this.timesMs[p + 1];
  }

  /** The rate at `tMs` inside piece `p`; exact at both ends of a segment. */
  private rateInPiece(p: number, tMs: number): number {
    if (p < 0) return this.ratesPerS[0];
    if (p === this.last) return this.ratesPerS[this.last];
    const startMs = this.timesMs[p];
    const endMs = this.timesMs[p + 1];
    if (tMs === endMs) return this.ratesPerS[p + 1];
    const startRate = this.ratesPerS[p];
    return startRate + ((this.ratesPerS[p + 1] - startRate) * (tMs - startMs)) / (endMs - startMs);
  }

  /** Expected arrivals in [fromMs, toMs] inside piece `p`: a rectangle or a trapezoid. */
  private countInPiece(p: number, fromMs: number, toMs: number): number {
    if (p < 0 || p === this.last) {
      const rate = this.ratesPerS[p < 0 ? 0 : this.last];
      return rate === 0 ? 0 : (rate * (toMs - fromMs)) / 1000; // 0 * Infinity would be NaN
    }
    return ((toMs - fromMs) * (this.rateInPiece(p, fromMs) + this.rateInPiece(p, toMs))) / 2000;
  }

  /**
   * The time `amount` expected arrivals after `startMs` in piece `p`, given that the piece holds
   * at least that many after `startMs`. With rate r at the start and slope s (per s per ms), the
   * count after x ms is (r x + s x^2 / 2) / 1000; with A = 1000 amount the root is
   * x = 2A / (r + sqrt(r^2 + 2 s A)), which never subtracts nearly equal numbers.
   */
  private solveInPiece(p: number, startMs: number, amount: number): number {
    if (p < 0 || p === this.last) {
      const rate = this.ratesPerS[p < 0 ? 0 : this.last];
      return Math.min(startMs + (amount * 1000) / rate, this.pieceEndMs(p));
    }
    const endMs = this.timesMs[p + 1];
    const startRate = this.rateInPiece(p, startMs);
    const slope = (this.ratesPerS[p + 1] - this.ratesPerS[p]) / (endMs - this.timesMs[p]);
    const scaledAmount = amount * 1000;
    const denominator = startRate + Math.sqrt(Math.max(0, startRate * startRate + 2 * slope * scaledAmount));
    assert(denominator > 0, "advance: a segment with a positive count must have a positive rate somewhere");
    return Math.min(startMs + (2 * scaledAmount) / denominator, endMs);
  }
}

/**
 * Checks breakpoints: at least one, finite times in order, finite rates >= 0. `name` prefixes
 * the parameter in errors (`shape.steps[2].atMs`).
 * @throws ParameterError naming the first offending field.
 */
export function checkPoints(points: ReadonlyArray<RatePoint>, name: string): void {
  if (points.length === 0) throw new ParameterError(name, "needs at least one point, got an empty list");
  for (let i = 0; i < points.length; i++) {
    const { atMs, ratePerS } = points[i];
    if (typeof atMs !== "number" || !Number.isFinite(atMs)) {
      throw new ParameterError(`${name}[${i}].atMs`, `must be a finite number of ms, got ${String(atMs)}`);
    }
    if (typeof ratePerS !== "number" || !Number.isFinite(ratePerS) || ratePerS < 0) {
      throw new ParameterError(`${name}[${i}].ratePerS`, `must be a finite rate >= 0 per second, got ${String(ratePerS)}`);
    }
    if (i > 0 && atMs < points[i - 1].atMs) {
      throw new ParameterError(
        `${name}[${i}].atMs`,
        `must not be before the previous point (${points[i - 1].atMs} ms), got ${atMs}; sort them by time`,
      );
    }
  }
}

/** Returns `value` if it is a finite number >= 0. @throws ParameterError naming `parameter`. */
export function requireNonNegative(parameter: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ParameterError(parameter, `must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}
