import { describe, expect, it } from "vitest";
import { buildTimeCharts, errorBudgetRemaining, estimatedCapacity, windowIndexAt, windowMidpoints } from "./chart-data";
import type { SeriesColumns } from "../worker/run-protocol";

/** A two-group, one-class series of `n` one-second windows from column arrays. */
function series(columns: Record<string, number[]>, n: number): SeriesColumns {
  const names = Object.keys(columns);
  const packed: Record<string, Float64Array> = {};
  for (const name of names) packed[name] = Float64Array.from(columns[name]!);
  return { windowMs: 1000, length: n, names, columns: packed };
}

const base = {
  startMs: [0, 1000, 2000, 3000],
  offeredPerS: [100, 100, 300, 100],
  succeededPerS: [100, 90, 200, 100],
  failedPerS: [0, 10, 100, 0],
  errorRate: [0, 0.1, 1 / 3, 0],
  latencyP50Ms: [1, 2, 0, NaN],
  latencyP99Ms: [5, 6, 50, 5],
  latencyP999Ms: [9, 9, 90, 9],
  inSystem: [1, 1, 1, 1],
  "group/web/utilisation": [0.5, 0.5, 1, 0.5],
  "group/web/queueLengthMean": [0, 0, 5, 0],
  "group/web/nodesUp": [4, 4, 3, 4],
  "group/web/nodesTotal": [4, 4, 4, 4],
  "group/db/utilisation": [0.25, 0.25, 0.4, NaN],
  "group/db/queueLengthMean": [0, 0, 0, 0],
  "group/db/nodesUp": [2, 2, 2, 2],
  "group/db/nodesTotal": [2, 2, 2, 2],
  "class/buy/succeededPerS": [100, 90, 200, 100],
  "class/buy/failedPerS": [0, 10, 100, 0],
  "class/buy/latencyP99Ms": [5, 6, 50, 5],
};

describe("run-view chart data", () => {
  it("places points at window midpoints and finds the window of a time", () => {
    const s = series(base, 4);
    expect(Array.from(windowMidpoints(s))).toEqual([500, 1500, 2500, 3500]);
    expect(windowIndexAt(s, 2999)).toBe(2);
    expect(windowIndexAt(s, 99_999)).toBe(3);
    expect(windowIndexAt(s, -5)).toBe(0);
  });

  it("estimates capacity from calm windows' per-node rate times the nodes serving, the tightest group", () => {
    // web: calm windows 0 and 3 (window 1 has 10% errors, window 2 is saturated): 100/s at
    // 50% on 4 nodes = 50/s per node. db: window 0 only (window 3 has no utilisation): 100/s
    // at 25% on 2 nodes = 200/s per node. Capacity = min(web up x 50, db up x 200).
    expect(Array.from(estimatedCapacity(series(base, 4)))).toEqual([200, 200, 150, 200]);
  });

  it("does not follow the demand through an outage: failed work is not capacity", () => {
    // Saturated windows where timeouts keep the cores busy: completed/utilisation would read
    // 400/s (the demand); the nodes serving can sustain 200/s.
    const outage = { ...base, succeededPerS: [100, 100, 40, 100], failedPerS: [0, 0, 360, 0], errorRate: [0, 0, 0.9, 0], "group/web/nodesUp": [4, 4, 4, 4] };
    expect(estimatedCapacity(series(outage, 4))[2]).toBe(200);
  });

  it("burns the error budget down by failures over allowed failures after warm-up", () => {
    // After 1 s warm-up: completed 100 + 300 + 100 = 500; target 50% allows 250 failures.
    const remaining = errorBudgetRemaining(series(base, 4), { name: "a", className: null, kind: "availability", target: 0.5 }, 1000);
    expect(Array.from(remaining)).toEqual([NaN, 1 - 10 / 250, 1 - 110 / 250, 1 - 110 / 250]);
  });

  it("reads a class's counts for a class SLO, and marks a zero budget with failures as blown", () => {
    const remaining = errorBudgetRemaining(series(base, 4), { name: "a", className: "buy", kind: "availability", target: 1 }, 0);
    expect(Array.from(remaining)).toEqual([1, -Infinity, -Infinity, -Infinity]);
  });

  it("shapes every chart with its lines, units and SLO thresholds", () => {
    const charts = buildTimeCharts(series(base, 4), {
      warmupMs: 0,
      slos: [
        { name: "fast", className: "buy", kind: "latency", percentile: "p99", thresholdMs: 300 },
        { name: "up", className: null, kind: "availability", target: 0.999 },
      ],
    });
    expect(charts.map((c) => c.id)).toEqual(["load", "errors", "latency", "utilisation", "queues", "nodes", "budget"]);
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    expect(byId.latency!.yScale).toBe("log");
    expect(byId.latency!.thresholds).toEqual([{ value: 300, label: "fast: p99 < 300 ms (buy)" }]);
    // Zero and missing latencies are gaps on a log axis.
    expect(Array.from(byId.latency!.lines[0]!.values)).toEqual([1, 2, NaN, NaN]);
    expect(Array.from(byId.errors!.lines[0]!.values)).toEqual([0, 10, (1 / 3) * 100, 0]);
    expect(byId.utilisation!.lines.map((l) => l.label)).toEqual(["web", "db"]);
    expect(Array.from(byId.utilisation!.lines[1]!.values)).toEqual([25, 25, 40, NaN]);
    expect(byId.nodes!.lines.map((l) => l.label)).toEqual(["web up", "web size", "db up", "db size"]);
    expect(byId.budget!.lines.map((l) => l.label)).toEqual(["up (99.9%)"]);
  });

  it("shapes an empty series (a run that has just started) without failing", () => {
    const empty = series(Object.fromEntries(Object.keys(base).map((k) => [k, []])), 0);
    for (const chart of buildTimeCharts(empty, { warmupMs: 0, slos: [] })) {
      expect(chart.x.length).toBe(0);
      for (const l of chart.lines) expect(l.values.length).toBe(0);
    }
  });
});
