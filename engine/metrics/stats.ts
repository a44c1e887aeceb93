/**
 * Small statistics for metrics collectors and for comparing replications.
 *
 * - {@link RunningStats}: mean and variance in one pass (Welford), mergeable (Chan et al.).
 * - {@link TimeWeightedAverage}: the time average of a piecewise-constant quantity such as a
 *   queue length, the L in Little's law L = lambda * W.
 * - Distribution functions: {@link normalQuantile}, {@link studentTCdf},
 *   {@link studentTQuantile}, built on the regularized incomplete beta function.
 * - Inference over replications: {@link confidenceInterval} (Student t) and
 *   {@link welchTTest} (two means, unequal variances).
 *
 * Everything is plain IEEE-754 arithmetic over `Math.log`/`exp`/`sqrt`, so results are
 * reproducible run to run (up to last-bit differences of `Math.exp`/`log` between JS engines).
 */
import { assert, ParameterError } from "../core/assert";
import { dmath } from "../core/det-math";

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

// ---------------------------------------------------------------------------------------------
// Distribution functions

/**
 * Quantile of the standard normal distribution (the z with P(Z <= z) = p), by Acklam's rational
 * approximation (P. J. Acklam, "An algorithm for computing the inverse normal cumulative
 * distribution function", 2003): relative error below 1.15e-9 over (0, 1).
 * Returns -Infinity at 0 and +Infinity at 1.
 * @throws ParameterError if `p` is outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new ParameterError("p", `expected a probability in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const pLow = 0.02425;
  if (p < pLow) return acklamTail(Math.sqrt(-2 * dmath.log(p)));
  if (p > 1 - pLow) return -acklamTail(Math.sqrt(-2 * dmath.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1)
  );
}

/** Acklam's lower-tail approximation in q = sqrt(-2 ln p). */
function acklamTail(q: number): number {
  return (
    (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
    ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
  );
}

/** ln Gamma(x) for x > 0, Lanczos approximation (g = 7, n = 9), about 15 significant digits. */
export function logGamma(x: number): number {
  assert(x > 0, `logGamma expects x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
    return dmath.log(Math.PI / dmath.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * dmath.log(2 * Math.PI) + (z + 0.5) * dmath.log(t) - t + dmath.log(sum);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Iteration budget of the incomplete-beta continued fraction; it converges in far fewer. */
const BETA_ITERATIONS_MAX = 300;

/**
 * The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), by the continued
 * fraction of Numerical Recipes (3rd ed., 6.4) evaluated with the modified Lentz method, using
 * the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges faster.
 * @throws AssertionError if x is outside [0, 1], a or b is not > 0, or the fraction does not
 *   converge within its iteration budget.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  assert(x >= 0 && x <= 1 && a > 0 && b > 0, `regularizedIncompleteBeta(${x}, ${a}, ${b}): need x in [0, 1], a > 0, b > 0`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * dmath.log(x) + b * dmath.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (dmath.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (dmath.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const epsilon = 1e-15;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= BETA_ITERATIONS_MAX; m++) {
    const m2 = 2 * m;
    // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
    let coefficient = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + coefficient * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + coefficient / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    coefficient = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + coefficient * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + coefficient / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < epsilon) return h;
  }
  assert(false, `incomplete beta continued fraction did not converge in ${BETA_ITERATIONS_MAX} iterations (x=${x}, a=${a}, b=${b})`);
}

function checkDegreesOfFreedom(degreesOfFreedom: number): void {
  if (!(degreesOfFreedom > 0 && degreesOfFreedom < Infinity)) {
    throw new ParameterError("degreesOfFreedom", `expected a finite number > 0, got ${degreesOfFreedom}`);
  }
}

/**
 * P(T > t) for t >= 0 and Student's t with `df` degrees of freedom, computed directly (not as
 * 1 - CDF) so it stays accurate far in the tail: P(T > t) = I_{df / (df + t^2)}(df / 2, 1 / 2) / 2.
 */
function studentTUpperTail(t: number, df: number): number {
  if (t === Infinity) return 0;
  return 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * The cumulative distribution function of Student's t: P(T <= t) with `degreesOfFreedom`
 * (any real > 0; Welch's test produces fractional ones). Accurate to about 1e-14 absolute.
 * @throws ParameterError if `degreesOfFreedom` is not finite and > 0, or `t` is NaN.
 */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  checkDegreesOfFreedom(degreesOfFreedom);
  if (Number.isNaN(t)) throw new ParameterError("t", "expected a number, got NaN");
  return t >= 0 ? 1 - studentTUpperTail(t, degreesOfFreedom) : studentTUpperTail(-t, degreesOfFreedom);
}

/** Density of Student's t with `df` degrees of freedom at t. */
function studentTDensity(t: number, df: number): number {
  const logNormalizer = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * dmath.log(df * Math.PI);
  return dmath.exp(logNormalizer - ((df + 1) / 2) * dmath.log1p((t * t) / df));
}

/** Iteration budget of the quantile search (doubling plus Newton/bisection); typically under 10. */
const T_QUANTILE_ITERATIONS_MAX = 200;

/**
 * The quantile of Student's t: the t with P(T <= t) = p, for `degreesOfFreedom` any real > 0.
 * Exact closed forms for 1 and 2 degrees of freedom; otherwise Newton's method on the upper
 * tail, started from the Cornish-Fisher expansion (Abramowitz and Stegun 26.7.5) and kept
 * inside a bracket by bisection, to a relative precision of about 1e-12.
 * Returns -Infinity at p = 0 and +Infinity at p = 1.
 * @throws ParameterError if `p` is outside [0, 1] or `degreesOfFreedom` is not finite and > 0.
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  if (!(p >= 0 && p <= 1)) throw new ParameterError("p", `expected a probability in [0, 1], got ${p}`);
  checkDegreesOfFreedom(degreesOfFreedom);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const df = degreesOfFreedom;
  // Cauchy: t = tan(pi (p - 1/2)) = -1 / tan(pi p), written in the tail probability so that
  // p near 0 or 1 does not lose digits to the subtraction.
  if (df === 1) return p < 0.5 ? -1 / dmath.tan(Math.PI * p) : 1 / dmath.tan(Math.PI * (1 - p));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  // Solve P(T > t) = tail for t > 0, then restore the sign; the tail is the smaller of p, 1 - p.
  const tail = p < 0.5 ? p : 1 - p;
  const t = studentTUpperQuantile(tail, df);
  return p < 0.5 ? -t : t;
}

/** The t > 0 with P(T > t) = tail, for tail in (0, 0.5). */
function studentTUpperQuantile(tail: number, df: number): number {
  let t = Math.max(cornishFisherStart(tail, df), 1e-8);
  // Bracket [low, high] with tail(low) > target >= tail(high); the upper tail falls as t grows.
  let low = 0;
  let high = t;
  let iterations = 0;
  while (studentTUpperTail(high, df) > tail) {
    low = high;
    high *= 2;
    assert(++iterations < T_QUANTILE_ITERATIONS_MAX, `studentTQuantile could not bracket tail ${tail} for df ${df}`);
  }
  for (; iterations < T_QUANTILE_ITERATIONS_MAX; iterations++) {
    const excess = studentTUpperTail(t, df) - tail;
    if (excess > 0) low = t;
    else high = t;
    // d/dt P(T > t) = -density(t), so Newton's step is t + excess / density.
    let next = t + excess / studentTDensity(t, df);
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (Math.abs(next - t) <= 1e-13 * next || high - low <= 1e-13 * high) return next;
    t = next;
  }
  assert(false, `studentTQuantile did not converge in ${T_QUANTILE_ITERATIONS_MAX} iterations (tail ${tail}, df ${df})`);
}

/** Cornish-Fisher expansion of the t quantile in the normal quantile (A&S 26.7.5). */
function cornishFisherStart(tail: number, df: number): number {
  const z = -normalQuantile(tail);
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  // Powers multiplied out: ** is Math.pow, which differs in the last bit between JS engines.
  const df2 = df * df;
  return z + g1 / df + g2 / df2 + g3 / (df2 * df) + g4 / (df2 * df2);
}

// ---------------------------------------------------------------------------------------------
// Inference over replications

/** A two-sided confidence interval for a mean. Plain data with a fixed key order. */
export interface ConfidenceInterval {
  /** Sample mean; NaN when there are no samples. */
  mean: number;
  /** Half the interval's width; Infinity when n < 2 (one sample says nothing about spread). */
  halfWidth: number;
  /** mean - halfWidth (-Infinity when n < 2). */
  low: number;
  /** mean + halfWidth (+Infinity when n < 2). */
  high: number;
  /** Number of samples. */
  n: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
}

function statsOf(samples: ArrayLike<number> | RunningStats): RunningStats {
  return samples instanceof RunningStats ? samples : RunningStats.of(samples);
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new ParameterError("level", `expected a confidence level in (0, 1), got ${level}`);
}

/**
 * The Student-t confidence interval for the mean of independent samples (for example one number
 * per replication): mean +- t_{(1 + level) / 2, n - 1} * s / sqrt(n).
 *
 * With n < 2 the spread is unknown, so `halfWidth` is Infinity and the interval is
 * (-Infinity, +Infinity); with n = 0 the mean is also NaN. (In JSON, infinities become `null`.)
 * @param level confidence level in (0, 1); default 0.95.
 * @throws ParameterError if `level` is outside (0, 1).
 */
export function confidenceInterval(samples: ArrayLike<number> | RunningStats, level = 0.95): ConfidenceInterval {
  checkLevel(level);
  const stats = statsOf(samples);
  const n = stats.count;
  const mean = stats.mean;
  if (n < 2) return { mean, halfWidth: Infinity, low: -Infinity, high: Infinity, n, level };
  const halfWidth = studentTQuantile((1 + level) / 2, n - 1) * Math.sqrt(stats.variance / n);
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, n, level };
}

/** The result of {@link welchTTest}. */
export interface WelchTTestResult {
  /** The t statistic (mean_a - mean_b) / sqrt(s_a^2 / n_a + s_b^2 / n_b). */
  t: number;
  /** Welch-Satterthwaite degrees of freedom (fractional). */
  df: number;
  /** Two-sided p-value: P(|T| >= |t|) under equal means. */
  pValue: number;
  /** True if the means differ at confidence `level` (default 0.95), i.e. pValue < 1 - level. */
  significant(level?: number): boolean;
}

/**
 * Welch's two-sample t-test for equal means without assuming equal variances (Welch 1947), to
 * decide whether two sets of replications (two configurations) really differ.
 *
 * Each set needs at least two samples; otherwise t, df and pValue are NaN and `significant`
 * is false. If both sets have zero variance the test degenerates: equal means give t = 0 and
 * pValue 1, different means give t = +-Infinity and pValue 0, with df = n_a + n_b - 2.
 * @throws ParameterError from `significant` if its level is outside (0, 1).
 */
export function welchTTest(a: ArrayLike<number> | RunningStats, b: ArrayLike<number> | RunningStats): WelchTTestResult {
  const statsA = statsOf(a);
  const statsB = statsOf(b);
  const nA = statsA.count;
  const nB = statsB.count;
  if (nA < 2 || nB < 2) return welchResult(NaN, NaN, NaN);
  const errorA = statsA.variance / nA;
  const errorB = statsB.variance / nB;
  const standardError = Math.sqrt(errorA + errorB);
  const difference = statsA.mean - statsB.mean;
  if (standardError === 0) {
    const t = difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
    return welchResult(t, nA + nB - 2, difference === 0 ? 1 : 0);
  }
  const t = difference / standardError;
  const errorSum = errorA + errorB;
  const df = (errorSum * errorSum) / ((errorA * errorA) / (nA - 1) + (errorB * errorB) / (nB - 1));
  return welchResult(t, df, Math.min(1, 2 * studentTUpperTail(Math.abs(t), df)));
}

function welchResult(t: number, df: number, pValue: number): WelchTTestResult {
  return {
    t,
    df,
    pValue,
    significant(level = 0.95): boolean {
      checkLevel(level);
      return pValue < 1 - level;
    },
  };
}
