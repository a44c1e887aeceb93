/**
 * The Fidelity control of the run and planner forms (README "Hybrid fidelity") and its one rule:
 * hybrid adds the override `run.fidelity=hybrid`; exact leaves the scenario as written, unless
 * the scenario or the draft's overrides ask for hybrid, which exact then overrides.
 */
import { h } from "../app/dom";

export type Fidelity = "exact" | "hybrid";

/** The select, exact first. */
export function fidelitySelect(testId: string): HTMLSelectElement {
  return h("select", { "data-testid": testId, title: "exact: every request simulated; hybrid: a fluid model stands in for calm windows" },
    h("option", { value: "exact" }, "exact"), h("option", { value: "hybrid" }, "hybrid"));
}

/** The overrides to run the draft (`text`, `overrides`) with at `fidelity` (see the file comment). */
export function withFidelity(text: string, overrides: readonly string[], fidelity: Fidelity): string[] {
  const others = overrides.filter((o) => !o.startsWith("run.fidelity="));
  const asksHybrid = /^[^#\n]*fidelity:\s*hybrid/m.test(text) || others.length !== overrides.length;
  return fidelity === "hybrid" || asksHybrid ? [...others, `run.fidelity=${fidelity}`] : [...overrides];
}
