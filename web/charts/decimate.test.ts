import { describe, expect, it } from "vitest";
import { decimateMinMax } from "./decimate";

/** A seeded LCG so the property loop is reproducible (failure messages start with the seed). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("per-pixel min/max decimation", () => {
  it("keeps a one-window spike among 100k points", () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i === 54_321 ? 1000 : 1 + Math.sin(i / 50) * 0.1));
    const out = decimateMinMax(x, y, { x0: 0, x1: n - 1, pixels: 500 });
    expect(out.y).toContain(1000);
    expect(out.x.length).toBeLessThanOrEqual(500 * 4 + 2);
  });

  it("returns small series unchanged", () => {
    const out = decimateMinMax([0, 1, 2], [5, 6, 7], { x0: 0, x1: 2, pixels: 100 });
    expect(out).toEqual({ x: [0, 1, 2], y: [5, 6, 7] });
  });

  it("keeps one point each side of a zoomed domain so lines reach the edges", () => {
    const x = Array.from({ length: 10 }, (_, i) => i * 10);
    const out = decimateMinMax(x, x, { x0: 25, x1: 55, pixels: 100 });
    expect(out.x).toEqual([20, 30, 40, 50, 60]);
  });

  it("keeps gaps (NaN) as a single break, never leading", () => {
    const out = decimateMinMax([0, 1, 2, 3, 4], [NaN, 1, NaN, NaN, 2], { x0: 0, x1: 4, pixels: 100 });
    expect(out.y).toEqual([1, NaN, 2]);
  });

  it("preserves every column's extremes and x order (seeded property test)", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const random = lcg(seed);
      const n = 2000 + Math.floor(random() * 8000);
      const pixels = 20 + Math.floor(random() * 200);
      const x = Float64Array.from({ length: n }, (_, i) => i * 3);
      const y = Float64Array.from({ length: n }, () => (random() < 0.01 ? NaN : random() * 100));
      const x0 = 0, x1 = (n - 1) * 3;
      const out = decimateMinMax(x, y, { x0, x1, pixels });
      const kept = out.x.filter((v) => !Number.isNaN(v));
      for (let i = 1; i < kept.length; i++) expect(kept[i]! > kept[i - 1]!, `seed ${seed}: x order`).toBe(true);
      expect(out.x.length, `seed ${seed}: size`).toBeLessThanOrEqual(pixels * 4 + 2 + 5 * y.filter(Number.isNaN).length) // a gap splits a column: up to 4 more points and the break;
      const max = Math.max(...Array.from(y).filter((v) => !Number.isNaN(v)));
      const min = Math.min(...Array.from(y).filter((v) => !Number.isNaN(v)));
      expect(out.y, `seed ${seed}: global max`).toContain(max);
      expect(out.y, `seed ${seed}: global min`).toContain(min);
    }
  });
});
