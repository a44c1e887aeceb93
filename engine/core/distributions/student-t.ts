/**
 * Student's t distribution: its CDF and quantile for any real degrees of freedom > 0 (Welch's
 * test produces fractional ones), built on the regularised incomplete beta function. Confidence
 * intervals and Welch's test over replications (engine/theory/inference.ts) rest on these.
 *
 * The quantile is Newton's method started from the Cornish-Fisher expansion, which needs the
 * normal quantile, and the beta function needs ln Gamma: both come from special-functions.ts
 * (one of each in the engine). Only IEEE-754 arithmetic and det-math's log/exp/tan, so results
 * are identical on every run and in every JavaScript engine.
 */
import { assert, ParameterError } from "../assert";
import { dmath } from "../det-math";
import { lnGamma, normalQuantile } from "./special-functions";

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
  const logFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * dmath.log(x) + b * dmath.log1p(-x);
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
 * P(T > t) for t >= 0 and Student's t with `df` degrees of freedom (any real > 0), computed
 * directly (not as 1 - CDF) so it stays accurate far in the tail:
 * P(T > t) = I_{df / (df + t^2)}(df / 2, 1 / 2) / 2. Returns 0 at t = Infinity.
 * Inputs are not checked (callers pass t >= 0 and df > 0); see {@link studentTCdf}.
 */
export function studentTUpperTail(t: number, df: number): number {
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
  const logNormalizer = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * dmath.log(df * Math.PI);
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
