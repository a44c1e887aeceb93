import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../engine/index";
import { addHistogramToRow, HEATMAP_EDGES_MS, heatmapBin } from "./heatmap-recorder";

describe("latency heatmap bins", () => {
  it("spans 0.1 ms to 100 s at ten bins per decade", () => {
    expect(HEATMAP_EDGES_MS.length).toBe(61);
    expect(HEATMAP_EDGES_MS[0]).toBeCloseTo(0.1, 12);
    expect(HEATMAP_EDGES_MS[60]).toBeCloseTo(1e5, 6);
  });

  it("puts a value in the bin whose edges hold it, clamping both ends", () => {
    expect(heatmapBin(0)).toBe(0);
    expect(heatmapBin(0.05)).toBe(0);
    expect(heatmapBin(1e9)).toBe(59);
    for (const valueMs of [0.13, 1, 2.5, 9.99, 47, 310, 12_000]) {
      const b = heatmapBin(valueMs);
      expect(valueMs, `bin ${b}`).toBeGreaterThan(HEATMAP_EDGES_MS[b]! * (1 - 1e-12));
      expect(valueMs, `bin ${b}`).toBeLessThanOrEqual(HEATMAP_EDGES_MS[b + 1]! * (1 + 1e-12));
    }
  });

  it("adds every recorded request of a histogram to the row, near its value", () => {
    const histogram = new LatencyHistogram();
    const values = [0, 0.5, 3, 3, 3, 80, 80, 2_000, 5e6];
    for (const v of values) histogram.record(v);
    const row = new Float64Array(HEATMAP_EDGES_MS.length - 1);
    addHistogramToRow(histogram.toJSON(), row);
    expect(row.reduce((a, b) => a + b, 0)).toBe(values.length);
    expect(row[heatmapBin(3)]).toBe(3);
    expect(row[heatmapBin(80)]).toBe(2);
    expect(row[59]).toBe(1); // 5e6 ms is beyond the last edge: clamped into the last bin
  });
});
