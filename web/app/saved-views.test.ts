import { describe, expect, it } from "vitest";
import { savedComparison, savedPlan, SAVED_ENTRY_BYTES_MAX, type SavedSide } from "./saved-views";
import type { PlanReport } from "../../engine/index";
import type { ResultSummary, SeriesColumns } from "../worker/run-protocol";

const summary = (seed: number) => ({ seed, events: 1000 + seed }) as unknown as ResultSummary;
const series = (windows: number): SeriesColumns => ({ windowMs: 1000, length: windows, names: ["startMs", "offeredPerS"], columns: { startMs: new Float64Array(windows), offeredPerS: new Float64Array(windows) } });
const side = (label: string, over: Partial<SavedSide> = {}): SavedSide => ({ label, summaries: [summary(1), summary(2)], series: series(10), ...over });

describe("what is kept of a comparison", () => {
  it("keeps both sides' summaries and series while they fit, only the summaries past the bound", () => {
    const kept = savedComparison(side("A"), side("B"), 5);
    expect(kept.label).toBe("A vs B");
    expect(kept.sides.map((s) => s.series?.length)).toEqual([10, 10]);
    // Two columns x 8 bytes a side: half the bound each, plus one window, is over it.
    const big = savedComparison(side("A", { series: series(SAVED_ENTRY_BYTES_MAX / 32 + 1) }), side("B", { series: series(SAVED_ENTRY_BYTES_MAX / 32) }), 5);
    expect(big.sides.map((s) => s.series)).toEqual([undefined, undefined]);
    expect(big.sides[0].summaries).toHaveLength(2);
  });

  it("gives the same comparison the same signature, and another one another", () => {
    expect(savedComparison(side("A"), side("B"), 1).signature).toBe(savedComparison(side("A"), side("B"), 2).signature);
    expect(savedComparison(side("A"), side("B", { digest: "x" }), 1).signature).not.toBe(savedComparison(side("A"), side("B", { digest: "y" }), 1).signature);
    expect(savedComparison(side("A"), side("B", { summaries: [summary(1)] }), 1).signature).not.toBe(savedComparison(side("A"), side("B"), 1).signature);
  });
});

describe("what is kept of a plan", () => {
  it("labels a plan by scenario, variable, range and losses survived, and signs it by inputs and outcome", () => {
    const report = { runs: 12, recommendation: { label: "app=3" }, survive: [] } as unknown as PlanReport;
    const form = { from: "1", to: "4", step: "1", seedsMin: "2", seedsMax: "4", extra: "run.duration=20s" };
    const plan = savedPlan({ scenario: "three-tier", path: "topology.groups.app.count", form, report }, 7);
    expect(plan.label).toBe("three-tier: topology.groups.app.count 1..4 (run.duration=20s)");
    expect(plan.savedAtMs).toBe(7);
    expect(plan.report).toBe(report);
    expect(savedPlan({ scenario: "three-tier", path: "topology.groups.app.count", form: { ...form, to: "5" }, report }, 7).signature).not.toBe(plan.signature);
    const surviving = savedPlan({ scenario: "three-tier", path: "topology.groups.app.count", form, report: { ...report, survive: ["zone-loss", "node-loss"] } }, 7);
    expect(surviving.label).toBe("three-tier: topology.groups.app.count 1..4 (run.duration=20s), surviving zone-loss and node-loss");
    expect(surviving.signature).not.toBe(plan.signature);
  });
});
