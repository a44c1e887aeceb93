/**
 * Pareto and bounded Pareto: the heavy tails of request sizes and job lengths, where a few huge
 * items dominate (Harchol-Balter, Performance Modeling and Design of Computer Systems, 2013,
 * ch. 20). Both are sampled by inversion of one uniform.
 */
import { registerSnapshotClass } from "../snapshot-codec";
import { ParameterError } from "../assert";
import type { RandomStream } from "../rng";
import { requirePositive } from "./parameters";
import type { BoundedParetoSpec, Distribution, ParetoSpec } from "./types";
import { dmath } from "../det-math";

/** Pareto type I: P(X > x) = (scale / x)^shape for x >= scale. */
class ParetoDistribution implements Distribution {
  readonly type = "pareto" as const;
  readonly mean: number | undefined;
  readonly variance: number | undefined;
  private readonly negativeShapeInverse: number;
  constructor(
    private readonly scale: number,
    private readonly shape: number,
  ) {
    this.negativeShapeInverse = -1 / shape;
    // E[X] = shape scale / (shape - 1) for shape > 1;
    // Var[X] = scale^2 shape / ((shape - 1)^2 (shape - 2)) for shape > 2; infinite otherwise.
    this.mean = shape > 1 ? (shape * scale) / (shape - 1) : undefined;
    this.variance = shape > 2 ? (scale * scale * shape) / ((shape - 1) * (shape - 1) * (shape - 2)) : undefined;
  }
  sample(stream: RandomStream): number {
    // 1 - U is in (0, 1], so the power is finite.
    return this.scale * dmath.pow(1 - stream.next(), this.negativeShapeInverse);
  }
  cdf(x: number): number {
    return x <= this.scale ? 0 : 1 - dmath.pow(this.scale / x, this.shape);
  }
  quantile(p: number): number {
    return this.scale * dmath.pow(1 - p, this.negativeShapeInverse);
  }
}

/**
 * Builds a Pareto distribution.
 * @throws ParameterError if `scale` or `shape` is not a finite number > 0.
 */
export function createPareto(spec: ParetoSpec): Distribution {
  const scale = requirePositive("scale", spec.scale);
  const shape = requirePositive("shape", spec.shape);
  return new ParetoDistribution(scale, shape);
}

/**
 * Pareto restricted to [min, max]: with r = max / min,
 * F(x) = (1 - (min / x)^shape) / (1 - r^-shape), and raw moments
 * E[X^k] = min^k shape / (1 - r^-shape) * (r^(k - shape) - 1) / (k - shape)
 * (or min^k shape ln(r) / (1 - r^-shape) when k = shape). expm1 keeps these accurate when the
 * range is narrow or shape is close to k.
 */
class BoundedParetoDistribution implements Distribution {
  readonly type = "bounded-pareto" as const;
  readonly mean: number | undefined;
  readonly variance: number | undefined;
  private readonly lnRatio: number;
  private readonly massTotal: number; // 1 - r^-shape
  private readonly negativeShapeInverse: number;
  constructor(
    private readonly min: number,
    private readonly max: number,
    private readonly shape: number,
  ) {
    this.lnRatio = dmath.log(max / min);
    this.massTotal = -dmath.expm1(-shape * this.lnRatio);
    this.negativeShapeInverse = -1 / shape;
    // Both are finite unless max / min is astronomically large (beyond 1e150 or so).
    const mean = this.rawMoment(1);
    const variance = this.rawMoment(2) - mean * mean;
    this.mean = Number.isFinite(mean) ? mean : undefined;
    this.variance = Number.isFinite(variance) ? Math.max(0, variance) : undefined;
  }
  private rawMoment(k: number): number {
    const d = k - this.shape;
    const integral = d === 0 ? this.lnRatio : dmath.expm1(d * this.lnRatio) / d;
    return (dmath.pow(this.min, k) * this.shape * integral) / this.massTotal;
  }
  sample(stream: RandomStream): number {
    return this.quantile(stream.next());
  }
  cdf(x: number): number {
    if (x <= this.min) return 0;
    if (x >= this.max) return 1;
    return -dmath.expm1(-this.shape * dmath.log(x / this.min)) / this.massTotal;
  }
  quantile(p: number): number {
    const x = this.min * dmath.pow(1 - p * this.massTotal, this.negativeShapeInverse);
    return Math.min(this.max, x); // rounding near p = 1 can overshoot max by an ulp
  }
}

/**
 * Builds a bounded Pareto distribution.
 * @throws ParameterError if `min` or `shape` is not a finite number > 0, or `max` is not
 *   greater than `min`.
 */
export function createBoundedPareto(spec: BoundedParetoSpec): Distribution {
  const min = requirePositive("min", spec.min);
  const max = requirePositive("max", spec.max);
  if (!(max > min)) throw new ParameterError("max", `must be greater than min (${min}), got ${max}`);
  const shape = requirePositive("shape", spec.shape);
  return new BoundedParetoDistribution(min, max, shape);
}

// Distributions are state-free after construction; registered so a snapshot can name them.
// Made by their constructors on restore (any valid arguments; see engine/core/snapshot-codec.ts).
registerSnapshotClass("ParetoDistribution", ParetoDistribution, { create: () => new ParetoDistribution(1, 3) });
registerSnapshotClass("BoundedParetoDistribution", BoundedParetoDistribution, { create: () => new BoundedParetoDistribution(1, 2, 2) });
