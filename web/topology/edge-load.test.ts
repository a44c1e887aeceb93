import { describe, expect, it } from "vitest";
import { classEdges, edgeLoads } from "./edge-load";
import type { SeriesColumns } from "../worker/run-protocol";

const browse = { service: "web", calls: [{ service: "app", calls: [{ service: "db", fanout: 2 }] }] };
const checkout = { service: "web", calls: [{ service: "app", calls: [{ service: "db" }, { service: "db" }] }] };

describe("edge load", () => {
  it("counts each class's calls per request on every edge, fan-out included", () => {
    expect([...classEdges(browse).values()]).toEqual([
      { from: null, to: "web", callsPerRequest: 1 },
      { from: "web", to: "app", callsPerRequest: 1 },
      { from: "app", to: "db", callsPerRequest: 2 },
    ]);
    expect(classEdges(checkout).get("app->db")?.callsPerRequest).toBe(2);
  });

  it("sums the classes' rates on shared edges, with their failed share", () => {
    const column = (v: number) => Float64Array.of(v);
    const series: SeriesColumns = { windowMs: 1000, length: 1, names: [], columns: {
      "class/browse/succeededPerS": column(80), "class/browse/failedPerS": column(20),
      "class/checkout/succeededPerS": column(10), "class/checkout/failedPerS": column(0),
    } };
    const loads = edgeLoads([{ name: "browse", call: browse }, { name: "checkout", call: checkout }], series, 0);
    expect(loads.find((e) => e.from === null)).toEqual({ from: null, to: "web", ratePerS: 110, errorShare: 20 / 110 });
    // db: browse 100/s x 2 + checkout 10/s x 2 = 220/s; failed: 20 x 2 = 40.
    expect(loads.find((e) => e.to === "db")).toEqual({ from: "app", to: "db", ratePerS: 220, errorShare: 40 / 220 });
  });
});
