/**
 * Probability distributions for cluster models, parameterised the way engineers talk:
 * "exponential with mean 250 ms", "lognormal with median 20 ms and p99 120 ms", a percentile
 * table from a dashboard, or a mixture of those.
 *
 * `createDistribution(spec)` validates a {@link DistributionSpec} and returns an immutable
 * {@link Distribution}: a sampler that takes its uniforms from the stream passed to it, plus the
 * analytic mean, variance, CDF and quantile function. All values are plain numbers in the unit
 * of the modelled quantity (milliseconds for durations; `engine/scenario/` converts "250ms").
 *
 * The implementations live in `./distributions/`, one family per file; this module is the
 * entry point and the only one other code should import.
 */
import { ParameterError } from "./assert";
import { createConstant, createExponential, createUniform, createWeibull } from "./distributions/basic";
import { createEmpirical } from "./distributions/empirical";
import { createErlang, createGamma } from "./distributions/gamma";
import { MixtureDistribution } from "./distributions/mixture";
import { createLognormal, createNormal } from "./distributions/normal";
import { createBoundedPareto, createPareto } from "./distributions/pareto";
import { formatFound, requireNonNegative } from "./distributions/parameters";
import type { Distribution, DistributionSpec, DistributionType, MixtureSpec } from "./distributions/types";

export { describeDistribution } from "./distributions/describe";
export { normalCdf, normalQuantile } from "./distributions/special-functions";
export type {
  BoundedParetoSpec,
  ConstantSpec,
  Distribution,
  DistributionSpec,
  DistributionType,
  EmpiricalSpec,
  ErlangSpec,
  ExponentialSpec,
  GammaSpec,
  LognormalSpec,
  MixtureComponent,
  MixtureSpec,
  NormalSpec,
  ParetoSpec,
  PercentilePoint,
  UniformSpec,
  WeibullSpec,
} from "./distributions/types";

/** Every distribution type, in the order they are documented. */
export const DISTRIBUTION_TYPES: readonly DistributionType[] = [
  "constant",
  "uniform",
  "exponential",
  "normal",
  "lognormal",
  "pareto",
  "bounded-pareto",
  "weibull",
  "gamma",
  "erlang",
  "empirical",
  "mixture",
];

/**
 * Validates `spec` and builds its distribution.
 *
 * @throws ParameterError naming the offending parameter and its value, e.g.
 *   `p99: must be greater than median (20), got 10`. Parameters inside a mixture are named by
 *   their path, e.g. `components[1].dist.mean`. Any number that is NaN or infinite is rejected.
 */
export function createDistribution(spec: DistributionSpec): Distribution {
  if (typeof spec !== "object" || spec === null) {
    throw new ParameterError("type", `expected a distribution spec object, got ${formatFound(spec)}`);
  }
  switch (spec.type) {
    case "constant":
      return createConstant(spec);
    case "uniform":
      return createUniform(spec);
    case "exponential":
      return createExponential(spec);
    case "normal":
      return createNormal(spec);
    case "lognormal":
      return createLognormal(spec);
    case "pareto":
      return createPareto(spec);
    case "bounded-pareto":
      return createBoundedPareto(spec);
    case "weibull":
      return createWeibull(spec);
    case "gamma":
      return createGamma(spec);
    case "erlang":
      return createErlang(spec);
    case "empirical":
      return createEmpirical(spec);
    case "mixture":
      return createMixture(spec);
    default: {
      const found = formatFound((spec as { type?: unknown }).type);
      throw new ParameterError("type", `must be one of ${DISTRIBUTION_TYPES.join(", ")}; got ${found}`);
    }
  }
}

/**
 * Builds each component (re-throwing its errors with the component's path prepended) and the
 * mixture over them.
 */
function createMixture(spec: MixtureSpec): Distribution {
  const components: unknown = spec.components;
  if (!Array.isArray(components) || components.length === 0) {
    throw new ParameterError("components", `must be a non-empty list of {weight, dist}, got ${formatFound(components)}`);
  }
  const built = components.map((component: MixtureSpec["components"][number] | undefined, i) => {
    const weight = requireNonNegative(`components[${i}].weight`, component?.weight);
    try {
      return { weight, dist: createDistribution(component!.dist) };
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      const inner = error.message.slice(error.parameter.length + 2);
      throw new ParameterError(`components[${i}].dist.${error.parameter}`, inner);
    }
  });
  if (!built.some((c) => c.weight > 0)) {
    throw new ParameterError("components", "weights must not all be zero");
  }
  return new MixtureDistribution(built);
}
