/**
 * The table models on small hand-made sections: cells keep raw values in their column's unit,
 * a section without its mechanism gives no table, boot lag is read off the evaluations, and
 * placement lists each service's spread, a hybrid run says why windows ran discrete.
 * (Library scenarios: cli/library-views.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { formatCell } from "./table-model";
import { autoscalingTable, bootLagMs, placementTable } from "./operations-tables";
import { classTable } from "./request-tables";
import { hybridTable } from "./hybrid-tables";
import type { AutoscalerSummary } from "../operations-result";

describe("result table models", () => {
  it("format cells with the one formatter, text as is, null as a dash", () => {
    expect(formatCell(0.875, "percent")).toBe("87.5%");
    expect(formatCell(89_640_000, "ms")).toBe("24.9 h");
    expect(formatCell("fifo", "text")).toBe("fifo");
    expect(formatCell(null, "ms")).toBe("—");
    expect(formatCell(null, "text")).toBe("—");
  });

  it("read boot lag as the longest stretch of evaluations with nodes ordered but not serving", () => {
    const series = { atMs: [0, 30_000, 60_000, 90_000, 120_000], metric: [null, 0.9, 0.9, 0.5, 0.5], desired: [2, 4, 4, 4, 4], nodes: [2, 4, 4, 4, 4], nodesUp: [2, 2, 2, 4, 4] };
    expect(bootLagMs(series)).toBe(60_000);
    const summary: AutoscalerSummary = { group: "web", nodesMin: 2, nodesMax: 8, target: { kind: "utilisation", value: 0.6 }, evaluations: 5, scaleUps: 1, scaleDowns: 0, nodesAdded: 2, nodesRemoved: 0, nodesPeak: 4, nodesLow: 2, jobsLostDraining: 0, series };
    const table = autoscalingTable([summary])!;
    expect(table.rows[0]!.cells[table.columns.findIndex((c) => c.label === "most ordered, not serving")]).toBe(2);
    expect(autoscalingTable([])).toBeNull();
  });

  it("list placement per service with its zones", () => {
    const table = placementTable({
      policy: "spread", evicted: 1, rescheduled: 1, rescheduleDelayMsMean: 1500, rescheduleDelayMsMax: 1500, unschedulable: 0, pendingInstanceMs: 0,
      services: [{ service: "api", instances: 3, running: 3, pending: 0, hosts: [{ node: "n1", zone: "a", instances: 2 }, { node: "n2", zone: "b", instances: 1 }], zones: [{ zone: "a", instances: 2 }, { zone: "b", instances: 1 }] }],
    })!;
    expect(table.rows).toEqual([{ key: "api", cells: ["api", 3, 3, 0, 2, "a 2, b 1"] }]);
    expect(table.note).toContain("1 evicted");
    expect(placementTable(null)).toBeNull();
  });

  it("show classes side by side only when there are two or more, with the pooled row last", () => {
    const requests = { offered: 10, completed: 10, succeeded: 9, failed: 1, failedByCause: { timeout: 1, rejected: 0, unavailable: 0, "circuit-open": 0, error: 0, "node-down": 0, crashed: 0, abandoned: 0 }, inFlightAtEnd: 0, offeredPerS: 1, goodputPerS: 0.9, failedPerS: 0.1, successRate: 0.9, latencyMs: { mean: 1, p50: 1, p90: 1, p99: 1, p999: 1, min: 1, max: 1 }, queueWait: { arrived: 10, queued: 0, abandoned: 0, waitedShare: 0, abandonedShare: 0, waitMs: { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, min: 0, max: 0 } }, retries: 0, hedges: 0, histogram: {} as never };
    expect(classTable([{ name: "a", ...requests }], requests)).toBeNull();
    const table = classTable([{ name: "a", ...requests }, { name: "b", ...requests }], requests)!;
    expect(table.rows.map((r) => r.key)).toEqual(["a", "b", "all"]);
  });

  it("say how a hybrid run ran: discrete windows grouped by reason, the fluid share in the note; or why it ran exactly", () => {
    const windows = { mode: ["discrete", "discrete", "fluid", "fluid", "discrete", "discrete"] as Array<"discrete" | "fluid">, sampleMs: [0, 0, 500, 0, 0, 0], fluidShare: [0, 0, 0.98, 1, 0, 0],
      p99RelativeError: [null, null, 0.031, 0.031, null, null], errorRateHalfWidth: [null, null, 0.001, 0.001, null, null],
      reason: ["warm-up", "warm-up", "", "reuses the sample of window 2", "app at 78.9% in the last window", "app at 81.2% in the last window"] };
    const table = hybridTable({ ran: "hybrid", fallbackReasons: [], fluidWindows: 2, fluidRequests: 9_000, discreteRequests: 1_000, p99RelativeErrorMax: 0.031, windows })!;
    expect(table.id).toBe("hybrid");
    expect(table.rows.map((r) => r.cells)).toEqual([["app at …% in the last window", 2], ["warm-up", 2]]);
    expect(table.note).toBe("A fluid model stood in for 2 of 6 windows: 9,000 requests (90.0%) scaled from discrete samples, 1,000 simulated one by one. Largest 95 % error estimate of a fluid window's p99: ±3.1%.");
    const exact = hybridTable({ ran: "exact", fallbackReasons: ["caches: hit ratios depend on which keys were requested"], fluidWindows: 0, fluidRequests: 0, discreteRequests: 0, p99RelativeErrorMax: null, windows: { mode: [], sampleMs: [], fluidShare: [], p99RelativeError: [], errorRateHalfWidth: [], reason: [] } })!;
    expect(exact.title).toBe("Hybrid fidelity: ran exactly");
    expect(exact.rows.map((r) => r.cells)).toEqual([["caches: hit ratios depend on which keys were requested"]]);
    expect(hybridTable(undefined)).toBeNull();
  });
});
