/**
 * The shapes of distribution specifications and of the objects built from them.
 *
 * Parameters are spelled the way engineers talk about latencies and sizes ("exponential with
 * mean 250", "lognormal with median 20 and p99 120"). Every number is a plain number in the
 * unit of the quantity being modelled; for durations that is milliseconds, converted from
 * strings like "250ms" by `engine/scenario/` before a spec reaches this module.
 */
import type { RandomStream } from "../rng";

/** Always the same value. `value` in the modelled unit (ms for durations); any finite number. */
export interface ConstantSpec {
  type: "constant";
  value: number;
}

/** Uniform on [min, max]; `min <= max`, both finite (min === max is a constant). */
export interface UniformSpec {
  type: "uniform";
  min: number;
  max: number;
}

/**
 * Exponential (memoryless), given by exactly one of `mean` (> 0, in the modelled unit, e.g. ms)
 * or `rate` (> 0, per unit, e.g. per ms; `rate = 1 / mean`).
 */
export type ExponentialSpec =
  | { type: "exponential"; mean: number; rate?: never }
  | { type: "exponential"; rate: number; mean?: never };

/**
 * Normal with `mean` and standard deviation `sd` (>= 0) of the untruncated normal.
 *
 * `truncateAtZero` (default true, since most modelled quantities are durations) restricts the
 * distribution to (0, inf): samples are drawn by inversion on the truncated part, so nothing is
 * resampled, and `mean`/`variance` of the built {@link Distribution} are those of the truncated
 * normal, which differ from the spec's `mean`/`sd` when `mean` is within a few `sd` of zero.
 * With truncation the spec's `mean` must be >= 0.
 */
export interface NormalSpec {
  type: "normal";
  mean: number;
  sd: number;
  truncateAtZero?: boolean;
}

/**
 * Lognormal, given either by its `mean` (> 0) and coefficient of variation `cv` (sd / mean, > 0),
 * or by its `median` (> 0) and 99th percentile `p99` (> median), the way latency SLOs are quoted.
 */
export type LognormalSpec =
  | { type: "lognormal"; mean: number; cv: number; median?: never; p99?: never }
  | { type: "lognormal"; median: number; p99: number; mean?: never; cv?: never };

/**
 * Pareto (type I): P(X > x) = (scale / x)^shape for x >= scale. `scale` is x_m (> 0, the
 * minimum value) and `shape` is alpha (> 0). The mean exists only for shape > 1, the variance
 * only for shape > 2.
 */
export interface ParetoSpec {
  type: "pareto";
  scale: number;
  shape: number;
}

/** Pareto with tail index `shape` (> 0) restricted to [min, max], 0 < min < max. */
export interface BoundedParetoSpec {
  type: "bounded-pareto";
  min: number;
  max: number;
  shape: number;
}

/** Weibull: P(X > x) = exp(-(x / scale)^shape); `shape` > 0, `scale` > 0. */
export interface WeibullSpec {
  type: "weibull";
  shape: number;
  scale: number;
}

/** Gamma with `shape` k > 0 and `scale` theta > 0 (mean k * theta). */
export interface GammaSpec {
  type: "gamma";
  shape: number;
  scale: number;
}

/** Erlang: the sum of `k` (an integer >= 1) exponential phases with total `mean` (> 0). */
export interface ErlangSpec {
  type: "erlang";
  k: number;
  mean: number;
}

/** One row of a percentile table: the `p`-quantile (p in [0, 1]) is `value`. */
export interface PercentilePoint {
  p: number;
  value: number;
}

/**
 * A measured percentile table, such as `[{p: 0.5, value: 20}, {p: 0.9, value: 45},
 * {p: 0.99, value: 120}, {p: 0.999, value: 400}]`. The quantile function is interpolated
 * linearly between points (so the density is piecewise constant).
 *
 * - `p` must increase strictly and `value` must not decrease (equal values make an atom).
 * - Bottom end: without a `p: 0` row the table starts at `{p: 0, value: 0}` (durations start at
 *   zero), which needs every value >= 0; give a `p: 0` row to set another minimum.
 * - Top end: without a `p: 1` row, the last segment's slope is extended linearly to p = 1, so
 *   the maximum is `last.value + (1 - last.p) * slope`. With the table above that is
 *   400 + 0.001 * (400 - 120) / 0.009 = 431.1. Give a `p: 1` row to set the maximum exactly.
 */
export interface EmpiricalSpec {
  type: "empirical";
  points: PercentilePoint[];
}

/** One component of a mixture: chosen with probability `weight / sum of weights`. */
export interface MixtureComponent {
  weight: number;
  dist: DistributionSpec;
}

/**
 * A probabilistic mixture: each sample comes from one component, chosen by weight. Weights are
 * finite and >= 0, not all zero, and need not sum to 1 (they are normalised).
 */
export interface MixtureSpec {
  type: "mixture";
  components: MixtureComponent[];
}

/** Any distribution specification accepted by `createDistribution`. */
export type DistributionSpec =
  | ConstantSpec
  | UniformSpec
  | ExponentialSpec
  | NormalSpec
  | LognormalSpec
  | ParetoSpec
  | BoundedParetoSpec
  | WeibullSpec
  | GammaSpec
  | ErlangSpec
  | EmpiricalSpec
  | MixtureSpec;

/** The `type` tag of a {@link DistributionSpec}. */
export type DistributionType = DistributionSpec["type"];

/**
 * A built distribution: a sampler plus its analytic mean, variance, CDF and quantile function.
 *
 * Objects are immutable and hold no random state, so one object may be shared by components
 * that each pass their own stream; a sample depends only on the uniforms drawn from the stream
 * passed to `sample`. Samplers by inversion (all but gamma, Erlang and mixture) draw exactly
 * one uniform per sample, which keeps streams aligned when a scenario swaps one such
 * distribution for another (common random numbers).
 */
export interface Distribution {
  /** The spec's `type` tag. */
  readonly type: DistributionType;
  /**
   * Draws one value using uniforms from `stream` (`stream.next()`). Allocates nothing.
   * Values are in the modelled unit (ms for durations).
   */
  sample(stream: RandomStream): number;
  /** Analytic mean, or undefined where it does not exist (Pareto with shape <= 1). */
  readonly mean: number | undefined;
  /** Analytic variance, or undefined where it does not exist or is infinite. */
  readonly variance: number | undefined;
  /** P(X <= x). Non-decreasing, 0 below the support and 1 above it. */
  cdf(x: number): number;
  /**
   * The p-quantile, inf { x : cdf(x) >= p }, for p in (0, 1); p = 0 and p = 1 give the ends
   * of the support (possibly -Infinity or Infinity).
   */
  quantile(p: number): number;
}
