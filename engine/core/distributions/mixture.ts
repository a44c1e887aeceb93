/**
 * Mixtures: "90% of requests hit the cache in about 2 ms, 10% go to disk in about 40 ms".
 *
 * A sample picks a component with one uniform, then samples it. The CDF is the weighted sum of
 * the components' CDFs; the quantile is found by bisection on that CDF, between the smallest
 * and largest component quantile at the same p (the mixture's quantile always lies there).
 */
import { registerSnapshotClass } from "../snapshot-codec";
import type { RandomStream } from "../rng";
import type { Distribution } from "./types";

/** Bisection steps for the quantile: 200 halvings shrink any finite bracket below one ulp. */
const BISECTION_STEPS_MAX = 200;

/** A weighted mixture of built distributions; weights are normalised, zero weights allowed. */
export class MixtureDistribution implements Distribution {
  readonly type = "mixture" as const;
  readonly mean: number | undefined;
  readonly variance: number | undefined;
  private readonly weights: Float64Array;
  private readonly cumulative: Float64Array;

  /**
   * @param components the built components with weights >= 0, not all zero (checked by the
   *   caller, which knows the spec paths for error messages).
   */
  constructor(private readonly components: ReadonlyArray<{ weight: number; dist: Distribution }>) {
    const total = components.reduce((sum, c) => sum + c.weight, 0);
    this.weights = Float64Array.from(components, (c) => c.weight / total);
    this.cumulative = new Float64Array(components.length);
    let running = 0;
    for (let i = 0; i < components.length; i++) {
      running += this.weights[i]!;
      this.cumulative[i] = running;
    }
    // Rounding could leave the total a hair below 1; a uniform above it must still choose a
    // positive-weight component, so the last one (and any zero-weight ones after it) end at 1.
    let lastPositive = components.length - 1;
    while (this.weights[lastPositive] === 0) lastPositive--;
    this.cumulative.fill(1, lastPositive);
    const moments = mixtureMoments(this.weights, components);
    this.mean = moments.mean;
    this.variance = moments.variance;
  }

  sample(stream: RandomStream): number {
    const u = stream.next();
    const cumulative = this.cumulative;
    let i = 0;
    while (u >= cumulative[i]!) i++;
    return this.components[i]!.dist.sample(stream);
  }

  cdf(x: number): number {
    let p = 0;
    for (let i = 0; i < this.components.length; i++) {
      if (this.weights[i]! > 0) p += this.weights[i]! * this.components[i]!.dist.cdf(x);
    }
    return Math.min(1, p);
  }

  quantile(p: number): number {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < this.components.length; i++) {
      if (this.weights[i]! === 0) continue;
      const q = this.components[i]!.dist.quantile(p);
      lo = Math.min(lo, q);
      hi = Math.max(hi, q);
    }
    if (!(p > 0 && p < 1) || lo === hi) return p >= 1 ? hi : lo;
    // Invariant: cdf(lo) < p <= cdf(hi) (up to lo itself being the answer at an atom).
    if (this.cdf(lo) >= p) return lo;
    for (let step = 0; step < BISECTION_STEPS_MAX; step++) {
      const mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) break; // adjacent doubles: converged
      if (this.cdf(mid) >= p) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

/**
 * mean = sum w_i mean_i; variance = sum w_i (var_i + mean_i^2) - mean^2 (law of total
 * variance). Undefined as soon as one positive-weight component's moment is.
 */
function mixtureMoments(
  weights: Float64Array,
  components: ReadonlyArray<{ dist: Distribution }>,
): { mean: number | undefined; variance: number | undefined } {
  let mean: number | undefined = 0;
  let secondMoment: number | undefined = 0;
  for (let i = 0; i < components.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const { mean: m, variance: v } = components[i]!.dist;
    mean = mean === undefined || m === undefined ? undefined : mean + w * m;
    secondMoment = secondMoment === undefined || m === undefined || v === undefined ? undefined : secondMoment + w * (v + m * m);
  }
  if (mean === undefined || secondMoment === undefined) return { mean, variance: undefined };
  return { mean, variance: Math.max(0, secondMoment - mean * mean) };
}

// Distributions are state-free after construction; registered so a snapshot can name them.
registerSnapshotClass("MixtureDistribution", MixtureDistribution);
