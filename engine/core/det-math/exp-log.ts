/**
 * exp, expm1, log, log1p, log2 and log10 in plain float64 arithmetic, ported from fdlibm 5.3
 * (Sun Microsystems, 1993: e_exp.c, s_expm1.c, e_log.c, s_log1p.c) and FreeBSD msun
 * (e_log2.c, e_log10.c, k_log.h, which extend fdlibm), as carried in V8's
 * src/base/ieee754.cc. Each has an error below 1 ulp by fdlibm's analysis. The method notes
 * below summarise the original comments; the constants are bit-exact (hex words beside them).
 *
 * fdlibm licence: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at
 * SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute
 * this software is freely granted, provided that this notice is preserved.
 *
 * `log` and `exp` sit on the simulator's hot path (every exponential sample takes a log), so
 * they read the words of their argument straight from the shared typed-array views, allocate
 * nothing and call nothing.
 */
import { F64, HI, I32, LO, POW2, POW2_OFFSET, U32, fromWords, highWord, lowWord, withHighWord, withLowWordZero } from "./words";

const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000: k*LN2_HI is exact for |k| < 2000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.80143985094819840000e16; // 0x43500000 00000000
const INV_LN2 = 1.44269504088896338700; // 0x3FF71547 652B82FE

// Remez coefficients of R(s) ~ (log(1+f) - 2s)/s, s = f/(2+f), |R error| < 2^-58.45 (e_log.c).
const LG1 = 6.666666666666735130e-1; // 0x3FE55555 55555593
const LG2 = 3.999999999940941908e-1; // 0x3FD99999 9997FA04
const LG3 = 2.857142874366239149e-1; // 0x3FD24924 94229359
const LG4 = 2.222219843214978396e-1; // 0x3FCC71C5 1D8E78AF
const LG5 = 1.818357216161805012e-1; // 0x3FC74664 96CB03DE
const LG6 = 1.531383769920937332e-1; // 0x3FC39A09 D078C69F
const LG7 = 1.479819860511658591e-1; // 0x3FC2F112 DF3E5244

/**
 * Natural logarithm (fdlibm e_log.c). Reduce x = 2^k (1+f) with sqrt(2)/2 < 1+f < sqrt(2),
 * then log(1+f) = 2s + s*R(s^2) with s = f/(2+f), and log(x) = k*ln2_hi + (log(1+f) + k*ln2_lo).
 * log(±0) = -Infinity, log(x < 0) = NaN, log(Infinity) = Infinity, log(NaN) = NaN.
 *
 * This is the common path of {@link logFull} only, operation for operation (so every result
 * is the same): a normal, positive, finite x not within 2^-20 of a power of two. Everything
 * else goes to logFull. Kept short so that V8 inlines it into its callers (its bytecode budget
 * for inlining is 460 bytes; the whole of logFull is about 580): an inlined log returns its
 * double in a register instead of a newly allocated heap number, which on the request path
 * was one allocation per sample.
 */
export function log(x: number): number {
  F64[0] = x;
  const hx = I32[HI]!;
  if (hx < 0x00100000 || hx >= 0x7ff00000) return logFull(x); // zero, negative, subnormal, Infinity or NaN
  const m = hx & 0x000fffff;
  if ((0x000fffff & (2 + m)) < 3) return logFull(x); // 1+f within 2^-20 of 1
  const k = (hx >> 20) - 1023 + (((m + 0x95f64) & 0x100000) >> 20);
  const f = x * POW2[POW2_OFFSET - k]! - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const r = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
  if (((m - 0x6147a) | (0x6b851 - m)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI - ((s * (f - r) - k * LN2_LO) - f);
}

/** The whole of fdlibm's e_log.c, for every input (see {@link log}). */
function logFull(x: number): number {
  F64[0] = x;
  let hx = I32[HI]!;
  let k = 0;
  if (hx < 0x00100000) { // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | U32[LO]!) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k = -54;
    x *= TWO54; // subnormal: scale into the normal range
    F64[0] = x;
    hx = I32[HI]!;
  }
  if (hx >= 0x7ff00000) return x + x;
  const e = (hx >> 20) - 1023; // x (scaled if subnormal) is in [2^e, 2^(e+1))
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000; // set when the fraction exceeds sqrt(2): use x/2
  const ek = e + (i >> 20);
  k += ek;
  // fdlibm sets the exponent field to make x/2^ek; multiplying by the exact 2^-ek gives the
  // same bits without writing a word and reading the double back (see POW2).
  const f = x * POW2[POW2_OFFSET - ek]! - 1;
  if ((0x000fffff & (2 + hx)) < 3) { // -2^-20 <= f < 2^-20: three terms of the series suffice
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - ((r - k * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) { // 1+f far from 1: the f*f/2 split is more accurate
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI - ((s * (f - r) - k * LN2_LO) - f);
}

// exp(r) = 1 + 2r/(R(r^2) - r), R(z) ~ 2 + P1 z + ... + P5 z^5 within 2^-59 on |r| <= ln2/2.
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0
const EXP_OVERFLOW = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF: log(MAX_VALUE)
const EXP_UNDERFLOW = -7.45133219101941108420e2; // 0xC0874910 D52D3051: log(MIN_VALUE / 2)
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000
const TWO_1023 = 8.98846567431158e307; // 2^1023

/**
 * e^x (fdlibm e_exp.c). Reduce x = k*ln2 + r with |r| <= ln2/2 (r carried as hi - lo), take the
 * rational approximation above, scale by 2^k. exp(1) returns Math.E exactly, as V8 does (the
 * formula is 1 ulp off there). exp(Infinity) = Infinity, exp(-Infinity) = 0, exp(NaN) = NaN.
 *
 * As with {@link log}, this is {@link expFull}'s common path only, operation for operation,
 * short enough for V8 to inline (expFull's bytecode is just over the 460-byte limit): 2^-28 <=
 * |x| < 709.78, x not 1, and a result that is normal. Everything else goes to expFull.
 */
export function exp(x: number): number {
  F64[0] = x;
  const hx = I32[HI]! & 0x7fffffff;
  if (hx >= 0x40862e42 || hx < 0x3e300000 || x === 1) return expFull(x);
  let k = 0, hi = 0, lo = 0, r = x;
  if (hx > 0x3fd62e42) { // |x| > ln2/2
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5 ln2: k = ±1
      hi = x < 0 ? x + LN2_HI : x - LN2_HI;
      lo = x < 0 ? -LN2_LO : LN2_LO;
      k = x < 0 ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    r = hi - lo;
  }
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  if (k < -1021 || k === 1024) return expFull(x);
  return (1 - ((lo - (r * c) / (2 - c)) - hi)) * POW2[POW2_OFFSET + k]!;
}

/** The whole of fdlibm's e_exp.c, for every input (see {@link exp}). */
function expFull(x: number): number {
  F64[0] = x;
  let hx = I32[HI]!;
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) { // |x| >= 709.78: overflow, underflow, Infinity or NaN
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | U32[LO]!) !== 0) return x + x; // NaN
      return negative ? 0 : x;
    }
    if (x > EXP_OVERFLOW) return Infinity;
    if (x < EXP_UNDERFLOW) return 0;
  }
  let k = 0, hi = 0, lo = 0;
  if (hx > 0x3fd62e42) { // |x| > ln2/2
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5 ln2: k = ±1
      if (x === 1) return Math.E;
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0; // round to nearest; |k| <= 1075
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) { // |x| < 2^-28: 1 + x is correctly rounded
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO_1023;
    return y * POW2[POW2_OFFSET + k]!;
  }
  return y * POW2[POW2_OFFSET + k + 1000]! * TWO_M1000; // subnormal result: round once, at the end
}

// Scaled coefficients of R1(z) ~ 1 + Q1 z + ... + Q5 z^5, within 2^-61 on [0, 0.347] (s_expm1.c).
const Q1 = -3.33333333333331316428e-2; // 0xBFA11111 111110F4
const Q2 = 1.58730158725481460165e-3; // 0x3F5A01A0 19FE5585
const Q3 = -7.93650757867487942473e-5; // 0xBF14CE19 9EAADBB7
const Q4 = 4.00821782732936239552e-6; // 0x3ED0CFCA 86E65239
const Q5 = -2.01099218183624371326e-7; // 0xBE8AFDB7 6E09C32D

/**
 * e^x - 1 without cancellation near 0 (fdlibm s_expm1.c): the same reduction as {@link exp},
 * carrying the reduction's rounding error c, and a rational approximation of expm1(r) that is
 * scaled back in the way that loses least for each range of k.
 */
export function expm1(x: number): number {
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) { // |x| >= 56 ln2
    if (hx >= 0x40862e42) { // |x| >= 709.78
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
        return negative ? -1 : x;
      }
      if (x > EXP_OVERFLOW) return Infinity;
    }
    if (negative) return -1; // e^x < 2^-56: rounds to -1
  }
  let k = 0, c = 0;
  if (hx > 0x3fd62e42) { // |x| > ln2/2
    let hi: number, lo: number;
    if (hx < 0x3ff0a2b2) {
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) { // |x| < 2^-54
    return x;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  if (k <= -2 || k > 56) { // the -1 is negligible or the result is far from -1: exp(x) - 1
    const y = 1 - (e - x);
    return (k === 1024 ? y * 2 * TWO_1023 : y * fromWords(0x3ff00000 + (k << 20), 0)) - 1;
  }
  const twoPowK = fromWords(0x3ff00000 + (k << 20), 0);
  if (k < 20) return (fromWords(0x3ff00000 - (0x200000 >> k), 0) - (e - x)) * twoPowK; // (1 - 2^-k) - (e - x)
  return (x - (e + fromWords((0x3ff - k) << 20, 0)) + 1) * twoPowK; // 1 - ((e + 2^-k) - x)
}

/**
 * log(1 + x), accurate for tiny x (fdlibm s_log1p.c): when 1+x is not exact, reduce u = 1+x
 * as {@link log} does and add back the correction c/u, c = (1+x) - u.
 * log1p(-1) = -Infinity, log1p(x < -1) = NaN.
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1, f = 0, c = 0, hu = 0;
  if (hx < 0x3fda827a) { // 1 + x < sqrt(2)
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x <= -1 (or -Infinity)
    if (ax < 0x3e200000) { // |x| < 2^-29
      return ax < 0x3c900000 ? x : x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) { // sqrt(2)/2 <= 1+x < sqrt(2): f = x exactly
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = (k > 0 ? 1 - (u - x) : x - (u - 1)) / u; // the rounding error of 1 + x, relative
    } else { // x >= 2^53: 1 + x rounds to x and c is negligible
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) { // u < sqrt(2) * 2^k
      u = withHighWord(u, hu | 0x3ff00000);
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) { // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + (c + k * LN2_LO);
    const r = hfsq * (1 - 0.66666666666666666 * f);
    return k === 0 ? f - r : k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
}

/** log(1+f) - f + f*f/2 for 1+f in [sqrt(2)/2, sqrt(2)] (FreeBSD k_log.h `k_log1p`). */
function logKernel(f: number): number {
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  return s * (0.5 * f * f + t2 + t1);
}

/**
 * Reduces finite positive normal or subnormal x to x = 2^k (1+f), sqrt(2)/2 < 1+f < sqrt(2),
 * for log2 and log10; returns f and leaves k in `reducedExponent`. Zero, negative, Infinity
 * and NaN are handled by the callers first.
 */
let reducedExponent = 0;
function reduceForLog(x: number): number {
  let k = 0;
  let hx = highWord(x);
  if (hx < 0x00100000) {
    k = -54;
    x *= TWO54;
    hx = highWord(x);
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  reducedExponent = k + (i >> 20);
  return withHighWord(x, hx | (i ^ 0x3ff00000)) - 1;
}

/** log2 and log10 of 0, negatives, Infinity, NaN and 1; undefined for other inputs. */
function logSpecial(x: number): number | undefined {
  if (x > 0 && x < Infinity) return x === 1 ? 0 : undefined;
  if (x === 0) return -Infinity;
  return x === Infinity ? x : NaN;
}

const IVLN2_HI = 1.44269504072144627571; // 0x3FF71547 65200000
const IVLN2_LO = 1.67517131648865118353e-10; // 0x3DE705FC 2EEFA200

/**
 * Base-2 logarithm (FreeBSD e_log2.c): the reduction of {@link log}, then
 * (f - f*f/2 + kernel) / ln2 + k with f - f*f/2 split into hi + lo and the final sum with k
 * done in extra precision (Dekker), since k + val cancels badly near sqrt(2) and 1/sqrt(2).
 * Exact for powers of two.
 */
export function log2(x: number): number {
  const special = logSpecial(x);
  if (special !== undefined) return special;
  const f = reduceForLog(x);
  const y = reducedExponent;
  const hfsq = 0.5 * f * f;
  const r = logKernel(f);
  const hi = withLowWordZero(f - hfsq);
  const lo = (f - hi) - hfsq + r;
  let valHi = hi * IVLN2_HI;
  let valLo = (lo + hi) * IVLN2_LO + lo * IVLN2_HI;
  const w = y + valHi;
  valLo += (y - w) + valHi;
  valHi = w;
  return valLo + valHi;
}

const IVLN10_HI = 4.34294481878168880939e-1; // 0x3FDBCB7B 15200000
const IVLN10_LO = 2.50829467116452752298e-11; // 0x3DBB9438 CA9AADD5
const LOG10_2_HI = 3.01029995663611771306e-1; // 0x3FD34413 509F6000
const LOG10_2_LO = 3.69423907715893078616e-13; // 0x3D59FEF3 11F12B36

/**
 * Base-10 logarithm (FreeBSD e_log10.c): as {@link log2}, scaled by 1/ln10 and adding
 * k*log10(2) in extra precision.
 */
export function log10(x: number): number {
  const special = logSpecial(x);
  if (special !== undefined) return special;
  const f = reduceForLog(x);
  const y = reducedExponent;
  const hfsq = 0.5 * f * f;
  const r = logKernel(f);
  const hi = withLowWordZero(f - hfsq);
  const lo = (f - hi) - hfsq + r;
  let valHi = hi * IVLN10_HI;
  const y2 = y * LOG10_2_HI;
  let valLo = y * LOG10_2_LO + (lo + hi) * IVLN10_LO + lo * IVLN10_HI;
  const w = y2 + valHi;
  valLo += (y2 - w) + valHi;
  valHi = w;
  return valLo + valHi;
}
