/**
 * A distribution given by a measured percentile table (p50, p90, p99, p99.9 from a dashboard).
 *
 * The quantile function is the piecewise-linear interpolation of the table, so every listed
 * percentile is reproduced exactly and the density is constant between neighbouring rows.
 * The ends are documented on {@link EmpiricalSpec}: an implicit `{p: 0, value: 0}` start and a
 * linear extension of the last segment to p = 1.
 */
import { registerSnapshotClass } from "../snapshot-codec";
import { ParameterError } from "../assert";
import type { RandomStream } from "../rng";
import { formatFound, requireFinite } from "./parameters";
import type { Distribution, EmpiricalSpec, PercentilePoint } from "./types";

/** Piecewise-linear quantile function through (ps[i], values[i]), ps[0] = 0, ps[last] = 1. */
class EmpiricalDistribution implements Distribution {
  readonly type = "empirical" as const;
  readonly mean: number;
  readonly variance: number;
  private readonly last: number;
  constructor(
    private readonly ps: Float64Array,
    private readonly values: Float64Array,
  ) {
    this.last = ps.length - 1;
    // Moments integrate the quantile function: E[X^k] = integral over (0, 1) of Q(p)^k dp.
    // On a segment from a to b over width w this is w (a + b) / 2 for k = 1 and
    // w (a^2 + a b + b^2) / 3 for k = 2.
    let moment1 = 0;
    let moment2 = 0;
    for (let i = 0; i < this.last; i++) {
      const width = ps[i + 1]! - ps[i]!;
      const a = values[i]!;
      const b = values[i + 1]!;
      moment1 += (width * (a + b)) / 2;
      moment2 += (width * (a * a + a * b + b * b)) / 3;
    }
    this.mean = moment1;
    this.variance = Math.max(0, moment2 - moment1 * moment1);
  }

  sample(stream: RandomStream): number {
    return this.quantile(stream.next());
  }

  quantile(p: number): number {
    const ps = this.ps;
    if (!(p > 0)) return this.values[0]!;
    if (p >= 1) return this.values[this.last]!;
    // Binary search for the segment with ps[lo] <= p < ps[lo + 1].
    let lo = 0;
    let hi = this.last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (ps[mid]! <= p) lo = mid;
      else hi = mid;
    }
    const a = this.values[lo]!;
    return a + ((this.values[lo + 1]! - a) * (p - ps[lo]!)) / (ps[lo + 1]! - ps[lo]!);
  }

  cdf(x: number): number {
    const values = this.values;
    if (x < values[0]!) return 0;
    if (x >= values[this.last]!) return 1;
    // The last segment with values[lo] <= x < values[lo + 1]; a flat run (an atom) is skipped,
    // so the CDF jumps over it as it should.
    let lo = 0;
    let hi = this.last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (values[mid]! <= x) lo = mid;
      else hi = mid;
    }
    const a = values[lo]!;
    return this.ps[lo]! + ((this.ps[lo + 1]! - this.ps[lo]!) * (x - a)) / (values[lo + 1]! - a);
  }
}

/** Checks the rows one by one; each error names the row, e.g. `points[2].value`. */
function readPoints(points: unknown): PercentilePoint[] {
  if (!Array.isArray(points) || points.length === 0) {
    throw new ParameterError("points", `must be a non-empty list of {p, value} rows, got ${formatFound(points)}`);
  }
  const rows: PercentilePoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const row = (points[i] ?? {}) as Partial<PercentilePoint>;
    const p = requireFinite(`points[${i}].p`, row.p);
    const value = requireFinite(`points[${i}].value`, row.value);
    if (p < 0 || p > 1) throw new ParameterError(`points[${i}].p`, `must be between 0 and 1, got ${p}`);
    const previous = rows[i - 1];
    if (previous !== undefined && !(p > previous.p)) {
      throw new ParameterError(`points[${i}].p`, `must be greater than points[${i - 1}].p (${previous.p}), got ${p}`);
    }
    if (previous !== undefined && value < previous.value) {
      throw new ParameterError(`points[${i}].value`, `must be at least points[${i - 1}].value (${previous.value}), got ${value}`);
    }
    rows.push({ p, value });
  }
  return rows;
}

/**
 * Builds an empirical distribution from a percentile table (see {@link EmpiricalSpec}).
 * @throws ParameterError for an empty table, a row whose `p` is outside [0, 1] or not greater
 *   than the previous row's, a `value` smaller than the previous row's, a negative value in a
 *   table without a `p: 0` row, or a table whose only row is at p = 0.
 */
export function createEmpirical(spec: EmpiricalSpec): Distribution {
  const rows = readPoints(spec.points);
  if (rows[0]!.p > 0) {
    if (rows[0]!.value < 0) {
      throw new ParameterError(
        "points[0].value",
        `must be >= 0 when the table has no p: 0 row (it then starts at value 0), got ${rows[0]!.value}; add {p: 0, value: <minimum>}`,
      );
    }
    rows.unshift({ p: 0, value: 0 });
  }
  if (rows.length < 2) {
    throw new ParameterError("points", "needs a row with p > 0 besides the p: 0 row");
  }
  const lastRow = rows[rows.length - 1]!;
  if (lastRow.p < 1) {
    const previous = rows[rows.length - 2]!;
    const slope = (lastRow.value - previous.value) / (lastRow.p - previous.p);
    rows.push({ p: 1, value: lastRow.value + slope * (1 - lastRow.p) });
  }
  return new EmpiricalDistribution(Float64Array.from(rows, (r) => r.p), Float64Array.from(rows, (r) => r.value));
}

// Distributions are state-free after construction; registered so a snapshot can name them.
// Made by its constructor on restore (any valid arguments; see engine/core/snapshot-codec.ts).
registerSnapshotClass("EmpiricalDistribution", EmpiricalDistribution, {
  create: () => new EmpiricalDistribution(new Float64Array([0, 1]), new Float64Array([1, 1])),
});
