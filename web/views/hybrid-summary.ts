/**
 * The run view's account of a hybrid run (the Result's `hybrid` section, README "Hybrid
 * fidelity"): whether the hybrid engine ran or judged the scenario unsafe and ran it exactly
 * (with why), how many windows a fluid model stood in for, how many requests it stood in for,
 * the largest p99 error estimate, and why the other windows ran discrete, grouped by reason.
 * The section carries `data-ran` and `data-fluid-windows` for tests.
 */
import { formatMetric } from "../../engine/index";
import { h } from "../app/dom";
import type { ResultSummary } from "../worker/run-protocol";

/** The hybrid section of a run, or null for an exact run (its Result has none). */
export function hybridSummary(summary: ResultSummary): HTMLElement | null {
  const hybrid = summary.hybrid;
  if (hybrid === undefined) return null;
  const section = h("section", { class: "hybrid-summary", "aria-label": "Hybrid fidelity", "data-testid": "hybrid-section", "data-ran": hybrid.ran, "data-fluid-windows": String(hybrid.fluidWindows) });
  if (hybrid.ran === "exact") {
    section.append(h("h2", {}, "Hybrid fidelity: ran exactly"),
      h("p", {}, "The hybrid engine cannot model this scenario safely, so every request was simulated:"),
      h("ul", {}, hybrid.fallbackReasons.map((reason) => h("li", {}, reason))));
    return section;
  }
  const windows = hybrid.windows.mode.length;
  const total = hybrid.fluidRequests + hybrid.discreteRequests;
  const reasons = new Map<string, number>();
  hybrid.windows.mode.forEach((mode, i) => {
    if (mode !== "discrete") return;
    const reason = hybrid.windows.reason[i]!.replace(/\d+(\.\d+)?%/g, "…%");
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  });
  section.append(h("h2", {}, "Hybrid fidelity"),
    h("p", {},
      `A fluid model stood in for ${formatMetric(hybrid.fluidWindows, "count")} of ${formatMetric(windows, "count")} windows: `,
      `${formatMetric(hybrid.fluidRequests, "count")} requests (${formatMetric(total > 0 ? hybrid.fluidRequests / total : 0, "percent")}) scaled from discrete samples, `,
      `${formatMetric(hybrid.discreteRequests, "count")} simulated one by one. `,
      hybrid.p99RelativeErrorMax === null ? "" : `Largest 95 % error estimate of a fluid window's p99: ±${formatMetric(hybrid.p99RelativeErrorMax, "percent")}.`),
    reasons.size === 0 ? h("p", {}, "No window had to run discrete.") : h("table", { class: "hybrid-reasons" },
      h("thead", {}, h("tr", {}, h("th", {}, "Why windows ran discrete"), h("th", {}, "windows"))),
      h("tbody", {}, [...reasons].sort((a, b) => b[1] - a[1]).map(([reason, count]) => h("tr", {}, h("td", {}, reason), h("td", { class: "num" }, String(count)))))));
  return section;
}
