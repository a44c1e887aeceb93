/**
 * Special functions behind the distributions: the standard normal CDF and its inverse, the log
 * gamma function and the regularised incomplete gamma function, all to near double precision.
 *
 * Only IEEE-754 arithmetic and `Math.exp/log/sqrt/sin` are used, so results are identical on
 * every run (they may differ in the last bit between JavaScript engines, see STYLE.md).
 */
import { assert } from "../assert";
import { dmath } from "../det-math";

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969)
// 631-637, as used by R's pnorm and GSL's gsl_cdf_ugaussian_P: relative error about 1e-16,
// including the far tails (P(Z < -37.5) underflows to 0).
const CODY_A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const CODY_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const CODY_C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
  1.0765576773720192317e-8,
];
const CODY_D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
  18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const CODY_P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
  2.9112874951168792e-5, 0.02307344176494017303,
];
const CODY_Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_32 = 5.656854249492380195;

/**
 * exp(-y^2 / 2) * factor, with y^2 split into an exactly representable part (y rounded down to
 * a multiple of 1/16) and a small remainder, so the exponent's rounding error does not grow
 * with y (Cody's trick).
 */
function gaussianTail(y: number, factor: number): number {
  const ySplit = Math.trunc(y * 16) / 16;
  const remainder = (y - ySplit) * (y + ySplit);
  return dmath.exp(-ySplit * ySplit * 0.5) * dmath.exp(-remainder * 0.5) * factor;
}

/**
 * The standard normal CDF, P(Z <= z). Accurate to about 1e-16 relative in both tails, so
 * `normalCdf(-z)` is the accurate upper tail P(Z > z).
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const y = Math.abs(z);
  if (y <= 0.66291) {
    const zz = y > 1.11e-16 ? z * z : 0;
    let num = CODY_A[4]! * zz;
    let den = zz;
    for (let i = 0; i < 3; i++) {
      num = (num + CODY_A[i]!) * zz;
      den = (den + CODY_B[i]!) * zz;
    }
    return 0.5 + (z * (num + CODY_A[3]!)) / (den + CODY_B[3]!);
  }
  let tail: number; // P(Z > y)
  if (y <= SQRT_32) {
    let num = CODY_C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + CODY_C[i]!) * y;
      den = (den + CODY_D[i]!) * y;
    }
    tail = gaussianTail(y, (num + CODY_C[7]!) / (den + CODY_D[7]!));
  } else if (y < 38) {
    const inv = 1 / (y * y);
    let num = CODY_P[5]! * inv;
    let den = inv;
    for (let i = 0; i < 4; i++) {
      num = (num + CODY_P[i]!) * inv;
      den = (den + CODY_Q[i]!) * inv;
    }
    const series = (inv * (num + CODY_P[4]!)) / (den + CODY_Q[4]!);
    tail = gaussianTail(y, (INV_SQRT_2PI - series) / y);
  } else {
    tail = 0;
  }
  return z > 0 ? 1 - tail : tail;
}

/** The standard normal density, exp(-z^2 / 2) / sqrt(2 pi). */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * dmath.exp(-0.5 * z * z);
}

// M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
// Applied Statistics 37 (1988) 477-484 (PPND16): relative error about 1e-16.
// AS241_A and AS241_B (the central branch) are written out in normalQuantile.
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const AS241_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const AS241_F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/** Evaluates the degree-7 polynomial with coefficients `c` (constant term first) at `x`. */
function polynomial7(c: readonly number[], x: number): number {
  return ((((((c[7]! * x + c[6]!) * x + c[5]!) * x + c[4]!) * x + c[3]!) * x + c[2]!) * x + c[1]!) * x + c[0]!;
}

/**
 * The standard normal quantile: the z with P(Z <= z) = p. Returns -Infinity for p = 0,
 * Infinity for p = 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    // The central branch (85 % of draws) with its coefficients written out: the same
    // operations in the same order as polynomial7(AS241_A, r) / polynomial7(AS241_B, r), so the
    // same bits, without 16 array reads per draw (lognormal network and service times draw here).
    const r = 0.180625 - q * q;
    const a = ((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
      13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608;
    const b = ((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
      5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1;
    return (q * a) / b;
  }
  let r = Math.sqrt(-dmath.log(q < 0 ? p : 1 - p));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = polynomial7(AS241_C, r) / polynomial7(AS241_D, r);
  } else {
    r -= 5;
    z = polynomial7(AS241_E, r) / polynomial7(AS241_F, r);
  }
  return q < 0 ? -z : z;
}

// Lanczos approximation (C. Lanczos, SIAM J. Numer. Anal. B 1 (1964) 86-96) with g = 7 and
// the nine coefficients computed by P. Godfrey: relative error below 1e-15 for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LN_SQRT_2PI = 0.9189385332046728;

/** ln(Gamma(x)) for x > 0 (NaN for x <= 0 or NaN). */
export function lnGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < 0.5) {
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x), keeps the series in its best range.
    return dmath.log(Math.PI / dmath.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const xm1 = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (xm1 + i);
  const t = xm1 + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (xm1 + 0.5) * dmath.log(t) - t + dmath.log(sum);
}

const GAMMA_EPSILON = Number.EPSILON;
const GAMMA_TINY = 1e-300;

/**
 * The regularised lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a), the CDF of
 * a Gamma(shape a, scale 1) variable at x. `a` > 0; returns 0 for x <= 0 and 1 for x = Infinity.
 *
 * Series for x < a + 1, Lentz's continued fraction for the complement otherwise (Numerical
 * Recipes 6.2). Both need O(sqrt(a)) terms; the budget allows ample margin.
 * @throws AssertionError if a series fails to converge within its budget (a bug, not bad input).
 */
export function regularizedGammaP(a: number, x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  const lnPrefix = a * dmath.log(x) - x - lnGamma(a);
  const iterationsMax = 200 + Math.ceil(30 * Math.sqrt(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= iterationsMax; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) <= Math.abs(sum) * GAMMA_EPSILON) return Math.min(1, sum * dmath.exp(lnPrefix));
    }
    assert(false, `incomplete gamma series did not converge in ${iterationsMax} terms (a ${a}, x ${x})`);
  }
  let b = x + 1 - a;
  let c = 1 / GAMMA_TINY;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i <= iterationsMax; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < GAMMA_TINY) d = GAMMA_TINY;
    c = b + an / c;
    if (Math.abs(c) < GAMMA_TINY) c = GAMMA_TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) <= GAMMA_EPSILON) return Math.max(0, 1 - dmath.exp(lnPrefix) * fraction);
  }
  assert(false, `incomplete gamma continued fraction did not converge in ${iterationsMax} terms (a ${a}, x ${x})`);
}

/**
 * A starting point for {@link gammaQuantile}: the Wilson-Hilferty cube-root normal
 * approximation for a >= 1, and for a < 1 the smaller of that and the small-x expansion
 * P(a, x) ~ x^a / Gamma(a + 1), which is good where most of the mass sits near zero.
 */
function gammaQuantileGuess(a: number, p: number): number {
  const z = normalQuantile(p);
  const cube = 1 - 1 / (9 * a) + z / (3 * Math.sqrt(a));
  const wilsonHilferty = cube > 0 ? a * cube * cube * cube : Infinity;
  const smallX = dmath.exp((dmath.log(p) + lnGamma(a + 1)) / a);
  if (a < 1 || wilsonHilferty === Infinity) return Math.min(wilsonHilferty, smallX);
  return wilsonHilferty;
}

/**
 * The quantile of Gamma(shape a, scale 1): the x with P(a, x) = p, for a > 0 and p in [0, 1].
 *
 * Newton's method on P(a, x) - p from {@link gammaQuantileGuess}, kept inside a bracket
 * that shrinks with every evaluation and falls back to bisection when a step leaves it. Stops at
 * a relative step of 1e-14 or after 200 iterations (the bracket then bounds the error).
 */
export function gammaQuantile(a: number, p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  const lnGammaA = lnGamma(a);
  let x = gammaQuantileGuess(a, p);
  let lo = 0;
  let hi = Infinity;
  for (let iteration = 0; iteration < 200; iteration++) {
    const error = regularizedGammaP(a, x) - p;
    if (error === 0) return x;
    if (error < 0) lo = x;
    else hi = x;
    const density = dmath.exp((a - 1) * dmath.log(x) - x - lnGammaA);
    let next = x - error / density;
    // Far in a tail the density is tiny and Newton overshoots: bisect (geometrically once the
    // bracket is bounded) instead, and grow at most fourfold while it is not.
    const upper = hi === Infinity ? 4 * x : hi;
    if (!(next > lo && next < upper)) next = hi === Infinity ? 4 * x : lo > 0 ? Math.sqrt(lo * hi) : hi / 2;
    if (Math.abs(next - x) <= 1e-14 * x) return next;
    x = next;
  }
  return x;
}
