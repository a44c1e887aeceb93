/**
 * Seeded inputs for the det-math tests, and a digest of every function's outputs over a fixed
 * sample. Inputs come from an integer hash (Math.imul, shifts) and exact float operations, so
 * they are the same bits in every JavaScript engine; the digest is then a fingerprint of
 * det-math itself, pinned in Node and recomputed in Chromium.
 */
import { Digest } from "../../hash";
import { dmath } from "../../det-math";
import { scalbn } from "../words";

/** A small deterministic generator: 32-bit words from a counter-hash (splitmix-like). */
export class SampleSource {
  private state: number;
  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** A uniform 32-bit unsigned integer. */
  word(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits (exact). */
  unit(): number {
    return ((this.word() >>> 5) * 67108864 + (this.word() >>> 6)) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.unit();
  }

  /**
   * Log-uniform magnitude: 2^e * m with e uniform in [eMin, eMax) and m in [1, 2), scaled with
   * det-math's own `scalbn` (one IEEE rounding), not `2 ** e`.
   */
  logUniform(eMin: number, eMax: number): number {
    const e = eMin + Math.floor(this.unit() * (eMax - eMin));
    return scalbn(1 + this.unit(), e);
  }

  /** Random sign times {@link logUniform}. */
  signedLogUniform(eMin: number, eMax: number): number {
    return (this.word() & 1 ? -1 : 1) * this.logUniform(eMin, eMax);
  }
}

/** Arguments for the one-argument functions in the fixed digest sample, per function. */
const UNARY_SAMPLE: Record<string, (s: SampleSource) => number> = {
  exp: (s) => s.between(-745, 710),
  expm1: (s) => s.between(-40, 40),
  log: (s) => s.logUniform(-1074, 1024),
  log1p: (s) => s.between(-1, 10),
  log2: (s) => s.logUniform(-1074, 1024),
  log10: (s) => s.logUniform(-1074, 1024),
  sin: (s) => s.signedLogUniform(-30, 40),
  cos: (s) => s.signedLogUniform(-30, 40),
  tan: (s) => s.signedLogUniform(-30, 40),
  atan: (s) => s.signedLogUniform(-60, 80),
  cbrt: (s) => s.signedLogUniform(-1074, 1024),
};

/**
 * Digest of det-math's outputs over `count` seeded inputs per function (plus pow and atan2 on
 * pairs), as 32 hex digits. Identical in every engine if det-math is deterministic.
 */
export function detMathSampleDigest(count: number): string {
  return sampleDigest(dmath, count);
}

/**
 * The same digest computed with the engine's own `Math` functions: differs between engines
 * whose libms differ on the sample (the problem det-math solves).
 */
export function mathSampleDigest(count: number): string {
  return sampleDigest(Math, count);
}

function sampleDigest(functions: Pick<typeof Math, keyof typeof dmath>, count: number): string {
  const digest = new Digest();
  const unary = functions as unknown as Record<string, (x: number) => number>;
  for (const name of Object.keys(UNARY_SAMPLE).sort()) {
    const source = new SampleSource(name.length * 7919 + name.charCodeAt(0));
    const draw = UNARY_SAMPLE[name]!;
    const fn = unary[name]!;
    digest.updateString(name);
    for (let i = 0; i < count; i++) digest.updateNumber(fn(draw(source)));
  }
  const pairs = new SampleSource(4242);
  digest.updateString("pow");
  for (let i = 0; i < count; i++) digest.updateNumber(functions.pow(pairs.logUniform(-20, 20), pairs.between(-40, 40)));
  digest.updateString("atan2");
  for (let i = 0; i < count; i++) digest.updateNumber(functions.atan2(pairs.signedLogUniform(-30, 30), pairs.signedLogUniform(-30, 30)));
  return digest.hex();
}
