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
 * {@link buildRateProfile}; each builder documents how far the samples stray from the shape.
 *
 * Units: time in ms (engine time), rates per second, counts in expected arrivals; so a count
 * over `w` ms at `r` per second is `r * w / 1000`.
 */
import { assert, ParameterError } from "../core/assert";
import { dmath } from "../core/det-math";

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
function checkPoints(points: ReadonlyArray<RatePoint>, name: string): void {
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
function requireNonNegative(parameter: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ParameterError(parameter, `must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** Returns `value` if it is a finite number > 0. @throws ParameterError naming `parameter`. */
function requirePositive(parameter: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !(value > 0)) {
    throw new ParameterError(parameter, `must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** Returns `value` if it is a finite number. @throws ParameterError naming `parameter`. */
function requireFinite(parameter: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ParameterError(parameter, `must be a finite number, got ${String(value)}`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Builders: the shapes a scenario describes, sampled into breakpoints.

/**
 * The base shape of a workload's rate over time, before spikes and growth:
 * - `constant`: one rate for ever.
 * - `points`: linear ramps between the given points (a repeated `atMs` makes a step).
 * - `steps`: piecewise constant; each step's rate holds from its `atMs` until the next step.
 * - `diurnal`: `meanRatePerS * (1 + amplitude * cos(2 pi (t - peakAtMs) / periodMs))`, sampled
 *   every `resolutionMs` (default `periodMs / 96`, 15 minutes for a day) from 0 to `untilMs`
 *   and linear between samples; see {@link DIURNAL_SAMPLES_PER_PERIOD} for the error bound.
 */
export type ProfileShape =
  | { type: "constant"; ratePerS: number }
  | { type: "points"; points: RatePoint[] }
  | { type: "steps"; steps: Array<{ atMs: number; ratePerS: number }> }
  | { type: "diurnal"; meanRatePerS: number; amplitude: number; periodMs: number; peakAtMs: number; resolutionMs?: number };

/**
 * A burst multiplying the base rate: the factor ramps linearly from 1 to `multiplier` over
 * `rampMs` starting at `atMs`, holds for `holdMs`, then returns linearly to 1 over `decayMs`
 * (default `rampMs`). A ramp or decay of 0 is an instant step. Overlapping spikes multiply.
 * All durations in ms, >= 0; `multiplier` >= 0 (below 1 is a dip, e.g. an outage upstream).
 */
export interface Spike {
  atMs: number;
  rampMs: number;
  holdMs: number;
  decayMs?: number;
  multiplier: number;
}

/**
 * Samples per period of a diurnal shape by default (every 15 minutes of a day).
 *
 * Error bound: linear interpolation of a C2 function between samples h apart is off by at most
 * (h^2 / 8) max|f''| (the remainder of linear interpolation). For the sinusoid,
 * max|f''| = mean * amplitude * (2 pi / period)^2, so with h = period / 96 the sampled rate is
 * within mean * amplitude * (2 pi / 96)^2 / 8 = 5.4e-4 * mean * amplitude of the sinusoid, i.e.
 * within 0.054% of the mean. The expected count over whole periods starting at a sample
 * (t = k * h) has no such error at all: the trapezoid rule with N equally spaced samples
 * integrates cos exactly over a period for N >= 2.
 */
export const DIURNAL_SAMPLES_PER_PERIOD = 96;

/**
 * Sub-steps sampled inside each spike ramp and decay.
 *
 * Error bound: where the base has slope b (per s per ms) and a spike's factor slope
 * d = (multiplier - 1) / rampMs, their product is quadratic with second derivative 2 b d, so
 * the chord over a sub-step h = rampMs / 32 is off by at most h^2 |b d| / 4
 * = rampMs * |b| * |multiplier - 1| / 4096 per second. Example: a day's diurnal base with mean
 * 1000/s and amplitude 0.5 (|b| <= 3.6e-5) under a 5x spike with a 10-minute ramp: at most
 * 0.021/s, against a rate of thousands per second. On a constant base (b = 0) the product is
 * exact. Overlapping ramps add the analogous d1 d2 term, bounded the same way.
 */
export const SPIKE_RAMP_SUBSTEPS = 32;

/** The largest number of breakpoints a builder produces before it reports a budget error. */
export const PROFILE_POINTS_MAX = 1_000_000;

/**
 * The breakpoints of a base shape; `untilMs` (> 0) is how far a sampled shape (diurnal) goes.
 * @throws ParameterError (`shape.amplitude: ...`) for an invalid shape.
 */
export function shapePoints(shape: ProfileShape, untilMs: number): RatePoint[] {
  switch (shape.type) {
    case "constant":
      return [{ atMs: 0, ratePerS: requireNonNegative("shape.ratePerS", shape.ratePerS) }];
    case "points":
      checkPoints(shape.points, "shape.points");
      return shape.points.map((point) => ({ atMs: point.atMs, ratePerS: point.ratePerS }));
    case "steps":
      return stepPoints(shape.steps);
    case "diurnal":
      return diurnalPoints(shape, untilMs);
    default: {
      const unknown: { type?: unknown } = shape;
      throw new ParameterError("shape.type", `must be "constant", "points", "steps" or "diurnal", got ${JSON.stringify(unknown.type)}`);
    }
  }
}

/** Piecewise-constant steps as points: each change is a pair at one instant. */
function stepPoints(steps: ReadonlyArray<{ atMs: number; ratePerS: number }>): RatePoint[] {
  checkPoints(steps, "shape.steps");
  const points: RatePoint[] = [];
  for (let i = 0; i < steps.length; i++) {
    if (i > 0) points.push({ atMs: steps[i].atMs, ratePerS: steps[i - 1].ratePerS });
    points.push({ atMs: steps[i].atMs, ratePerS: steps[i].ratePerS });
  }
  return points;
}

/** A sinusoid sampled every `resolutionMs` from 0 through `untilMs`. */
function diurnalPoints(shape: Extract<ProfileShape, { type: "diurnal" }>, untilMs: number): RatePoint[] {
  const meanRatePerS = requireNonNegative("shape.meanRatePerS", shape.meanRatePerS);
  const amplitude = requireNonNegative("shape.amplitude", shape.amplitude);
  if (amplitude > 1) {
    throw new ParameterError("shape.amplitude", `must be at most 1 (a fraction of the mean; more would make the rate negative), got ${amplitude}`);
  }
  const periodMs = requirePositive("shape.periodMs", shape.periodMs);
  const peakAtMs = requireFinite("shape.peakAtMs", shape.peakAtMs);
  const resolutionMs = requirePositive("shape.resolutionMs", shape.resolutionMs ?? periodMs / DIURNAL_SAMPLES_PER_PERIOD);
  const samples = Math.ceil(untilMs / resolutionMs) + 1;
  if (samples > PROFILE_POINTS_MAX) {
    const budget = `more than the budget of ${PROFILE_POINTS_MAX}; use a coarser resolution`;
    throw new ParameterError("shape.resolutionMs", `gives ${samples} samples up to ${untilMs} ms, ${budget}`);
  }
  const points: RatePoint[] = [];
  for (let k = 0; k < samples; k++) {
    const atMs = k * resolutionMs;
    const phase = (2 * Math.PI * (atMs - peakAtMs)) / periodMs;
    // max(0, ...) only absorbs rounding when amplitude is exactly 1 at the trough.
    points.push({ atMs, ratePerS: Math.max(0, meanRatePerS * (1 + amplitude * dmath.cos(phase))) });
  }
  return points;
}

/**
 * A spike's factor over time as breakpoints: 1, ramp to `multiplier`, hold, decay to 1.
 * `index` names the spike in error messages (`spikes[2].rampMs`).
 * @throws ParameterError for a non-finite time, a negative duration or multiplier.
 */
export function spikeFactorPoints(spike: Spike, index = 0): RatePoint[] {
  const name = `spikes[${index}]`;
  const atMs = requireFinite(`${name}.atMs`, spike.atMs);
  const rampMs = requireNonNegative(`${name}.rampMs`, spike.rampMs);
  const holdMs = requireNonNegative(`${name}.holdMs`, spike.holdMs);
  const decayMs = requireNonNegative(`${name}.decayMs`, spike.decayMs ?? rampMs);
  const multiplier = requireNonNegative(`${name}.multiplier`, spike.multiplier);
  const peakEndMs = atMs + rampMs + holdMs;
  return [
    { atMs, ratePerS: 1 },
    { atMs: atMs + rampMs, ratePerS: multiplier },
    { atMs: peakEndMs, ratePerS: multiplier },
    { atMs: peakEndMs + decayMs, ratePerS: 1 },
  ];
}

/**
 * Builds a workload's rate profile: the base `shape`, multiplied by every spike, times
 * `growthFactor` (default 1). `untilMs` (> 0) is the run length a sampled shape must cover.
 *
 * The product of the piecewise-linear base and spike factors is sampled on the union of their
 * breakpoints plus {@link SPIKE_RAMP_SUBSTEPS} sub-steps inside every ramp and decay (bound
 * documented there); at a step of either factor both sides are kept, so steps stay steps.
 * @throws ParameterError (`spikes[1].holdMs: ...`) for any invalid part.
 */
export function buildRateProfile(options: { shape: ProfileShape; spikes?: Spike[]; untilMs: number; growthFactor?: number }): RateProfile {
  const untilMs = requirePositive("untilMs", options.untilMs);
  const growthFactor = requireNonNegative("growthFactor", options.growthFactor ?? 1);
  const base = RateProfile.fromPoints(shapePoints(options.shape, untilMs));
  const spikes = options.spikes ?? [];
  if (spikes.length === 0) return base.scaled(growthFactor);
  const factors = spikes.map((spike, i) => RateProfile.fromPoints(spikeFactorPoints(spike, i)));
  const timesMs = productSampleTimesMs(base, factors);
  if (timesMs.length > PROFILE_POINTS_MAX) {
    throw new ParameterError("spikes", `give ${timesMs.length} breakpoints, more than the budget of ${PROFILE_POINTS_MAX}`);
  }
  const points: RatePoint[] = [];
  for (const atMs of timesMs) {
    let before = base.ratePerSBefore(atMs) * growthFactor;
    let after = base.ratePerSAt(atMs) * growthFactor;
    for (const factor of factors) {
      before *= factor.ratePerSBefore(atMs);
      after *= factor.ratePerSAt(atMs);
    }
    points.push({ atMs, ratePerS: before });
    if (after !== before) points.push({ atMs, ratePerS: after });
  }
  return RateProfile.fromPoints(points);
}

/** Sorted distinct breakpoints of the base and factors, plus sub-steps inside each ramp. */
function productSampleTimesMs(base: RateProfile, factors: RateProfile[]): number[] {
  const timesMs: number[] = base.points.map((point) => point.atMs);
  for (const factor of factors) {
    const corners = factor.points;
    for (let i = 0; i < corners.length; i++) {
      timesMs.push(corners[i].atMs);
      const next = corners[i + 1];
      // Sub-steps only where the factor changes (ramp or decay), not across a hold.
      if (next === undefined || next.ratePerS === corners[i].ratePerS || next.atMs === corners[i].atMs) continue;
      const widthMs = next.atMs - corners[i].atMs;
      for (let k = 1; k < SPIKE_RAMP_SUBSTEPS; k++) timesMs.push(corners[i].atMs + (widthMs * k) / SPIKE_RAMP_SUBSTEPS);
    }
  }
  timesMs.sort((a, b) => a - b);
  const distinct: number[] = [];
  for (const t of timesMs) if (distinct.length === 0 || distinct[distinct.length - 1] !== t) distinct.push(t);
  return distinct;
}
