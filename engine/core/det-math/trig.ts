/**
 * sin, cos and tan in plain float64 arithmetic, ported from fdlibm 5.3 (Sun Microsystems,
 * 1993: s_sin.c, s_cos.c, s_tan.c, k_sin.c, k_cos.c, k_tan.c) as in V8's src/base/ieee754.cc.
 * Error below 1 ulp for every finite argument: `remPio2` reduces exactly enough (Payne-Hanek
 * for huge arguments), then minimax polynomials on [-pi/4, pi/4] take the reduced argument as
 * head + tail. With n the quadrant:
 *
 *     n mod 4    sin     cos     tan
 *        0        S       C       T
 *        1        C      -S     -1/T
 *        2       -S      -C       T
 *        3       -C       S     -1/T
 *
 * trig(±Infinity) and trig(NaN) are NaN; sin(-0) = -0, tan(-0) = -0.
 *
 * fdlibm licence: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at
 * SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute
 * this software is freely granted, provided that this notice is preserved.
 */
import { fromWords, highWord, lowWord, withLowWordZero } from "./words";
import { remPio2, remY0, remY1 } from "./rem-pio2";

// sin(x)/x ~ 1 + S1 x^2 + ... + S6 x^12 within 2^-58 on [0, pi/4] (k_sin.c).
const S1 = -1.66666666666666324348e-1; // 0xBFC55555 55555549
const S2 = 8.33333333332248946124e-3; // 0x3F811111 1110F8A6
const S3 = -1.98412698298579493134e-4; // 0xBF2A01A0 19C161D5
const S4 = 2.75573137070700676789e-6; // 0x3EC71DE3 57B1FE7D
const S5 = -2.50507602534068634195e-8; // 0xBE5AE5E6 8A2B9CEB
const S6 = 1.58969099521155010221e-10; // 0x3DE5D93A 5ACFD57C

/** sin(x + y) for |x| <= pi/4, y the tail of x (k_sin.c); `hasTail` false means y = 0. */
function kernelSin(x: number, y: number, hasTail: boolean): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return x; // |x| < 2^-27: sin(x) rounds to x
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (!hasTail) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

// cos(x) ~ 1 - x^2/2 + C1 x^4 + ... + C6 x^14 within 2^-58 on [0, pi/4] (k_cos.c).
const C1 = 4.16666666666666019037e-2; // 0x3FA55555 5555554C
const C2 = -1.38888888888741095749e-3; // 0xBF56C16C 16C15177
const C3 = 2.48015872894767294178e-5; // 0x3EFA01A0 19CB1590
const C4 = -2.75573143513906633035e-7; // 0xBE927E4F 809C52AD
const C5 = 2.08757232129817482790e-9; // 0x3E21EE9E BDB4B1C4
const C6 = -1.13596475577881948265e-11; // 0xBDA8FAE9 BE8838D4

/**
 * cos(x + y) for |x| <= pi/4 (k_cos.c). For |x| >= 0.3 the constant qx ~ x^2/4 is subtracted
 * from both 1 and x^2/2 (exactly) so the final subtraction loses less.
 */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0); // |x|/4, low bits cleared
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

// tan(x)/x ~ 1 + T0 x^2 + ... + T12 x^26 within 2^-59.2 on [0, 0.67434] (k_tan.c).
const T = [
  3.33333333333334091986e-1, // 3FD55555 55555563
  1.33333333333201242699e-1, // 3FC11111 1110FE7A
  5.39682539762260521377e-2, // 3FABA1BA 1BB341FE
  2.18694882948595424599e-2, // 3F9664F4 8406D637
  8.86323982359930005737e-3, // 3F8226E3 E96E8493
  3.59207910759131235356e-3, // 3F6D6D22 C9560328
  1.45620945432529025516e-3, // 3F57DBC8 FEE08315
  5.88041240820264096874e-4, // 3F4344D8 F2F26501
  2.46463134818469906812e-4, // 3F3026F7 1A8D1068
  7.81794442939557092300e-5, // 3F147E88 A03792A6
  7.14072491382608190305e-5, // 3F12B80F 32F0A7E9
  -1.85586374855275456654e-5, // BEF375CB DB605373
  2.59073051863633712884e-5, // 3EFB2A70 74BF7AD4
] as const;
const PIO4 = 7.85398163397448278999e-1; // 3FE921FB 54442D18
const PIO4_LO = 3.06161699786838301793e-17; // 3C81A626 33145C07

/**
 * tan(x + y) (iy = 1) or -1/tan(x + y) (iy = -1) for |x| <= pi/4 (k_tan.c). Above 0.6744 it
 * uses tan(pi/4 - t) = (1 - tan t)/(1 + tan t); -1/tan is computed with a split divisor so it
 * stays within 1 ulp.
 */
function kernelTan(x: number, y: number, iy: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x3e300000) { // |x| < 2^-28
    if (((ix | lowWord(x)) | (iy + 1)) === 0) return 1 / Math.abs(x);
    if (iy === 1) return x;
    return negativeReciprocal(x + y, y - (withLowWordZero(x + y) - x));
  }
  const big = ix >= 0x3fe59428; // |x| >= 0.6744
  if (big) {
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    x = (PIO4 - x) + (PIO4_LO - y);
    y = 0;
  }
  const z = x * x;
  const w = z * z;
  // x^5 (T1 + x^2 T2 + ...) split into odd and even powers of w for parallel evaluation.
  let r = T[1] + w * (T[3] + w * (T[5] + w * (T[7] + w * (T[9] + w * T[11]))));
  const v = z * (T[2] + w * (T[4] + w * (T[6] + w * (T[8] + w * (T[10] + w * T[12])))));
  const s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T[0] * s;
  const sum = x + r;
  if (big) return (1 - ((hx >> 30) & 2)) * (iy - 2 * (x - ((sum * sum) / (sum + iy) - r)));
  if (iy === 1) return sum;
  return negativeReciprocal(sum, r - (withLowWordZero(sum) - x));
}

/** -1/w accurately, given w and the tail v of its high part (w = hi(w) + v). */
function negativeReciprocal(w: number, v: number): number {
  const z = withLowWordZero(w);
  const a = -1 / w;
  const t = withLowWordZero(a);
  const s = 1 + t * z;
  return t + a * (s + t * v);
}

/** Sine of x (radians). */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, false); // |x| <= pi/4
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x);
  switch (n & 3) {
    case 0: return kernelSin(remY0, remY1, true);
    case 1: return kernelCos(remY0, remY1);
    case 2: return -kernelSin(remY0, remY1, true);
    default: return -kernelCos(remY0, remY1);
  }
}

/** Cosine of x (radians). */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x);
  switch (n & 3) {
    case 0: return kernelCos(remY0, remY1);
    case 1: return -kernelSin(remY0, remY1, true);
    case 2: return -kernelCos(remY0, remY1);
    default: return kernelSin(remY0, remY1, true);
  }
}

/** Tangent of x (radians). */
export function tan(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelTan(x, 0, 1);
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x);
  return kernelTan(remY0, remY1, 1 - ((n & 1) << 1));
}
