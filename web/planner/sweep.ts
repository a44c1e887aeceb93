/**
 * The planner's sweep: run the scenario at several values of one size (a `--set` override,
 * e.g. `topology.groups.web.count=N`), a few seeds each, and find the smallest value at
 * which every replication met every SLO.
 *
 * Per value: mean and 95% Student-t interval of p99 latency and availability over the
 * replications, mean cost, and the share of replications that met all SLOs. The
 * recommendation is the smallest value from which every larger value tried also passed, so a
 * lucky small size between failing ones is not recommended.
 */
import { confidenceInterval } from "../../engine/index";
import type { ResultSummary } from "../worker/run-protocol";

/** One size tried. */
export interface SweepPoint {
  value: number;
  summaries: ResultSummary[];
}

/** Statistics of one size. */
export interface SweepRow {
  value: number;
  runs: number;
  p99: { mean: number; low: number; high: number } | null;
  availability: { mean: number; low: number; high: number } | null;
  costMean: number;
  costPerHourMean: number;
  /** Share of replications that met every SLO. */
  passShare: number;
}

/** Integer values from `from` to `to` by `step` (at most `countMax`); empty for bad input. */
export function sweepValues(from: number, to: number, step: number, countMax = 40): number[] {
  if (![from, to, step].every(Number.isFinite) || step <= 0 || to < from) return [];
  const values: number[] = [];
  for (let v = from; v <= to + 1e-9 && values.length < countMax; v += step) values.push(Math.round(v * 1e9) / 1e9);
  return values;
}

function interval(values: number[]): { mean: number; low: number; high: number } | null {
  if (values.length === 0) return null;
  const ci = confidenceInterval(values);
  return values.length >= 2 ? { mean: ci.mean, low: ci.low, high: ci.high } : { mean: ci.mean, low: ci.mean, high: ci.mean };
}

/** Statistics per size, ascending. */
export function summariseSweep(points: SweepPoint[]): SweepRow[] {
  return points.slice().sort((a, b) => a.value - b.value).map((point) => {
    const s = point.summaries;
    const finite = (values: Array<number | null>) => values.filter((v): v is number => v !== null && Number.isFinite(v));
    return {
      value: point.value,
      runs: s.length,
      p99: interval(finite(s.map((r) => r.requests.latencyMs.p99))),
      availability: interval(finite(s.map((r) => r.requests.successRate))),
      costMean: s.reduce((sum, r) => sum + r.cost.total, 0) / Math.max(1, s.length),
      costPerHourMean: s.reduce((sum, r) => sum + r.cost.perHour, 0) / Math.max(1, s.length),
      passShare: s.length === 0 ? 0 : s.filter((r) => r.slosPassed).length / s.length,
    };
  });
}

/** The smallest value from which every value tried met all SLOs in every replication, or null. */
export function recommendedValue(rows: SweepRow[]): number | null {
  let recommended: number | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (rows[i]!.passShare === 1 && rows[i]!.runs > 0) recommended = rows[i]!.value;
    else break;
  }
  return recommended;
}
