/**
 * Bit access to float64 values for the det-math ports: fdlibm works on the high and low 32-bit
 * words of a double (`GET_HIGH_WORD`, `SET_LOW_WORD`, ...). Here one shared 8-byte buffer is
 * viewed as a Float64Array, an Int32Array and a Uint32Array; write the double, read the words
 * (or the reverse). Nothing is allocated per call.
 *
 * Typed arrays use the platform's byte order. Every platform a browser or Node runs on today is
 * little-endian (word 1 is the high word); this is checked once, when the module loads, so a
 * big-endian engine fails loudly instead of computing garbage.
 */
import { assert } from "../assert";

/** Scratch double shared by all det-math functions (single-threaded: no function re-enters). */
export const F64 = new Float64Array(1);
/** The same 8 bytes as signed words: `I32[HI]` is fdlibm's signed high word `hx`. */
export const I32 = new Int32Array(F64.buffer);
/** The same 8 bytes as unsigned words: `U32[LO]` is fdlibm's low word `lx`. */
export const U32 = new Uint32Array(F64.buffer);
/** Index of the high word (sign, exponent, top 20 fraction bits) on a little-endian platform. */
export const HI = 1;
/** Index of the low word (bottom 32 fraction bits). */
export const LO = 0;

F64[0] = 1;
assert(I32[HI] === 0x3ff00000 && U32[LO] === 0, "det-math assumes a little-endian platform (float64 1.0 must have high word 0x3ff00000 at index 1)");

/**
 * 2^k for every integer k in [-1074, 1023], at index k + 1074 (built by exact doubling and
 * halving). Scaling by a table entry replaces fdlibm's "add k to the exponent field" on hot
 * paths: writing a 32-bit word and then reading the 64-bit double back defeats the CPU's
 * store-to-load forwarding, while x * 2^k is one multiplication, exact whenever the result is
 * normal.
 */
export const POW2 = new Float64Array(2098);
export const POW2_OFFSET = 1074;
POW2[POW2_OFFSET] = 1;
for (let k = 1; k <= 1023; k++) POW2[POW2_OFFSET + k] = POW2[POW2_OFFSET + k - 1]! * 2;
for (let k = -1; k >= -1074; k--) POW2[POW2_OFFSET + k] = POW2[POW2_OFFSET + k + 1]! / 2;

/** The signed high word of `x`. */
export function highWord(x: number): number {
  F64[0] = x;
  return I32[HI]!;
}

/** The unsigned low word of `x`. */
export function lowWord(x: number): number {
  F64[0] = x;
  return U32[LO]!;
}

/** The double whose words are `hi` (taken as 32 bits) and `lo` (taken as 32 bits). */
export function fromWords(hi: number, lo: number): number {
  I32[HI] = hi;
  U32[LO] = lo;
  return F64[0]!;
}

/** `x` with its high word replaced by `hi` (fdlibm `SET_HIGH_WORD`). */
export function withHighWord(x: number, hi: number): number {
  F64[0] = x;
  I32[HI] = hi;
  return F64[0]!;
}

/** `x` with its low word cleared (fdlibm `SET_LOW_WORD(x, 0)`): keeps the top 21 significand bits. */
export function withLowWordZero(x: number): number {
  F64[0] = x;
  U32[LO] = 0;
  return F64[0]!;
}

/**
 * x * 2^n with one rounding, for any integer n (musl `scalbn`): the scale is applied in steps
 * that stay exact, and a subnormal result is rounded once, at the last multiplication.
 */
export function scalbn(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= 8.98846567431158e307; // 2^1023
    n -= 1023;
    if (n > 1023) {
      y *= 8.98846567431158e307;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    // 2^-1022 * 2^53: keeps the final n below -53 so the subnormal result rounds only once.
    y *= 2.004168360008973e-292;
    n += 1022 - 53;
    if (n < -1022) {
      y *= 2.004168360008973e-292;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * fromWords((0x3ff + n) << 20, 0);
}
