/**
 * atan, atan2 and cbrt in plain float64 arithmetic: atan and atan2 from fdlibm 5.3 (Sun
 * Microsystems, 1993: s_atan.c, e_atan2.c), cbrt from FreeBSD msun s_cbrt.c (Bruce Evans's
 * rewrite of fdlibm's), all as in V8's src/base/ieee754.cc. Errors below 1 ulp (cbrt < 0.667).
 *
 * fdlibm licence: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at
 * SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute
 * this software is freely granted, provided that this notice is preserved.
 */
import { F64, HI, I32, LO, U32, fromWords, highWord } from "./words";

const ATAN_HI = [
  4.63647609000806093515e-1, // atan(0.5) hi  0x3FDDAC67 0561BB4F
  7.85398163397448278999e-1, // atan(1.0) hi  0x3FE921FB 54442D18
  9.82793723247329054082e-1, // atan(1.5) hi  0x3FEF730B D281F69B
  1.57079632679489655800, // atan(inf) hi  0x3FF921FB 54442D18
] as const;
const ATAN_LO = [
  2.26987774529616870924e-17, // 0x3C7A2B7F 222F65E2
  3.06161699786838301793e-17, // 0x3C81A626 33145C07
  1.39033110312309984516e-17, // 0x3C700788 7AF0CBBD
  6.12323399573676603587e-17, // 0x3C91A626 33145C07
] as const;
// atan(x) ~ x - x^3 (aT0 + aT1 x^2 + ... + aT10 x^20) on [0, 7/16].
const AT = [
  3.33333333333329318027e-1, // 0x3FD55555 5555550D
  -1.99999999998764832476e-1, // 0xBFC99999 9998EBC4
  1.42857142725034663711e-1, // 0x3FC24924 920083FF
  -1.11111104054623557880e-1, // 0xBFBC71C6 FE231671
  9.09088713343650656196e-2, // 0x3FB745CD C54C206E
  -7.69187620504482999495e-2, // 0xBFB3B0F2 AF749A6D
  6.66107313738753120669e-2, // 0x3FB10D66 A0D03D51
  -5.83357013379057348645e-2, // 0xBFADDE2D 52DEFD9A
  4.97687799461593236017e-2, // 0x3FA97B4B 24760DEB
  -3.65315727442169155270e-2, // 0xBFA2B444 2C6A6C2F
  1.62858201153657823623e-2, // 0x3F90AD3A E322DA11
] as const;

/**
 * Arctangent, in radians in [-pi/2, pi/2] (fdlibm s_atan.c): reduce |x| to one of
 * [0, 7/16], atan(1/2) + atan((2t-1)/(2+t)), atan(1) + atan((t-1)/(t+1)),
 * atan(3/2) + atan((t-1.5)/(1+1.5t)), pi/2 + atan(-1/t), then an odd polynomial.
 */
export function atan(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x44100000) { // |x| >= 2^66 (or NaN)
    if (x !== x) return x;
    return hx > 0 ? ATAN_HI[3] + ATAN_LO[3] : -ATAN_HI[3] - ATAN_LO[3];
  }
  let id: number;
  if (ix < 0x3fdc0000) { // |x| < 7/16
    if (ix < 0x3e400000) return x; // |x| < 2^-27
    id = -1;
  } else {
    x = Math.abs(x);
    if (ix < 0x3ff30000) { // |x| < 19/16
      if (ix < 0x3fe60000) { // 7/16 <= |x| < 11/16
        id = 0;
        x = (2 * x - 1) / (2 + x);
      } else { // 11/16 <= |x| < 19/16
        id = 1;
        x = (x - 1) / (x + 1);
      }
    } else if (ix < 0x40038000) { // |x| < 39/16
      id = 2;
      x = (x - 1.5) / (1 + 1.5 * x);
    } else { // 39/16 <= |x| < 2^66
      id = 3;
      x = -1 / x;
    }
  }
  const z = x * x;
  const w = z * z;
  // The sum of aT[i] z^(i+1) split into odd and even parts.
  const s1 = z * (AT[0] + w * (AT[2] + w * (AT[4] + w * (AT[6] + w * (AT[8] + w * AT[10])))));
  const s2 = w * (AT[1] + w * (AT[3] + w * (AT[5] + w * (AT[7] + w * AT[9]))));
  if (id < 0) return x - x * (s1 + s2);
  const r = ATAN_HI[id]! - ((x * (s1 + s2) - ATAN_LO[id]!) - x);
  return hx < 0 ? -r : r;
}

const PI = 3.1415926535897931160; // 0x400921FB 54442D18
const PI_LO = 1.2246467991473531772e-16; // 0x3CA1A626 33145C07
const PI_O_2 = 1.5707963267948965580; // 0x3FF921FB 54442D18
const PI_O_4 = 7.8539816339744827900e-1; // 0x3FE921FB 54442D18
/** atan2 results by m = 2*sign(x) + sign(y) when both are infinite, and when only x is. */
const ATAN2_BOTH_INFINITE = [PI_O_4, -PI_O_4, 3 * PI_O_4, -3 * PI_O_4] as const;
const ATAN2_X_INFINITE = [0, -0, PI, -PI] as const;

/**
 * The angle of the point (x, y) from the positive x axis, in radians in [-pi, pi] (fdlibm
 * e_atan2.c): atan(|y/x|) placed in the right quadrant with pi carried as PI + PI_LO; the
 * signed zeros and infinities follow ECMAScript (atan2(±0, -0) = ±pi, atan2(±0, +0) = ±0, ...).
 */
export function atan2(y: number, x: number): number {
  if (x !== x || y !== y) return NaN;
  if (x === 1) return atan(y);
  F64[0] = x;
  const hx = I32[HI]!, lx = U32[LO]!;
  F64[0] = y;
  const hy = I32[HI]!, ly = U32[LO]!;
  const ix = hx & 0x7fffffff, iy = hy & 0x7fffffff;
  let m = ((hy >> 31) & 1) | ((hx >> 30) & 2); // 2*sign(x) + sign(y)
  if ((iy | ly) === 0) { // y = ±0
    if (m < 2) return y;
    return m === 2 ? PI : -PI;
  }
  if ((ix | lx) === 0) return hy < 0 ? -PI_O_2 : PI_O_2; // x = ±0
  if (ix === 0x7ff00000) { // x = ±Infinity
    return iy === 0x7ff00000 ? ATAN2_BOTH_INFINITE[m]! : ATAN2_X_INFINITE[m]!;
  }
  if (iy === 0x7ff00000) return hy < 0 ? -PI_O_2 : PI_O_2; // y = ±Infinity
  const k = (iy - ix) >> 20;
  let z: number;
  if (k > 60) { // |y/x| > 2^60
    z = PI_O_2 + 0.5 * PI_LO;
    m &= 1;
  } else if (hx < 0 && k < -60) { // |y|/x tiny and x < 0
    z = 0;
  } else {
    z = atan(Math.abs(y / x));
  }
  switch (m) {
    case 0: return z;
    case 1: return -z;
    case 2: return PI - (z - PI_LO);
    default: return (z - PI_LO) - PI;
  }
}

const B1 = 715094163; // (1023 - 1023/3 - 0.03306235651) * 2^20
const B2 = 696219795; // (1023 - 1023/3 - 54/3 - 0.03306235651) * 2^20
// |1/cbrt(r) - P(r)| < 2^-23.5 for |r - 1| < 1/10.
const CP0 = 1.87595182427177009643; // 0x3FFE03E6 0F61E692
const CP1 = -1.88497979543377169875; // 0xBFFE28E0 92F02420
const CP2 = 1.621429720105354466140; // 0x3FF9F160 4A49D6C2
const CP3 = -0.758397934778766047437; // 0xBFE844CB BEE751D9
const CP4 = 0.145996192886612446982; // 0x3FC2B000 D4E4EDD7

/**
 * Cube root (FreeBSD s_cbrt.c): a 5-bit estimate from dividing the exponent bits by 3, a
 * polynomial step to 23 bits, rounding away from zero to 23 bits so t*t is exact, then one
 * Newton step to 53 bits with error < 0.667 ulp. cbrt(±0) = ±0, cbrt(±Infinity) = ±Infinity.
 */
export function cbrt(x: number): number {
  F64[0] = x;
  let hx = I32[HI]!;
  const low = U32[LO]!;
  const sign = hx & 0x80000000;
  hx ^= sign;
  if (hx >= 0x7ff00000) return x + x; // NaN, ±Infinity
  let t: number;
  if (hx < 0x00100000) { // zero or subnormal
    if ((hx | low) === 0) return x;
    const scaled = fromWords(0x43500000, 0) * x; // x * 2^54
    t = fromWords(sign | ((((highWord(scaled) & 0x7fffffff) / 3) | 0) + B2), 0);
  } else {
    t = fromWords(sign | (((hx / 3) | 0) + B1), 0);
  }
  // 23-bit estimate: cbrt(x) = t * cbrt(x/t^3) ~ t * P(t^3/x).
  let r = (t * t) * (t / x);
  t = t * ((CP0 + r * (CP1 + r * CP2)) + ((r * r) * r) * (CP3 + r * CP4));
  // Round t away from zero to 23 bits: add 2^31 to the 64-bit pattern, clear the low 30 bits.
  F64[0] = t;
  const lowRounded = U32[LO]! + 0x80000000;
  if (lowRounded >= 0x100000000) I32[HI] = I32[HI]! + 1;
  U32[LO] = lowRounded & 0xc0000000;
  t = F64[0]!;
  // One Newton step.
  const s = t * t; // exact
  r = x / s;
  const w = t + t; // exact
  r = (r - t) / (w + r);
  return t + t * r;
}
