/**
 * Accumulators for metrics collectors and replication sets, O(1) memory each:
 *
 * - {@link RunningStats}: count, mean and variance in one pass (Welford), mergeable (Chan et al.).
 * - {@link TimeWeightedAverage}: the time average of a piecewise-constant quantity such as a
 *   queue length, the L in Little's law L = lambda * W.
 *
 * Inference over replications built on these (confidence intervals, Welch's test) is in
 * engine/theory/inference.ts; the Student t distribution in engine/core/distributions/student-t.ts.
 */
import { assert } from "../core/assert";

/**
 * Count, mean, variance, min and max of a stream of numbers in O(1) memory.
 *
 * Uses Welford's update (Welford 1962; Knuth TAOCP vol. 2, 4.2.2), which stays accurate when
 * the mean is large relative to the spread, unlike sum-of-squares. Empty: mean, min and max are
 * NaN; fewer than two values: variance and stdDev are NaN.
 */
export class RunningStats {
  private n = 0;
  private meanValue = 0;
  /** Sum of squared deviations from the current mean. */
  private m2 = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;

  /** Builds stats over `values` (a convenience for tests and replication sets). */
  static of(values: ArrayLike<number>): RunningStats {
    const stats = new RunningStats();
    for (let i = 0; i < values.length; i++) stats.add(values[i]);
    return stats;
  }

  /**
   * Adds one observation. Allocation-free.
   * @throws AssertionError if `x` is NaN or infinite.
   */
  add(x: number): void {
    if (!Number.isFinite(x)) assert(false, `RunningStats.add expects a finite number, got ${x}`);
    this.n += 1;
    const delta = x - this.meanValue;
    this.meanValue += delta / this.n;
    this.m2 += delta * (x - this.meanValue);
    if (x < this.minValue) this.minValue = x;
    if (x > this.maxValue) this.maxValue = x;
  }

  /** Number of observations. */
  get count(): number {
    return this.n;
  }

  /** Arithmetic mean; NaN when empty. */
  get mean(): number {
    return this.n === 0 ? NaN : this.meanValue;
  }

  /** Sample variance (divisor n - 1); NaN when fewer than two observations. */
  get variance(): number {
    return this.n < 2 ? NaN : this.m2 / (this.n - 1);
  }

  /** Sample standard deviation, sqrt of {@link variance}; NaN when fewer than two observations. */
  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  /** Smallest observation; NaN when empty. */
  get min(): number {
    return this.n === 0 ? NaN : this.minValue;
  }

  /** Largest observation; NaN when empty. */
  get max(): number {
    return this.n === 0 ? NaN : this.maxValue;
  }

  /**
   * Adds all of `other`'s observations, as if each had been passed to {@link add}, using the
   * pairwise update of Chan, Golub and LeVeque (1979): with delta = mean_b - mean_a,
   * mean = mean_a + delta * n_b / n and M2 = M2_a + M2_b + delta^2 * n_a * n_b / n.
   */
  merge(other: RunningStats): void {
    if (other.n === 0) return;
    const n = this.n + other.n;
    const delta = other.meanValue - this.meanValue;
    this.meanValue += (delta * other.n) / n;
    this.m2 += other.m2 + (delta * delta * this.n * other.n) / n;
    this.n = n;
    if (other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
  }

  /** Forgets every observation. */
  reset(): void {
    this.n = 0;
    this.meanValue = 0;
    this.m2 = 0;
    this.minValue = Infinity;
    this.maxValue = -Infinity;
  }
}

/**
 * The time average of a piecewise-constant quantity over simulated time: queue length, busy
 * servers, open connections. The value holds from each {@link update} until the next one, so the
 * average is the integral of the step function divided by the elapsed time.
 *
 * All methods are allocation-free; {@link update} runs on the hot path.
 */
export class TimeWeightedAverage {
  private startMs: number;
  private lastMs: number;
  private currentValue: number;
  /** Integral of the value from startMs to lastMs, in value * ms. */
  private areaValueMs = 0;
  private maxValue: number;

  /**
   * @param startMs when accumulation starts, in simulated ms.
   * @param initialValue the value held from `startMs` on.
   * @throws AssertionError if either number is not finite.
   */
  constructor(startMs = 0, initialValue = 0) {
    assert(Number.isFinite(startMs) && Number.isFinite(initialValue), `TimeWeightedAverage needs finite startMs and initialValue, got ${startMs}, ${initialValue}`);
    this.startMs = startMs;
    this.lastMs = startMs;
    this.currentValue = initialValue;
    this.maxValue = initialValue;
  }

  /** The value currently held. */
  get value(): number {
    return this.currentValue;
  }

  /** The largest value held since construction or the last {@link reset}. */
  get max(): number {
    return this.maxValue;
  }

  /**
   * The value changes to `newValue` at `nowMs`.
   * @throws AssertionError if time goes back or `newValue` is not finite.
   */
  update(nowMs: number, newValue: number): void {
    if (!(nowMs >= this.lastMs)) assert(false, `TimeWeightedAverage time must not go back: ${nowMs} ms < ${this.lastMs} ms`);
    if (!Number.isFinite(newValue)) assert(false, `TimeWeightedAverage value must be finite, got ${newValue}`);
    this.areaValueMs += this.currentValue * (nowMs - this.lastMs);
    this.lastMs = nowMs;
    this.currentValue = newValue;
    if (newValue > this.maxValue) this.maxValue = newValue;
  }

  /**
   * Integral of the value from the start to `untilMs`, in value * ms (for a queue length,
   * request-milliseconds of waiting: Little's law's L * T = total wait).
   * @throws AssertionError if `untilMs` is before the last update.
   */
  integral(untilMs: number): number {
    if (!(untilMs >= this.lastMs)) assert(false, `TimeWeightedAverage untilMs ${untilMs} is before the last update at ${this.lastMs} ms`);
    return this.areaValueMs + this.currentValue * (untilMs - this.lastMs);
  }

  /**
   * Time average from the start (or last reset) to `untilMs`. Over an empty interval
   * (`untilMs` equal to the start) it is the current value, the limit of the average.
   * @throws AssertionError if `untilMs` is before the last update.
   */
  mean(untilMs: number): number {
    const area = this.integral(untilMs);
    const durationMs = untilMs - this.startMs;
    return durationMs === 0 ? this.currentValue : area / durationMs;
  }

  /**
   * Restarts accumulation at `nowMs`, keeping the current value (ending a warm-up period). The
   * max restarts at the current value.
   * @throws AssertionError if `nowMs` is before the last update.
   */
  reset(nowMs: number): void {
    if (!(nowMs >= this.lastMs)) assert(false, `TimeWeightedAverage reset at ${nowMs} ms is before the last update at ${this.lastMs} ms`);
    this.startMs = nowMs;
    this.lastMs = nowMs;
    this.areaValueMs = 0;
    this.maxValue = this.currentValue;
  }
}
