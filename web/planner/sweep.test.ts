import { describe, expect, it } from "vitest";
import { recommendedValue, summariseSweep, sweepValues } from "./sweep";
import type { ResultSummary } from "../worker/run-protocol";

function run(p99: number, passed: boolean, cost = 1): ResultSummary {
  return { requests: { latencyMs: { p99 }, successRate: passed ? 1 : 0.9 }, cost: { total: cost, perHour: cost * 2 }, slosPassed: passed } as unknown as ResultSummary;
}

describe("the planner sweep", () => {
  it("lists the values to try, bounded", () => {
    expect(sweepValues(2, 10, 2)).toEqual([2, 4, 6, 8, 10]);
    expect(sweepValues(1, 2, 0.5)).toEqual([1, 1.5, 2]);
    expect(sweepValues(5, 1, 1)).toEqual([]);
    expect(sweepValues(1, 1000, 1, 40).length).toBe(40);
  });

  it("summarises each size with a t interval over replications", () => {
    const rows = summariseSweep([{ value: 4, summaries: [run(100, true), run(110, true), run(90, true)] }, { value: 2, summaries: [run(500, false)] }]);
    expect(rows.map((r) => r.value)).toEqual([2, 4]);
    // mean 100, sd 10, n 3: half-width t(0.975, 2) * 10 / sqrt(3) = 4.3027 * 5.7735 = 24.84.
    expect(rows[1]!.p99!.mean).toBeCloseTo(100, 10);
    expect(rows[1]!.p99!.high - 100).toBeCloseTo(4.302653 * 10 / Math.sqrt(3), 4);
    expect(rows[0]!.p99).toEqual({ mean: 500, low: 500, high: 500 });
    expect(rows[1]!.costPerHourMean).toBe(2);
  });

  it("recommends the smallest size from which every size passed in every replication", () => {
    const rows = summariseSweep([
      { value: 2, summaries: [run(1, false)] },
      { value: 3, summaries: [run(1, true)] }, // lucky, but 4 fails again
      { value: 4, summaries: [run(1, true), run(1, false)] },
      { value: 5, summaries: [run(1, true), run(1, true)] },
      { value: 6, summaries: [run(1, true)] },
    ]);
    expect(recommendedValue(rows)).toBe(5);
    expect(recommendedValue(summariseSweep([{ value: 1, summaries: [run(1, false)] }]))).toBeNull();
  });
});
