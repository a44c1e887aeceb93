/**
 * Gamma and Erlang distributions.
 *
 * Sampling uses Marsaglia and Tsang, "A simple method for generating gamma variables", ACM TOMS
 * 26(3), 2000: a rejection method accepting over 95% of candidates for every shape >= 1, with
 * the boost X = Y U^(1/shape), Y ~ Gamma(shape + 1), for shape < 1. A small Erlang (k <= 12) is
 * cheaper as the sum of k exponential phases, -theta ln(U1 ... Uk): one log for k uniforms.
 */
import { registerSnapshotClass } from "../snapshot-codec";
import { assert, ParameterError } from "../assert";
import type { RandomStream } from "../rng";
import { requirePositive } from "./parameters";
import { sampleStandardNormal } from "./normal";
import { gammaQuantile, regularizedGammaP } from "./special-functions";
import type { Distribution, ErlangSpec, GammaSpec } from "./types";
import { dmath } from "../det-math";

/**
 * Rejection attempts before giving up. Each attempt is accepted with probability > 0.95 (shape
 * >= 1 after the boost), so 1000 straight rejections has probability below 1e-1300: reaching
 * the limit means a broken stream, not bad luck.
 */
const ATTEMPTS_MAX = 1000;
/** Largest Erlang k sampled as a product of uniforms (12 factors >= 2^-32 cannot underflow). */
const ERLANG_PRODUCT_K_MAX = 12;

/** Gamma(shape, scale); also serves Erlang, which is Gamma(k, mean / k). */
class GammaDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;
  private readonly d: number;
  private readonly c: number;
  private readonly boostExponent: number;
  private readonly productPhases: number;
  constructor(
    readonly type: "gamma" | "erlang",
    private readonly shape: number,
    private readonly scale: number,
    productPhases: number,
  ) {
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
    const shapeBoosted = shape < 1 ? shape + 1 : shape;
    this.d = shapeBoosted - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
    this.boostExponent = shape < 1 ? 1 / shape : 0;
    this.productPhases = productPhases;
  }

  sample(stream: RandomStream): number {
    if (this.productPhases > 0) {
      let product = 1;
      for (let i = 0; i < this.productPhases; i++) product *= 1 - stream.next();
      return -this.scale * dmath.log(product);
    }
    let x = this.sampleMarsagliaTsang(stream);
    if (this.boostExponent > 0) x *= dmath.pow(1 - stream.next(), this.boostExponent);
    return this.scale * x;
  }

  /** One Gamma(d + 1/3, 1) deviate. */
  private sampleMarsagliaTsang(stream: RandomStream): number {
    const d = this.d;
    const c = this.c;
    for (let attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
      const z = sampleStandardNormal(stream);
      const t = 1 + c * z;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = 1 - stream.next(); // in (0, 1], so its log is finite
      const zz = z * z;
      // The squeeze accepts about 98% of candidates without a log.
      if (u < 1 - 0.0331 * zz * zz) return d * v;
      if (dmath.log(u) < 0.5 * zz + d * (1 - v + dmath.log(v))) return d * v;
    }
    assert(false, `gamma sampler rejected ${ATTEMPTS_MAX} candidates in a row (stream "${stream.name}" is broken)`);
  }

  cdf(x: number): number {
    return regularizedGammaP(this.shape, x / this.scale);
  }

  quantile(p: number): number {
    return this.scale * gammaQuantile(this.shape, p);
  }
}

/**
 * Builds a gamma distribution.
 * @throws ParameterError if `shape` or `scale` is not a finite number > 0.
 */
export function createGamma(spec: GammaSpec): Distribution {
  const shape = requirePositive("shape", spec.shape);
  const scale = requirePositive("scale", spec.scale);
  return new GammaDistribution("gamma", shape, scale, 0);
}

/**
 * Builds an Erlang distribution: k exponential phases, each with mean `mean / k`.
 * @throws ParameterError if `k` is not an integer >= 1 or `mean` is not a finite number > 0.
 */
export function createErlang(spec: ErlangSpec): Distribution {
  const k = requirePositive("k", spec.k);
  if (!Number.isInteger(k)) throw new ParameterError("k", `must be a whole number of phases (1, 2, 3, ...), got ${k}`);
  const mean = requirePositive("mean", spec.mean);
  return new GammaDistribution("erlang", k, mean / k, k <= ERLANG_PRODUCT_K_MAX ? k : 0);
}

// Distributions are state-free after construction; registered so a snapshot can name them.
// Made by its constructor on restore (any valid arguments; see engine/core/snapshot-codec.ts).
registerSnapshotClass("GammaDistribution", GammaDistribution, { create: () => new GammaDistribution("gamma", 1, 1, 1) });
