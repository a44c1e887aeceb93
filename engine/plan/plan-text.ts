/**
 * The sentences of a plan that every surface prints alike (`clustersim plan`'s table, its HTML
 * report, the browser's planner): the SLO that keeps a configuration from passing, and the
 * traffic growth the recommendation absorbs. One wording, one formatter (formatMetric), so the
 * CLI and the page say the same thing about the same PlanReport.
 */
import { formatMetric, formatPercent } from "../input/units";
import { sloUnit } from "../result/headline-metrics";
import type { FailingCheck, PlanReport } from "./report";

/** `lat (p99 < 100 ms) in as-written: 150 ms, 95% CI 148 ms – 152 ms`. */
export function failingText(failing: FailingCheck, confidence: number): string {
  const unit = sloUnit(failing.kind);
  const interval = failing.low === null || failing.high === null ? "no interval yet" : `${formatPercent(confidence, { digits: 0 })} CI ${formatMetric(failing.low, unit)} – ${formatMetric(failing.high, unit)}`;
  return `${failing.check} (${failing.objective}) in ${failing.case}: ${formatMetric(failing.mean, unit)}, ${interval}`;
}

/**
 * `absorbs +25% traffic growth (workload rate.growth); at +30% availability (...) in as-written: ...`,
 * or `absorbs at least +200% ...; no SLO fails up to +200%`; null when the plan measured no headroom.
 */
export function headroomText(report: Pick<PlanReport, "headroom" | "confidence">): string | null {
  const headroom = report.headroom;
  if (headroom === null) return null;
  const limit = headroom.limitedBy === null
    ? `no SLO fails up to +${formatPercent(headroom.max, { digits: 0 })}`
    : `at +${formatPercent(headroom.limitedBy.growth, { digits: 0 })} ${failingText(headroom.limitedBy, report.confidence)}`;
  return `absorbs ${headroom.limitedBy === null ? "at least " : ""}+${formatPercent(headroom.absorbed, { digits: 0 })} traffic growth (workload rate.growth); ${limit}`;
}
