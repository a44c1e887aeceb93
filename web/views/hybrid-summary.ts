/**
 * The run view's account of a hybrid run (the Result's `hybrid` section, README "Hybrid
 * fidelity"): the engine's hybrid table (engine/result/tables/hybrid-tables.ts, which the CLI
 * and the HTML report print too): whether the hybrid engine ran or judged the scenario unsafe
 * and ran it exactly (with why), why windows ran discrete grouped by reason, and in its note
 * how many windows and requests a fluid model stood in for and the largest p99 error estimate.
 * It sits with the run's numbers, not among the mechanisms' tables. The section carries
 * `data-ran` and `data-fluid-windows` for tests.
 */
import { hybridTable } from "../../engine/index";
import { h } from "../app/dom";
import type { ResultSummary } from "../worker/run-protocol";
import { sectionTable } from "./run-summary";

/** The hybrid section of a run, or null for an exact run (its Result has none). */
export function hybridSummary(summary: ResultSummary): HTMLElement | null {
  const hybrid = summary.hybrid;
  const model = hybridTable(hybrid);
  if (hybrid === undefined || model === null) return null;
  return h("section", { class: "hybrid-summary", "aria-label": "Hybrid fidelity", "data-testid": "hybrid-section", "data-ran": hybrid.ran, "data-fluid-windows": String(hybrid.fluidWindows) },
    sectionTable(model));
}
