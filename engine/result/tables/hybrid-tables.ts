/**
 * The hybrid engine's account of a run as a table (the Result's `hybrid` section: README
 * "Hybrid fidelity"): why windows ran discrete, grouped by reason, and in the note how many
 * windows and requests a fluid model stood in for and the largest p99 error estimate; or, when
 * the engine judged the scenario unsafe and ran it exactly, why. The CLI's table, the HTML
 * report and the browser's hybrid section all draw it, so a hybrid run says what it did in each.
 */
import { formatMetric } from "../../input/units/metric-format";
import type { HybridSummary } from "../hybrid-result";
import { columns, type ResultTable } from "./table-model";

/** The hybrid table of a run; null for a run that did not ask for hybrid fidelity. */
export function hybridTable(hybrid: HybridSummary | undefined): ResultTable | null {
  if (hybrid === undefined) return null;
  if (hybrid.ran === "exact") {
    return {
      id: "hybrid", title: "Hybrid fidelity: ran exactly", rank: "secondary",
      columns: columns(["why every request was simulated", "text"]),
      rows: hybrid.fallbackReasons.map((reason, i) => ({ key: `reason-${i}`, cells: [reason] })),
      note: "The hybrid engine cannot model this scenario safely, so it ran exactly, as run.fidelity: exact would.",
    };
  }
  const windows = hybrid.windows.mode.length;
  const total = hybrid.fluidRequests + hybrid.discreteRequests;
  // Reasons with their percentages blanked, so "app at 78.9% in the last window" and "app at
  // 81.2% ..." count as one reason.
  const reasons = new Map<string, number>();
  hybrid.windows.mode.forEach((mode, i) => {
    if (mode !== "discrete") return;
    const reason = hybrid.windows.reason[i]!.replace(/\d+(\.\d+)?%/g, "…%");
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  });
  const rows = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([reason, count]) => ({ key: reason, cells: [reason, count] }));
  const error = hybrid.p99RelativeErrorMax === null ? "" : ` Largest 95 % error estimate of a fluid window's p99: ±${formatMetric(hybrid.p99RelativeErrorMax, "percent")}.`;
  return {
    id: "hybrid", title: "Hybrid fidelity", rank: "secondary",
    columns: columns(["why windows ran discrete", "text"], ["windows", "count"]),
    rows: rows.length > 0 ? rows : [{ key: "none", cells: ["none: every window ran fluid", 0] }],
    note: `A fluid model stood in for ${formatMetric(hybrid.fluidWindows, "count")} of ${formatMetric(windows, "count")} windows: ` +
      `${formatMetric(hybrid.fluidRequests, "count")} requests (${formatMetric(total > 0 ? hybrid.fluidRequests / total : 0, "percent")}) scaled from discrete samples, ` +
      `${formatMetric(hybrid.discreteRequests, "count")} simulated one by one.${error}`,
  };
}
