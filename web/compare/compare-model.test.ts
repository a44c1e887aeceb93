import { describe, expect, it } from "vitest";
import { compareSides, identicalPrefixWindows } from "./compare-model";
import type { ResultSummary, SeriesColumns } from "../worker/run-protocol";

/** A summary with only the fields the compare metrics read. */
function summary(p99: number, cost = 10, passed = [true], offered = 1000): ResultSummary {
  return {
    requests: { offered, latencyMs: { p50: p99 / 4, p99, p999: p99 * 2 }, successRate: 0.999, goodputPerS: 1000 },
    cost: { total: cost, groups: [{ group: "web", total: cost }] },
    slos: passed.map((p) => ({ passed: p })),
    groups: [],
  } as unknown as ResultSummary;
}

describe("comparing two configurations", () => {
  it("reports means, confidence intervals and a significant improvement", () => {
    const a = [100, 102, 98, 101, 99].map((v) => summary(v));
    const b = [80, 81, 79, 80, 80].map((v) => summary(v));
    const p99 = compareSides(a, b).find((r) => r.metric.key === "latencyP99Ms")!;
    expect(p99.a.mean).toBeCloseTo(100, 10);
    expect(p99.b.mean).toBeCloseTo(80, 10);
    expect(p99.delta).toBeCloseTo(-20, 10);
    // Student t, 4 degrees of freedom: 2.776 * sd / sqrt(5); sd of [100,102,98,101,99] = sqrt(2.5).
    expect(p99.a.halfWidth).toBeCloseTo(2.7764451 * Math.sqrt(2.5 / 5), 5);
    expect(p99.pValue!).toBeLessThan(0.001);
    expect(p99.verdict).toBe("better");
  });

  it("calls overlapping noise the same, and says nothing about spread from one run a side", () => {
    const noisy = compareSides([100, 110, 90].map((v) => summary(v)), [101, 109, 92].map((v) => summary(v))).find((r) => r.metric.key === "latencyP99Ms")!;
    expect(noisy.verdict).toBe("same");
    const single = compareSides([summary(100)], [summary(50)]).find((r) => r.metric.key === "latencyP99Ms")!;
    expect(single).toMatchObject({ delta: -50, pValue: null, verdict: "unknown", a: { halfWidth: null, n: 1 } });
  });

  it("treats higher cost as worse and more SLOs met as better", () => {
    const rows = compareSides([1, 2, 3].map(() => summary(100, 10, [false])), [1, 2, 3].map((i) => summary(100, 20 + i, [true])));
    expect(rows.find((r) => r.metric.key === "cost")!.verdict).toBe("worse");
    expect(rows.find((r) => r.metric.key === "slosMet")!.verdict).toBe("better");
  });

  it("calls a significant change of a metric with no better direction (requests offered) different", () => {
    const rows = compareSides([1000, 1010, 990].map((n) => summary(100, 10, [true], n)), [2000, 2010, 1990].map((n) => summary(100, 10, [true], n)));
    expect(rows.find((r) => r.metric.key === "offered")!.verdict).toBe("different");
  });

  it("counts the windows two series share exactly from the start", () => {
    const columns = (values: number[]): SeriesColumns => ({ windowMs: 1000, length: values.length, names: ["x"], columns: { x: Float64Array.from(values) } });
    expect(identicalPrefixWindows(columns([1, 2, NaN, 4]), columns([1, 2, NaN, 5]))).toBe(3);
    expect(identicalPrefixWindows(columns([1, 2]), columns([1, 2, 3]))).toBe(2);
  });
});
