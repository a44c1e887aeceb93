/**
 * Normal (optionally truncated at zero) and lognormal distributions.
 *
 * Both are sampled by inversion, z = Phi^-1(u), rather than by Box-Muller or the polar method:
 * one uniform per sample, no cached spare deviate, so a distribution object holds no random
 * state (forking a run from a stream snapshot reproduces it exactly, and two components sharing
 * one object cannot disturb each other), and truncation is exact without resampling. Wichura's
 * AS 241 costs about as much as Box-Muller's log, sqrt and cos.
 */
import { registerSnapshotClass } from "../snapshot-codec";
import { ParameterError } from "../assert";
import type { RandomStream } from "../rng";
import { requireFinite, requireGreaterThan, requireNonNegative, requirePositive } from "./parameters";
import { normalCdf, normalPdf, normalQuantile } from "./special-functions";
import type { Distribution, LognormalSpec, NormalSpec } from "./types";
import { dmath } from "../det-math";

const HALF_STEP = 2 ** -33;

/**
 * Maps a uniform u in [0, 1) to the open interval (0, 1), where Phi^-1 is finite. The streams
 * return multiples of 2^-32; adding half a step moves each to the centre of its cell, which is
 * symmetric about 1/2, so |z| <= 6.23 (the tails beyond have probability 5e-10).
 */
export function toOpenUnit(u: number): number {
  const v = u + HALF_STEP;
  return v < 1 ? v : 1 - HALF_STEP;
}

/** A standard normal deviate from one uniform of `stream`, by inversion. */
export function sampleStandardNormal(stream: RandomStream): number {
  return normalQuantile(toOpenUnit(stream.next()));
}

/** Normal(mean, sd), sd > 0, on the whole real line. */
class NormalDistribution implements Distribution {
  readonly type = "normal" as const;
  readonly variance: number;
  constructor(
    readonly mean: number,
    private readonly sd: number,
  ) {
    this.variance = sd * sd;
  }
  sample(stream: RandomStream): number {
    return this.mean + this.sd * sampleStandardNormal(stream);
  }
  cdf(x: number): number {
    return normalCdf((x - this.mean) / this.sd);
  }
  quantile(p: number): number {
    return this.mean + this.sd * normalQuantile(p);
  }
}

/**
 * Normal(mu, sd) conditioned on X > 0, with mu >= 0 so at least half the mass is kept and
 * Phi(alpha) + u (1 - Phi(alpha)) loses no precision. With alpha = -mu / sd,
 * lambda = phi(alpha) / (1 - Phi(alpha)): mean = mu + sd lambda and
 * variance = sd^2 (1 + alpha lambda - lambda^2) (Johnson, Kotz and Balakrishnan,
 * Continuous Univariate Distributions vol. 1, 2nd ed., 13.10).
 */
class TruncatedNormalDistribution implements Distribution {
  readonly type = "normal" as const;
  readonly mean: number;
  readonly variance: number;
  private readonly massBelowZero: number;
  private readonly massKept: number;
  constructor(
    private readonly mu: number,
    private readonly sd: number,
  ) {
    const alpha = -mu / sd;
    this.massBelowZero = normalCdf(alpha);
    this.massKept = normalCdf(-alpha);
    const lambda = normalPdf(alpha) / this.massKept;
    this.mean = mu + sd * lambda;
    this.variance = sd * sd * (1 + alpha * lambda - lambda * lambda);
  }
  sample(stream: RandomStream): number {
    return this.quantile(toOpenUnit(stream.next()));
  }
  cdf(x: number): number {
    if (x <= 0) return 0;
    const p = (normalCdf((x - this.mu) / this.sd) - this.massBelowZero) / this.massKept;
    return Math.min(1, Math.max(0, p));
  }
  quantile(p: number): number {
    const x = this.mu + this.sd * normalQuantile(Math.min(1, this.massBelowZero + p * this.massKept));
    return Math.max(0, x); // rounding can land a hair below the truncation point
  }
}

/** The point mass of a normal with sd = 0. */
class DegenerateNormalDistribution implements Distribution {
  readonly type = "normal" as const;
  readonly variance = 0;
  constructor(readonly mean: number) {}
  sample(_stream: RandomStream): number {
    return this.mean;
  }
  cdf(x: number): number {
    return x >= this.mean ? 1 : 0;
  }
  quantile(_p: number): number {
    return this.mean;
  }
}

/**
 * Builds a normal distribution, truncated to (0, inf) unless `truncateAtZero` is false.
 * @throws ParameterError if `mean` is not finite, `sd` is not finite and >= 0,
 *   `truncateAtZero` is not a boolean, or `mean` < 0 with truncation.
 */
export function createNormal(spec: NormalSpec): Distribution {
  const mean = requireFinite("mean", spec.mean);
  const sd = requireNonNegative("sd", spec.sd);
  const truncate = spec.truncateAtZero ?? true;
  if (typeof truncate !== "boolean") {
    throw new ParameterError("truncateAtZero", `must be true or false, got ${String(truncate)}`);
  }
  if (truncate && mean < 0) {
    throw new ParameterError(
      "mean",
      `must be >= 0 when truncateAtZero is true (the default, for durations), got ${mean}; set truncateAtZero: false for a signed quantity`,
    );
  }
  if (sd === 0) return new DegenerateNormalDistribution(mean);
  return truncate ? new TruncatedNormalDistribution(mean, sd) : new NormalDistribution(mean, sd);
}

/** Z = 2.326..., the standard normal 99th percentile. */
const Z_P99 = normalQuantile(0.99);

/** exp(N(mu, sigma^2)), sigma > 0. */
class LognormalDistribution implements Distribution {
  readonly type = "lognormal" as const;
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly mu: number,
    private readonly sigma: number,
  ) {
    const sigmaSquared = sigma * sigma;
    this.mean = dmath.exp(mu + sigmaSquared / 2);
    this.variance = dmath.expm1(sigmaSquared) * dmath.exp(2 * mu + sigmaSquared);
  }
  sample(stream: RandomStream): number {
    return dmath.exp(this.mu + this.sigma * sampleStandardNormal(stream));
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : normalCdf((dmath.log(x) - this.mu) / this.sigma);
  }
  quantile(p: number): number {
    return dmath.exp(this.mu + this.sigma * normalQuantile(p));
  }
}

/**
 * Builds a lognormal from (mean, cv) or (median, p99).
 *
 * From (mean, cv): sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2.
 * From (median, p99): mu = ln(median), sigma = ln(p99 / median) / Phi^-1(0.99).
 * @throws ParameterError if the parameters of the two forms are mixed or missing, a parameter
 *   is not a finite number > 0, or `p99` is not greater than `median`.
 */
export function createLognormal(spec: LognormalSpec): Distribution {
  const byMean = spec.mean !== undefined || spec.cv !== undefined;
  const byPercentiles = spec.median !== undefined || spec.p99 !== undefined;
  if (byMean && byPercentiles) {
    throw new ParameterError("median", "give either mean and cv, or median and p99, not both forms");
  }
  if (byPercentiles) {
    const median = requirePositive("median", spec.median);
    const p99 = requireGreaterThan("p99", spec.p99, { name: "median", value: median });
    return new LognormalDistribution(dmath.log(median), dmath.log(p99 / median) / Z_P99);
  }
  const mean = requirePositive("mean", spec.mean);
  const cv = requirePositive("cv", spec.cv);
  const sigmaSquared = dmath.log1p(cv * cv);
  return new LognormalDistribution(dmath.log(mean) - sigmaSquared / 2, Math.sqrt(sigmaSquared));
}

// Distributions are state-free after construction; registered so a snapshot can name them.
// Made by their constructors on restore (any valid arguments; see engine/core/snapshot-codec.ts).
registerSnapshotClass("NormalDistribution", NormalDistribution, { create: () => new NormalDistribution(0, 1) });
registerSnapshotClass("TruncatedNormalDistribution", TruncatedNormalDistribution, { create: () => new TruncatedNormalDistribution(1, 1) });
registerSnapshotClass("DegenerateNormalDistribution", DegenerateNormalDistribution, { create: () => new DegenerateNormalDistribution(0) });
registerSnapshotClass("LognormalDistribution", LognormalDistribution, { create: () => new LognormalDistribution(0, 1) });
