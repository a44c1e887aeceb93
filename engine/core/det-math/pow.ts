/**
 * x^y in plain float64 arithmetic, ported from fdlibm 5.3 e_pow.c (Sun Microsystems, 1993; the
 * version V8 carried as `ieee754::legacy::pow`). Error below 1 ulp; pow(integer, integer) is
 * exact whenever the result is representable.
 *
 * Method: write x = 2^n (1+f) and compute log2(x) = t1 + t2 where t1 has its low 32 bits clear;
 * multiply by y = y1 + y2 (y1 likewise) in simulated extra precision to get y*log2(x) = n' + y'
 * with |y'| <= 1/2; return 2^n' * exp(y' ln2).
 *
 * Special cases follow ECMAScript Number::exponentiate, which kept fdlibm's answers where IEEE
 * 754-2008 later changed them: pow(x, ±0) = 1 even for NaN x; pow(x, NaN) = NaN even for x = 1;
 * pow(±1, ±Infinity) = NaN; pow(negative, non-integer) = NaN; the sign of zero and infinite
 * results follows whether y is an odd integer.
 *
 * fdlibm licence: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at
 * SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute
 * this software is freely granted, provided that this notice is preserved.
 */
import { F64, HI, I32, LO, U32, fromWords, scalbn, withHighWord, withLowWordZero } from "./words";

const DP_H = 5.84962487220764160156e-1; // 0x3FE2B803 40000000: log2(1.5) high
const DP_L = 1.35003920212974897128e-8; // 0x3E4CFDEB 43CFD006: log2(1.5) low
const TWO53 = 9007199254740992; // 0x43400000 00000000
// Coefficients of (3/2)(log(x) - 2s - 2/3 s^3) (e_pow.c).
const L1 = 5.99999999999994648725e-1; // 0x3FE33333 33333303
const L2 = 4.28571428578550184252e-1; // 0x3FDB6DB6 DB6FABFF
const L3 = 3.33333329818377432918e-1; // 0x3FD55555 518F264D
const L4 = 2.72728123808534006489e-1; // 0x3FD17460 A91D4101
const L5 = 2.30660745775561754067e-1; // 0x3FCD864A 93C9DB65
const L6 = 2.06975017800338417784e-1; // 0x3FCA7E28 4A454EEF
// exp's coefficients (see exp-log.ts).
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0
const LG2 = 6.93147180559945286227e-1; // 0x3FE62E42 FEFA39EF
const LG2_H = 6.93147182464599609375e-1; // 0x3FE62E43 00000000
const LG2_L = -1.90465429995776804525e-9; // 0xBE205C61 0CA86C39
const OVT = 8.0085662595372944372e-17; // -(1024 - log2(MAX_VALUE + 0.5 ulp))
const CP = 9.61796693925975554329e-1; // 0x3FEEC709 DC3A03FD = 2/(3 ln2)
const CP_H = 9.61796700954437255859e-1; // 0x3FEEC709 E0000000 = (float)CP
const CP_L = -7.02846165095275826516e-9; // 0xBE3E2FE0 145B01F5 = tail of CP_H
const IVLN2 = 1.44269504088896338700; // 0x3FF71547 652B82FE = 1/ln2
const IVLN2_H = 1.44269502162933349609; // 0x3FF71547 60000000 = 24 bits of 1/ln2
const IVLN2_L = 1.92596299112661746887e-8; // 0x3E54AE0B F85DDF44 = tail of IVLN2_H

/** x raised to the power y, as ECMAScript's `**` defines it (see the file comment). */
export function pow(x: number, y: number): number {
  F64[0] = x;
  const hx = I32[HI]!, lx = U32[LO]!;
  F64[0] = y;
  const hy = I32[HI]!, ly = U32[LO]!;
  const ix = hx & 0x7fffffff, iy = hy & 0x7fffffff;

  if ((iy | ly) === 0) return 1; // x^±0 = 1, even for NaN x
  if (x !== x || y !== y) return NaN;

  // yIsInt: 0 = y is not an integer, 1 = odd integer, 2 = even integer (only needed for x < 0).
  let yIsInt = 0;
  if (hx < 0) yIsInt = integerKind(iy, ly);

  if (ly === 0) {
    if (iy === 0x7ff00000) { // y = ±Infinity
      if (((ix - 0x3ff00000) | lx) === 0) return NaN; // (±1)^±Infinity is NaN in ECMAScript
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // |x| > 1
      return hy < 0 ? -y : 0; // |x| < 1
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = ±1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y = 0.5, x >= +0 (sqrt is exact IEEE)
  }

  const ax = Math.abs(x); // exact; unlike x < 0 ? -x : x, it clears the sign of -0
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) { // x = ±0, ±Infinity, ±1
    let z = hy < 0 ? 1 / ax : ax;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yIsInt) === 0) z = NaN; // (-1)^non-integer
      else if (yIsInt === 1) z = -z; // negative^odd
    }
    return z;
  }

  if (hx < 0 && yIsInt === 0) return NaN; // negative^non-integer
  const sign = hx < 0 && yIsInt === 1 ? -1 : 1;

  let t1: number, t2: number;
  if (iy > 0x41e00000) { // |y| > 2^31
    if (iy > 0x43f00000) { // |y| > 2^64: must overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? Infinity : 0;
      if (ix >= 0x3ff00000) return hy > 0 ? Infinity : 0;
    }
    if (ix < 0x3fefffff) return hy < 0 ? sign * Infinity : sign * 0;
    if (ix > 0x3ff00000) return hy > 0 ? sign * Infinity : sign * 0;
    // |1 - x| <= 2^-20: log(x) from the series x - x^2/2 + x^3/3 - x^4/4.
    const t = ax - 1; // exact, with 20 trailing zeros
    const w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = IVLN2_H * t; // exact: IVLN2_H has 21 significant bits
    const v = t * IVLN2_L - w * IVLN2;
    t1 = withLowWordZero(u + v);
    t2 = v - (t1 - u);
  } else {
    t1 = log2Split(ax, ix);
    t2 = log2Tail;
  }

  // (y1 + y2) * (t1 + t2) = p_h + p_l, y1 = y with its low word cleared.
  const y1 = withLowWordZero(y);
  const pl = (y - y1) * t1 + y * t2;
  let ph = y1 * t1;
  let z = pl + ph;
  F64[0] = z;
  const j = I32[HI]!, i = U32[LO]!;
  if (j >= 0x40900000) { // z >= 1024
    if (((j - 0x40900000) | i) !== 0) return sign * Infinity;
    if (pl + OVT > z - ph) return sign * Infinity;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) { // z <= -1075
    if (((j - (0xc090cc00 | 0)) | i) !== 0) return sign * 0;
    if (pl <= z - ph) return sign * 0;
  }

  // 2^(p_h + p_l): split off the integer n nearest to z, then exp of the rest times ln2.
  const ij = j & 0x7fffffff;
  let k = (ij >> 20) - 0x3ff;
  let n = 0;
  if (ij > 0x3fe00000) { // |z| > 0.5
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff;
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    ph -= t;
  }
  const t = withLowWordZero(pl + ph);
  const u = t * LG2_H;
  const v = (pl - (t - ph)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const q1 = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  const r = (z * q1) / (q1 - 2) - (w + z * w);
  z = 1 - (r - z);
  F64[0] = z;
  const jz = I32[HI]! + (n << 20);
  if (jz >> 20 <= 0) return sign * scalbn(z, n); // subnormal result
  I32[HI] = jz;
  return sign * F64[0]!;
}

/** Whether y (high word without sign `iy`, low word `ly`) is 0 not an integer, 1 odd, 2 even. */
function integerKind(iy: number, ly: number): number {
  if (iy >= 0x43400000) return 2; // |y| >= 2^53: even
  if (iy < 0x3ff00000) return 0; // |y| < 1
  const k = (iy >> 20) - 0x3ff; // exponent
  if (k > 20) {
    const j = ly >>> (52 - k);
    return ((j << (52 - k)) >>> 0) === ly ? 2 - (j & 1) : 0;
  }
  if (ly !== 0) return 0;
  const j = iy >> (20 - k);
  return j << (20 - k) === iy ? 2 - (j & 1) : 0;
}

/** The low part t2 of log2(|x|) = t1 + t2 from the last {@link log2Split} call. */
let log2Tail = 0;

/**
 * log2(ax) = t1 + t2 in extra precision for finite ax > 0 (fdlibm e_pow.c): returns t1 (low word
 * clear) and leaves t2 in `log2Tail`. With ax = 2^n * m, m in [1, 2) normalised to the nearer
 * of 1 and 1.5 (bp), s = (m - bp)/(m + bp) and log(m) = log(bp) + 2s + 2/3 s^3 + s^5 R(s^2).
 */
function log2Split(ax: number, ix: number): number {
  let n = 0;
  if (ix < 0x00100000) { // subnormal
    ax *= TWO53;
    n -= 53;
    F64[0] = ax;
    ix = I32[HI]!;
  }
  n += (ix >> 20) - 0x3ff;
  const j = ix & 0x000fffff;
  ix = j | 0x3ff00000;
  let k: number;
  if (j <= 0x3988e) k = 0; // m < sqrt(3/2)
  else if (j < 0xbb67a) k = 1; // m < sqrt(3)
  else {
    k = 0;
    n += 1;
    ix -= 0x00100000;
  }
  ax = withHighWord(ax, ix);
  const bp = k === 0 ? 1 : 1.5;

  // ss = s_h + s_l = (m - bp)/(m + bp)
  let u = ax - bp;
  let v = 1 / (ax + bp);
  const ss = u * v;
  const sh = withLowWordZero(ss);
  let th = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0); // m + bp, high part
  let tl = ax - (th - bp);
  const sl = v * ((u - sh * th) - sh * tl);
  // log(m)
  let s2 = ss * ss;
  let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
  r += sl * (sh + ss);
  s2 = sh * sh;
  th = withLowWordZero(3 + s2 + r);
  tl = r - ((th - 3) - s2);
  // u + v = ss * (1 + ...)
  u = sh * th;
  v = sl * th + tl * ss;
  // 2/(3 ln2) * (ss + ...)
  const ph = withLowWordZero(u + v);
  const pl = v - (ph - u);
  const zh = CP_H * ph;
  const zl = CP_L * ph + pl * CP + (k === 0 ? 0 : DP_L);
  const dph = k === 0 ? 0 : DP_H;
  const t1 = withLowWordZero(((zh + zl) + dph) + n);
  log2Tail = zl - (((t1 - n) - dph) - zh);
  return t1;
}
