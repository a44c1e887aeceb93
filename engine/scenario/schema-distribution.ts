/**
 * Duration distributions in the scenario language: a bare duration ("5ms", a constant) or
 * `{ type: exponential, mean: 3ms }` and the other shapes of engine/core/distributions. Kept
 * apart from schema.ts so that the section schemas schema.ts imports (faults, operations) can
 * use distributions too without an import cycle.
 */
import { createDistribution, type DistributionSpec } from "../core/distributions";
import { ParameterError } from "../core/assert";
import { s, type Infer, type ParseContext, type SchemaNode } from "../input/schema";

/** A strictly positive duration, ms. */
export const positiveDuration = (description?: string) => s.duration({ exclusiveMin: 0, ...(description === undefined ? {} : { description }) });

const distributionShapes = {
  constant: s.object({ value: s.duration({ description: "The fixed value." }) }, { description: "Always the same value." }),
  uniform: s.object({ min: s.duration({ description: "Smallest value." }), max: s.duration({ description: "Largest value." }) }, { description: "Every value in [min, max] equally likely." }),
  exponential: s.object({ mean: positiveDuration("Mean (1 / rate).") }, { description: "Memoryless; the M in M/M/c." }),
  normal: s.object({
    mean: s.duration({ description: "Mean." }),
    sd: s.duration({ description: "Standard deviation." }),
    truncateAtZero: s.withDefault(s.boolean({ description: "Cut off negative values (durations cannot be negative)." }), true),
  }),
  lognormal: s.object({
    mean: s.optional(positiveDuration("Mean; with cv.")),
    cv: s.optional(s.number({ exclusiveMin: 0, description: "Coefficient of variation (sd / mean); with `mean`." })),
    median: s.optional(positiveDuration("Median (p50); with p99.")),
    p99: s.optional(positiveDuration("99th percentile; with median.")),
  }, { description: "Give either mean and cv, or median and p99." }),
  pareto: s.object({ scale: positiveDuration("Smallest value (x_m)."), shape: s.number({ exclusiveMin: 0, description: "Tail index alpha; the mean exists only for alpha > 1." }) }, { description: "Heavy-tailed: P(X > x) = (scale / x)^shape." }),
  "bounded-pareto": s.object({ min: positiveDuration("Smallest value."), max: positiveDuration("Largest value."), shape: s.number({ exclusiveMin: 0, description: "Tail index alpha." }) }, { description: "A Pareto tail cut off at max." }),
  weibull: s.object({ shape: s.number({ exclusiveMin: 0, description: "Shape k (below 1: heavier tail than exponential)." }), scale: positiveDuration("Scale lambda.") }, { description: "Weibull: P(X > x) = exp(-(x / scale)^shape)." }),
  gamma: s.object({ shape: s.number({ exclusiveMin: 0, description: "Shape k." }), scale: positiveDuration("Scale theta (mean = shape x scale).") }, { description: "Gamma with shape and scale." }),
  erlang: s.object({ k: s.integer({ min: 1, description: "Number of exponential phases." }), mean: positiveDuration("Mean of the whole (k phases).") }, { description: "A sum of k exponential phases." }),
  empirical: s.object({
    points: s.array(s.object({ p: s.percent({ allowFraction: true, description: "Percentile, e.g. 99%." }), value: s.duration({ description: "The latency at that percentile." }) }, { description: "One row of the table." }), { minItems: 1, description: "A percentile table, e.g. from a dashboard: p50, p90, p99, p99.9." }),
  }, { description: "Interpolated between the percentiles of a table." }),
};

const simpleDistribution = s.discriminated("type", distributionShapes, { description: "A probability distribution of durations." });

const mixtureShape = s.object({
  components: s.array(s.object({
    weight: s.number({ min: 0, description: "Relative weight of this component." }),
    dist: s.oneOf([s.duration({ description: "A constant duration." }), simpleDistribution], { description: "The component's distribution." }),
  }, { description: "One component of the mixture." }), { minItems: 1, description: "The components, each drawn with probability weight / total." }),
}, { description: "A mixture: each value comes from one component, picked by weight." });

/**
 * A duration distribution: a bare duration ("5ms", a constant) or `{ type: ..., ... }`. The
 * parameters are checked by building the distribution, so "p99 below the median" is reported
 * at the scenario path of p99.
 */
export const distributionNode = (description: string): SchemaNode<DistributionValue, unknown> =>
  s.oneOf([
    s.duration({ description: "A constant duration." }),
    s.discriminated("type", { ...distributionShapes, mixture: mixtureShape }, { description: "A probability distribution of durations." }),
  ], { description }).refine(checkDistribution as never) as unknown as SchemaNode<DistributionValue, unknown>;

/** Converts a parsed distribution (ms numbers) to a DistributionSpec. */
export function toDistributionSpec(value: DistributionValue): DistributionSpec {
  if (typeof value === "number") return { type: "constant", value };
  if (value.type === "mixture") {
    return { type: "mixture", components: value.components.map((c: { weight: number; dist: number | SimpleDistributionValue }) => ({ weight: c.weight, dist: toDistributionSpec(c.dist as DistributionValue) })) };
  }
  if (value.type === "lognormal") {
    return value.median !== undefined || value.p99 !== undefined
      ? { type: "lognormal", median: value.median!, p99: value.p99! }
      : { type: "lognormal", mean: value.mean!, cv: value.cv! };
  }
  return value as DistributionSpec;
}

function checkDistribution(value: DistributionValue, ctx: ParseContext): void {
  if (typeof value === "object" && value.type === "lognormal") {
    const byMean = value.mean !== undefined || value.cv !== undefined;
    const byMedian = value.median !== undefined || value.p99 !== undefined;
    if (byMean === byMedian) {
      ctx.addProblem("give either mean and cv, or median and p99");
      return;
    }
    if (byMean && (value.mean === undefined || value.cv === undefined)) { ctx.addProblem("required with mean", value.mean === undefined ? "mean" : "cv"); return; }
    if (byMedian && (value.median === undefined || value.p99 === undefined)) { ctx.addProblem("required with median", value.median === undefined ? "median" : "p99"); return; }
  }
  try {
    createDistribution(toDistributionSpec(value));
  } catch (error) {
    if (!(error instanceof ParameterError)) throw error;
    const at = error.parameter.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    // Distribution parameters are durations in ms by the time they reach createDistribution.
    ctx.addProblem(`${error.message.slice(error.parameter.length + 2)} (durations in ms)`, at);
  }
}

/** A validated non-mixture distribution. */
export type SimpleDistributionValue = Infer<typeof simpleDistribution>;
/** A distribution as validated: ms numbers, a constant as a bare number. */
export type DistributionValue =
  | number
  | SimpleDistributionValue
  | { type: "mixture"; components: Array<{ weight: number; dist: number | SimpleDistributionValue }> };
