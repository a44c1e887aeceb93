/**
 * Comparing two configurations: the headline metrics of each side (one run, or replications
 * with different seeds), their difference, a 95% confidence interval per side (Student t over
 * replications) and Welch's t-test on the difference (engine/theory/inference.ts). With one run a
 * side there is no spread to judge, and the table says so instead of guessing. The metrics are
 * the engine's catalogue (HEADLINE_METRICS: the same keys, labels and units as `clustersim
 * compare`), plus the number of SLOs met.
 */
import { confidenceInterval, HEADLINE_METRICS, SLOS_MET_METRIC, welchTTest, type HeadlineMetric } from "../../engine/index";
import type { ResultSummary, SeriesColumns } from "../worker/run-protocol";

/** The metrics the compare view shows, in order. */
export const COMPARE_METRICS: readonly HeadlineMetric[] = [...HEADLINE_METRICS, SLOS_MET_METRIC];

/** One side's value of a metric: mean and CI half-width (null with fewer than two runs). */
export interface SideValue {
  mean: number | null;
  halfWidth: number | null;
  n: number;
}

/** One row of the comparison. */
export interface CompareRow {
  metric: HeadlineMetric;
  a: SideValue;
  b: SideValue;
  /** b.mean - a.mean. */
  delta: number | null;
  /** Welch's two-sided p-value (null with fewer than two runs a side). */
  pValue: number | null;
  /** "better", "worse", "different" (significant, for a metric with no better direction), "same" (not significant or equal), or "unknown". */
  verdict: "better" | "worse" | "different" | "same" | "unknown";
}

function side(values: number[]): SideValue {
  if (values.length === 0) return { mean: null, halfWidth: null, n: 0 };
  const ci = confidenceInterval(values);
  return { mean: ci.mean, halfWidth: values.length >= 2 ? ci.halfWidth : null, n: values.length };
}

/** Compares B against A over each metric. */
export function compareSides(a: ResultSummary[], b: ResultSummary[]): CompareRow[] {
  return COMPARE_METRICS.map((metric) => {
    const va = a.map((s) => metric.get(s)).filter((v): v is number => v !== null && Number.isFinite(v));
    const vb = b.map((s) => metric.get(s)).filter((v): v is number => v !== null && Number.isFinite(v));
    const sa = side(va);
    const sb = side(vb);
    const delta = sa.mean !== null && sb.mean !== null ? sb.mean - sa.mean : null;
    let pValue: number | null = null;
    let verdict: CompareRow["verdict"] = "unknown";
    if (va.length >= 2 && vb.length >= 2) {
      const test = welchTTest(va, vb);
      pValue = Number.isFinite(test.pValue) ? test.pValue : null;
      if (delta === 0 || (pValue !== null && pValue >= 0.05)) verdict = "same";
      else if (delta !== null) verdict = metric.better === null ? "different" : (delta > 0) === (metric.better === "higher") ? "better" : "worse";
    } else if (delta === 0) verdict = "same";
    return { metric, a: sa, b: sb, delta, pValue, verdict };
  });
}

/**
 * Windows at the start where two series agree exactly in every column (a fork replays its
 * parent until the change takes effect).
 */
export function identicalPrefixWindows(a: SeriesColumns, b: SeriesColumns): number {
  const length = Math.min(a.length, b.length);
  const names = a.names.filter((n) => b.columns[n] !== undefined);
  for (let i = 0; i < length; i++) {
    for (const name of names) {
      const x = a.columns[name]![i]!;
      const y = b.columns[name]![i]!;
      if (!(x === y || (Number.isNaN(x) && Number.isNaN(y)))) return i;
    }
  }
  return length;
}
