/**
 * Argument reduction for sin, cos and tan: x = n*(pi/2) + (y0 + y1), |y0 + y1| <= pi/4, ported
 * from fdlibm 5.3 e_rem_pio2.c and k_rem_pio2.c (Sun Microsystems, 1993), as in V8's
 * src/base/ieee754.cc. Results go to module variables (`remY0`, `remY1`) so nothing is
 * allocated per call.
 *
 * - |x| < 3pi/4: one subtraction of pi/2 split into 33 + 53 bits (33 + 33 + 53 near pi/2).
 * - |x| <= 2^19 * pi/2: Cody-Waite with n = round(x * 2/pi) and pi/2 in three 33-bit pieces,
 *   using the second and third piece only when cancellation demands it (good to 151 bits).
 * - larger |x|: Payne-Hanek (`kernelRemPio2`): multiply by as many bits of 2/pi as the
 *   exponent needs, in 24-bit chunks, keeping only the fraction mod 8.
 *
 * fdlibm licence: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at
 * SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute
 * this software is freely granted, provided that this notice is preserved.
 */
import { F64, HI, I32, LO, U32, fromWords, highWord, scalbn } from "./words";

/** 2/pi in 24-bit chunks: 396 hex digits. */
const TWO_OVER_PI = new Int32Array([
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7,
  0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c,
  0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11,
  0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7,
  0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e,
  0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
]);

/** High words of n*pi/2 for n = 1..32, to spot inputs near a multiple (cancellation). */
const NPIO2_HW = new Int32Array([
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a,
  0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a,
  0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac,
  0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
]);

const INV_PIO2 = 6.36619772367581382433e-1; // 0x3FE45F30 6DC9C883: 53 bits of 2/pi
const PIO2_1 = 1.57079632673412561417; // 0x3FF921FB 54400000: first 33 bits of pi/2
const PIO2_1T = 6.07710050650619224932e-11; // 0x3DD0B461 1A626331: pi/2 - PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // 0x3DD0B461 1A600000: second 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // 0x3BA3198A 2E037073: pi/2 - (PIO2_1 + PIO2_2)
const PIO2_3 = 2.02226624871116645580e-21; // 0x3BA3198A 2E000000: third 33 bits
const PIO2_3T = 8.47842766036889956997e-32; // 0x397B839A 252049C1
const TWO24 = 16777216;

/** Head of the reduced argument from the last {@link remPio2} call. */
export let remY0 = 0;
/** Tail of the reduced argument from the last {@link remPio2} call. */
export let remY1 = 0;

/**
 * Reduces finite x with |x| > pi/4 to n*pi/2 + (remY0 + remY1) and returns n (only n mod 4
 * matters to callers). Infinity and NaN must be handled by the caller.
 */
export function remPio2(x: number): number {
  F64[0] = x;
  const hx = I32[HI]!;
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) { // |x| < 3pi/4: n = ±1
    const s = hx > 0 ? 1 : -1;
    let z = x - s * PIO2_1;
    if (ix !== 0x3ff921fb) { // 33 + 53 bits of pi/2 are enough
      remY0 = z - s * PIO2_1T;
      remY1 = (z - remY0) - s * PIO2_1T;
    } else { // near pi/2: use 33 + 33 + 53 bits
      z -= s * PIO2_2;
      remY0 = z - s * PIO2_2T;
      remY1 = (z - remY0) - s * PIO2_2T;
    }
    return s;
  }
  if (ix <= 0x413921fb) return remPio2Medium(x, hx, ix);
  // Large: split |x| into three 24-bit integers scaled by 2^e0.
  const e0 = (ix >> 20) - 1046; // ilogb(x) - 23
  let z = fromWords(ix - (e0 << 20), U32[LO]!);
  for (let i = 0; i < 2; i++) {
    TX[i] = z | 0;
    z = (z - TX[i]!) * TWO24;
  }
  TX[2] = z;
  let nx = 3;
  while (TX[nx - 1] === 0) nx--;
  const n = kernelRemPio2(e0, nx);
  if (hx < 0) {
    remY0 = -remY0;
    remY1 = -remY1;
    return -n;
  }
  return n;
}

/** Cody-Waite reduction for |x| <= 2^19 * pi/2 (e_rem_pio2.c's medium case). */
function remPio2Medium(x: number, hx: number, ix: number): number {
  const t0 = x < 0 ? -x : x;
  const n = (t0 * INV_PIO2 + 0.5) | 0;
  const fn = n;
  let r = t0 - fn * PIO2_1;
  let w = fn * PIO2_1T; // first round good to 85 bits
  if (n < 32 && ix !== NPIO2_HW[n - 1]) {
    remY0 = r - w; // no cancellation possible
  } else {
    const j = ix >> 20;
    remY0 = r - w;
    let i = j - ((highWord(remY0) >> 20) & 0x7ff);
    if (i > 16) { // second iteration, good to 118 bits
      let t = r;
      w = fn * PIO2_2;
      r = t - w;
      w = fn * PIO2_2T - ((t - r) - w);
      remY0 = r - w;
      i = j - ((highWord(remY0) >> 20) & 0x7ff);
      if (i > 49) { // third iteration, 151 bits: covers every double
        t = r;
        w = fn * PIO2_3;
        r = t - w;
        w = fn * PIO2_3T - ((t - r) - w);
        remY0 = r - w;
      }
    }
  }
  remY1 = (r - remY0) - w;
  if (hx < 0) {
    remY0 = -remY0;
    remY1 = -remY1;
    return -n;
  }
  return n;
}

/** pi/2 in 24-bit chunks (k_rem_pio2.c PIo2). */
const PIO2_CHUNKS = new Float64Array([
  1.57079625129699707031, // 0x3FF921FB 40000000
  7.54978941586159635335e-8, // 0x3E74442D 00000000
  5.39030252995776476554e-15, // 0x3CF84698 80000000
  3.28200341580791294123e-22, // 0x3B78CC51 60000000
  1.27065575308067607349e-29, // 0x39F01B83 80000000
  1.22933308981111328932e-36, // 0x387A2520 40000000
  2.73370053816464559624e-44, // 0x36E38222 80000000
  2.16741683877804819444e-51, // 0x3569F31D 00000000
]);
const TWON24 = 5.96046447753906250000e-8; // 2^-24
const JK = 4; // terms of 2/pi to start with: fdlibm's value for 64-bit precision (prec = 2), as V8 uses
const TX = new Float64Array(3);
const IQ = new Int32Array(20);
const F = new Float64Array(20);
const FQ = new Float64Array(20);
const Q = new Float64Array(20);

/**
 * Payne-Hanek reduction (k_rem_pio2.c with prec = 2): x = sum TX[i] * 2^(e0 - 24 i); computes
 * the fraction of x * 2/pi mod 8 from only the chunks of 2/pi that can affect it, recomputing
 * with more chunks when the fraction cancels to zero. Sets remY0/remY1, returns n mod 8.
 */
function kernelRemPio2(e0: number, nx: number): number {
  const jx = nx - 1;
  let jv = ((e0 - 3) / 24) | 0;
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);
  // F[0..jx+JK] = TWO_OVER_PI[jv-jx .. jv+JK]
  for (let i = 0, j = jv - jx; i <= jx + JK; i++, j++) F[i] = j < 0 ? 0 : TWO_OVER_PI[j]!;
  for (let i = 0; i <= JK; i++) {
    let fw = 0;
    for (let j = 0; j <= jx; j++) fw += TX[j]! * F[jx + i - j]!;
    Q[i] = fw;
  }
  let jz = JK;
  let z: number, n: number, ih: number;
  for (;;) { // "recompute" in the original
    // Distill Q[] into 24-bit integers IQ[], in reverse order.
    z = Q[jz]!;
    for (let i = 0, j = jz; j > 0; i++, j--) {
      const fw = (TWON24 * z) | 0;
      IQ[i] = (z - TWO24 * fw) | 0;
      z = Q[j - 1]! + fw;
    }
    z = scalbn(z, q0);
    z -= 8 * Math.floor(z * 0.125); // keep the integer part mod 8 (floor is exact)
    n = z | 0;
    z -= n;
    ih = 0;
    if (q0 > 0) { // IQ[jz-1] holds the last bits of n
      const i = IQ[jz - 1]! >> (24 - q0);
      n += i;
      IQ[jz - 1] = IQ[jz - 1]! - (i << (24 - q0));
      ih = IQ[jz - 1]! >> (23 - q0);
    } else if (q0 === 0) {
      ih = IQ[jz - 1]! >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }
    if (ih > 0) { // fraction >= 0.5: take n + 1 and the fraction 1 - q
      n += 1;
      let carry = 0;
      for (let i = 0; i < jz; i++) {
        const j = IQ[i]!;
        if (carry === 0) {
          if (j !== 0) {
            carry = 1;
            IQ[i] = 0x1000000 - j;
          }
        } else {
          IQ[i] = 0xffffff - j;
        }
      }
      if (q0 === 1) IQ[jz - 1] = IQ[jz - 1]! & 0x7fffff;
      else if (q0 === 2) IQ[jz - 1] = IQ[jz - 1]! & 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= scalbn(1, q0);
      }
    }
    if (z !== 0) break;
    let j = 0;
    for (let i = jz - 1; i >= JK; i--) j |= IQ[i]!;
    if (j !== 0) break;
    // The fraction cancelled: add k more chunks of 2/pi and recompute.
    let k = 1;
    while (k <= JK && IQ[JK - k] === 0) k++;
    for (let i = jz + 1; i <= jz + k; i++) {
      F[jx + i] = TWO_OVER_PI[jv + i]!;
      let fw = 0;
      for (let jj = 0; jj <= jx; jj++) fw += TX[jj]! * F[jx + i - jj]!;
      Q[i] = fw;
    }
    jz += k;
  }
  // Chop off zero terms, or break z into 24-bit chunks.
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (IQ[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    z = scalbn(z, -q0);
    if (z >= TWO24) {
      const fw = (TWON24 * z) | 0;
      IQ[jz] = (z - TWO24 * fw) | 0;
      jz += 1;
      q0 += 24;
      IQ[jz] = fw;
    } else {
      IQ[jz] = z | 0;
    }
  }
  // Chunks back to floating point, times pi/2.
  let fw = scalbn(1, q0);
  for (let i = jz; i >= 0; i--) {
    Q[i] = fw * IQ[i]!;
    fw *= TWON24;
  }
  for (let i = jz; i >= 0; i--) {
    let sum = 0;
    for (let k = 0; k <= JK && k <= jz - i; k++) sum += PIO2_CHUNKS[k]! * Q[i + k]!;
    FQ[jz - i] = sum;
  }
  // Compress FQ[] into remY0 + remY1.
  let sum = 0;
  for (let i = jz; i >= 0; i--) sum += FQ[i]!;
  remY0 = ih === 0 ? sum : -sum;
  sum = FQ[0]! - sum;
  for (let i = 1; i <= jz; i++) sum += FQ[i]!;
  remY1 = ih === 0 ? sum : -sum;
  return n & 7;
}
