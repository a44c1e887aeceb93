/**
 * Which object (integer key) a request asks a cache for: a popularity distribution over a
 * catalogue of keys, plus "hot" launches that send a share of requests to new keys from a
 * time on.
 *
 * Keys are ranks minus one: key 0 is the most popular object of the catalogue. Two
 * popularity laws:
 * - Zipf: P(rank k) ∝ 1 / k^s over k = 1..n. Sampled in O(1) expected time without tables by
 *   rejection-inversion (W. Hörmann & G. Derflinger, "Rejection-inversion to generate variates
 *   from monotone discrete distributions", ACM TOMACS 6(3), 1996), as in Apache Commons RNG's
 *   RejectionInversionZipfSampler; s = 0 is uniform.
 * - a table of relative weights by rank, sampled in O(1) by Walker's alias method (Vose's
 *   construction, "A linear algorithm for generating random numbers with a given distribution",
 *   IEEE TSE 17(9), 1991).
 *
 * Requests are independent draws (the "independent reference model" the Che approximation
 * assumes; see engine/theory/cache.ts).
 */
import { assert } from "../../core/assert";
import type { RandomStream } from "../../core/rng";
import type { HotKeysSpec, KeysSpec } from "./cache-spec";
import { dmath } from "../../core/det-math";

/** A sampler of ranks 1..count. */
export interface RankSampler {
  readonly count: number;
  /** A rank in [1, count]. */
  sample(stream: RandomStream): number;
}

const TAYLOR_THRESHOLD = 1e-8;

/** log1p(x) / x, continuous at 0. */
function helper1(x: number): number {
  return Math.abs(x) > TAYLOR_THRESHOLD ? dmath.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x) / x, continuous at 0. */
function helper2(x: number): number {
  return Math.abs(x) > TAYLOR_THRESHOLD ? dmath.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

/** Zipf ranks by rejection-inversion; see the file comment. */
export class ZipfSampler implements RankSampler {
  private readonly hIntegralX1: number;
  private readonly hIntegralCount: number;
  private readonly squeeze: number;

  /** Ranks 1..count with P(k) ∝ k^-exponent; exponent ≥ 0 (0 is uniform). */
  constructor(readonly count: number, readonly exponent: number) {
    assert(Number.isInteger(count) && count >= 1, `ZipfSampler: count must be an integer ≥ 1, got ${count}`);
    assert(exponent >= 0 && Number.isFinite(exponent), `ZipfSampler: exponent must be ≥ 0, got ${exponent}`);
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralCount = this.hIntegral(count + 0.5);
    this.squeeze = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  sample(stream: RandomStream): number {
    if (this.exponent === 0) return 1 + Math.floor(stream.next() * this.count);
    // Expected iterations are below 1.1 for every exponent; the cap only guards a bug.
    for (let iteration = 0; iteration < 1000; iteration++) {
      // u is uniform in (hIntegralX1, hIntegralCount].
      const u = this.hIntegralCount + stream.next() * (this.hIntegralX1 - this.hIntegralCount);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.count) k = this.count;
      if (k - x <= this.squeeze || u >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
    assert(false, "Zipf rejection-inversion did not accept in 1000 tries");
  }

  /** H(x) = ∫ h, with h(x) = x^-s: (x^(1-s) - 1) / (1 - s), or log x when s = 1. */
  private hIntegral(x: number): number {
    const logX = dmath.log(x);
    return helper2((1 - this.exponent) * logX) * logX;
  }

  private h(x: number): number {
    return dmath.exp(-this.exponent * dmath.log(x));
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.exponent);
    if (t < -1) t = -1; // rounding guard
    return dmath.exp(helper1(t) * x);
  }
}

/** Ranks drawn from a table of weights by Walker's alias method. */
export class TableSampler implements RankSampler {
  readonly count: number;
  private readonly threshold: Float64Array;
  private readonly alias: Int32Array;

  /** `weights[i]` is the relative weight of rank i + 1 (≥ 0, at least one > 0). */
  constructor(weights: readonly number[]) {
    const n = weights.length;
    let total = 0;
    for (const w of weights) {
      assert(w >= 0 && Number.isFinite(w), `TableSampler: weights must be finite and ≥ 0, got ${w}`);
      total += w;
    }
    assert(n >= 1 && total > 0, "TableSampler: give at least one positive weight");
    this.count = n;
    this.threshold = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    // Vose: pair each under-full column with an over-full one, in index order (deterministic).
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.threshold[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of large) { this.threshold[i] = 1; this.alias[i] = i; }
    for (const i of small) { this.threshold[i] = 1; this.alias[i] = i; } // rounding leftovers
  }

  sample(stream: RandomStream): number {
    const u = stream.next() * this.count;
    const column = Math.floor(u);
    return 1 + (u - column < this.threshold[column]! ? column : this.alias[column]!);
  }
}

/** The share of requests hot launch `hot` takes at `nowMs` (a linear ramp up, then flat). */
export function hotShareAt(hot: HotKeysSpec, nowMs: number): number {
  if (nowMs < hot.atMs || nowMs >= hot.untilMs) return 0;
  return hot.rampMs > 0 && nowMs < hot.atMs + hot.rampMs ? (hot.share * (nowMs - hot.atMs)) / hot.rampMs : hot.share;
}

/** Draws the key of each request for one cache service, from its own stream. */
export class KeyPicker {
  private readonly base: RankSampler;
  private readonly hot: readonly HotKeysSpec[];

  constructor(spec: KeysSpec, private readonly stream: RandomStream) {
    this.base = spec.popularity.kind === "zipf"
      ? new ZipfSampler(spec.popularity.count, spec.popularity.exponent)
      : new TableSampler(spec.popularity.weights);
    this.hot = spec.hot;
  }

  /** The key of a request made at `nowMs`. */
  next(nowMs: number): number {
    const hot = this.hot;
    if (hot.length > 0) {
      // One uniform decides both whether the request is for launch content and which key.
      const u = this.stream.next();
      let below = 0;
      for (let i = 0; i < hot.length; i++) {
        const h = hot[i]!;
        const share = hotShareAt(h, nowMs);
        if (u < below + share) return h.firstKey + Math.min(h.count - 1, Math.floor(((u - below) / share) * h.count));
        below += share;
      }
    }
    return this.base.sample(this.stream) - 1;
  }
}

/** P(rank k) for k = 1..count under Zipf(exponent), as an array indexed k - 1. */
export function zipfProbabilities(count: number, exponent: number): Float64Array {
  const p = new Float64Array(count);
  let total = 0;
  for (let k = 1; k <= count; k++) total += p[k - 1] = dmath.pow(k, -exponent);
  for (let i = 0; i < count; i++) p[i]! /= total;
  return p;
}
