import { describe, expect, it } from "vitest";
import { formatRoute, intParam, parseRoute, rangeParam } from "./routes";

describe("routes", () => {
  it("parses the screen and its parameters, the gallery by default", () => {
    expect(parseRoute("")).toEqual({ screen: "gallery", params: {} });
    expect(parseRoute("#/run?scenario=black-friday&seed=11&from=2100000&to=3400000")).toEqual({ screen: "run", params: { scenario: "black-friday", seed: "11", from: "2100000", to: "3400000" } });
  });

  it("formats what it parses, leaving out empty values", () => {
    const hash = formatRoute("run", { scenario: "black-friday", seed: 11, run: null, from: undefined });
    expect(hash).toBe("#/run?scenario=black-friday&seed=11");
    expect(parseRoute(hash)).toEqual({ screen: "run", params: { scenario: "black-friday", seed: "11" } });
    expect(formatRoute("planner")).toBe("#/planner");
  });

  it("reads whole numbers and ranges, and refuses anything else", () => {
    expect(intParam("42")).toBe(42);
    expect(intParam("-1")).toBeNull();
    expect(intParam("1e3")).toBeNull();
    expect(rangeParam({ from: "10", to: "20" })).toEqual([10, 20]);
    expect(rangeParam({ from: "20", to: "10" })).toBeNull();
    expect(rangeParam({ from: "10" })).toBeNull();
  });
});
