/**
 * Constant, uniform, exponential and Weibull distributions: closed-form quantile functions, so
 * each sampler is one inversion of one uniform.
 *
 * The exponential sampler is the simulator's hot path (every Poisson arrival and most service
 * times), so it is one subtraction, one log and one multiplication, with no allocation.
 */
import { registerSnapshotClass } from "../snapshot-codec";
import { ParameterError } from "../assert";
import type { RandomStream } from "../rng";
import { formatFound, requireFinite, requirePositive } from "./parameters";
import { lnGamma } from "./special-functions";
import type { ConstantSpec, Distribution, ExponentialSpec, UniformSpec, WeibullSpec } from "./types";
import { dmath } from "../det-math";

/** Always `value`; draws no uniforms. */
class ConstantDistribution implements Distribution {
  readonly type = "constant" as const;
  readonly mean: number;
  readonly variance = 0;
  constructor(private readonly value: number) {
    this.mean = value;
  }
  sample(_stream: RandomStream): number {
    return this.value;
  }
  cdf(x: number): number {
    return x >= this.value ? 1 : 0;
  }
  quantile(_p: number): number {
    return this.value;
  }
}

/**
 * Builds a constant distribution.
 * @throws ParameterError if `value` is not a finite number.
 */
export function createConstant(spec: ConstantSpec): Distribution {
  return new ConstantDistribution(requireFinite("value", spec.value));
}

/** Uniform on [min, max]. */
class UniformDistribution implements Distribution {
  readonly type = "uniform" as const;
  readonly mean: number;
  readonly variance: number;
  private readonly width: number;
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    this.width = max - min;
    this.mean = min + this.width / 2;
    this.variance = (this.width * this.width) / 12;
  }
  sample(stream: RandomStream): number {
    return this.min + this.width * stream.next();
  }
  cdf(x: number): number {
    if (x >= this.max) return 1;
    if (x < this.min) return 0;
    return (x - this.min) / this.width;
  }
  quantile(p: number): number {
    return this.min + this.width * p;
  }
}

/**
 * Builds a uniform distribution on [min, max].
 * @throws ParameterError if `min` or `max` is not finite, or `max < min`.
 */
export function createUniform(spec: UniformSpec): Distribution {
  const min = requireFinite("min", spec.min);
  const max = requireFinite("max", spec.max);
  if (max < min) throw new ParameterError("max", `must be at least min (${min}), got ${max}`);
  return new UniformDistribution(min, max);
}

/** Exponential with the given mean; sampled by inversion, -mean * ln(1 - U). */
class ExponentialDistribution implements Distribution {
  readonly type = "exponential" as const;
  readonly variance: number;
  constructor(readonly mean: number) {
    this.variance = mean * mean;
  }
  sample(stream: RandomStream): number {
    // U is in [0, 1), so 1 - U is in (0, 1] and the log is finite: no guard needed.
    return -this.mean * dmath.log(1 - stream.next());
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : -dmath.expm1(-x / this.mean);
  }
  quantile(p: number): number {
    return -this.mean * dmath.log1p(-p);
  }
}

/**
 * Builds an exponential distribution from exactly one of `mean` or `rate` (= 1 / mean).
 * @throws ParameterError if both or neither are given, or the one given is not a finite number > 0.
 */
export function createExponential(spec: ExponentialSpec): Distribution {
  // Widened: the type forbids both or neither, but specs also arrive from parsed files.
  const { mean, rate } = spec as { mean?: unknown; rate?: unknown };
  if (mean !== undefined && rate !== undefined) {
    throw new ParameterError("rate", `give either mean or rate, not both (got mean ${formatFound(mean)} and rate ${formatFound(rate)})`);
  }
  if (rate !== undefined) return new ExponentialDistribution(1 / requirePositive("rate", rate));
  if (mean === undefined) throw new ParameterError("mean", "missing: give mean (or rate = 1 / mean)");
  return new ExponentialDistribution(requirePositive("mean", mean));
}

/** Weibull with P(X > x) = exp(-(x / scale)^shape); sampled by inversion. */
class WeibullDistribution implements Distribution {
  readonly type = "weibull" as const;
  readonly mean: number | undefined;
  readonly variance: number | undefined;
  private readonly shapeInverse: number;
  constructor(
    private readonly shape: number,
    private readonly scale: number,
  ) {
    this.shapeInverse = 1 / shape;
    // E[X^k] = scale^k Gamma(1 + k / shape); in logs so small shapes do not overflow early.
    const lnMoment1 = lnGamma(1 + this.shapeInverse);
    const lnMoment2 = lnGamma(1 + 2 * this.shapeInverse);
    const mean = scale * dmath.exp(lnMoment1);
    this.mean = Number.isFinite(mean) ? mean : undefined;
    const variance = scale * scale * (dmath.exp(lnMoment2) - dmath.exp(2 * lnMoment1));
    this.variance = Number.isFinite(variance) ? Math.max(0, variance) : undefined;
  }
  sample(stream: RandomStream): number {
    return this.scale * dmath.pow(-dmath.log(1 - stream.next()), this.shapeInverse);
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : -dmath.expm1(-dmath.pow(x / this.scale, this.shape));
  }
  quantile(p: number): number {
    return this.scale * dmath.pow(-dmath.log1p(-p), this.shapeInverse);
  }
}

/**
 * Builds a Weibull distribution.
 * @throws ParameterError if `shape` or `scale` is not a finite number > 0.
 */
export function createWeibull(spec: WeibullSpec): Distribution {
  const shape = requirePositive("shape", spec.shape);
  const scale = requirePositive("scale", spec.scale);
  return new WeibullDistribution(shape, scale);
}

// Distributions are state-free after construction; registered so a snapshot can name them.
// A restored instance is made by its constructor (any valid arguments: every field is then
// overwritten), so it has the map of one the run made (engine/core/snapshot-codec.ts).
registerSnapshotClass("ConstantDistribution", ConstantDistribution, { create: () => new ConstantDistribution(0) });
registerSnapshotClass("UniformDistribution", UniformDistribution, { create: () => new UniformDistribution(0, 1) });
registerSnapshotClass("ExponentialDistribution", ExponentialDistribution, { create: () => new ExponentialDistribution(1) });
registerSnapshotClass("WeibullDistribution", WeibullDistribution, { create: () => new WeibullDistribution(1, 1) });
