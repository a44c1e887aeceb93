/**
 * Short human labels for distribution specs, for reports and chart legends.
 */
import type { DistributionSpec, PercentilePoint } from "./types";

/** A number in at most 6 significant digits, without trailing zeros (0.1 + 0.2 -> "0.3"). */
function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** "p50", "p99.9", "p0", "p100". */
function formatPercentile(p: number): string {
  return `p${formatNumber(p * 100)}`;
}

function describeEmpiricalPoints(points: readonly PercentilePoint[]): string {
  return points.map((point) => `${formatPercentile(point.p)} ${formatNumber(point.value)}`).join(", ");
}

/**
 * A short label for `spec`, using the spec's own parameters, e.g. `exponential(mean 250)`,
 * `lognormal(median 20, p99 120)`, `mixture(90% exponential(mean 2), 10% exponential(mean 40))`.
 * Does not validate; an invalid spec gets a label showing its invalid values.
 */
export function describeDistribution(spec: DistributionSpec): string {
  switch (spec.type) {
    case "constant":
      return `constant(${formatNumber(spec.value)})`;
    case "uniform":
      return `uniform(min ${formatNumber(spec.min)}, max ${formatNumber(spec.max)})`;
    case "exponential":
      return spec.rate !== undefined
        ? `exponential(rate ${formatNumber(spec.rate)})`
        : `exponential(mean ${formatNumber(spec.mean)})`;
    case "normal": {
      const truncation = spec.truncateAtZero === false ? "" : ", truncated at 0";
      return `normal(mean ${formatNumber(spec.mean)}, sd ${formatNumber(spec.sd)}${truncation})`;
    }
    case "lognormal":
      return spec.median !== undefined
        ? `lognormal(median ${formatNumber(spec.median)}, p99 ${formatNumber(spec.p99)})`
        : `lognormal(mean ${formatNumber(spec.mean)}, cv ${formatNumber(spec.cv)})`;
    case "pareto":
      return `pareto(scale ${formatNumber(spec.scale)}, shape ${formatNumber(spec.shape)})`;
    case "bounded-pareto":
      return `bounded-pareto(min ${formatNumber(spec.min)}, max ${formatNumber(spec.max)}, shape ${formatNumber(spec.shape)})`;
    case "weibull":
      return `weibull(shape ${formatNumber(spec.shape)}, scale ${formatNumber(spec.scale)})`;
    case "gamma":
      return `gamma(shape ${formatNumber(spec.shape)}, scale ${formatNumber(spec.scale)})`;
    case "erlang":
      return `erlang(k ${formatNumber(spec.k)}, mean ${formatNumber(spec.mean)})`;
    case "empirical":
      return `empirical(${describeEmpiricalPoints(spec.points)})`;
    case "mixture": {
      const total = spec.components.reduce((sum, c) => sum + c.weight, 0);
      const parts = spec.components.map((c) => {
        const share = total > 0 ? `${formatNumber((100 * c.weight) / total)}%` : `weight ${formatNumber(c.weight)}`;
        return `${share} ${describeDistribution(c.dist)}`;
      });
      return `mixture(${parts.join(", ")})`;
    }
    default:
      return `unknown(${String((spec as { type?: unknown }).type)})`;
  }
}
