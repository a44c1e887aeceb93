import { describe, expect, it } from "vitest";
import { formatNumber } from "./format";

describe("formatNumber", () => {
  it("groups thousands by hand, as en-US does", () => {
    for (const v of [0, 7, 100, 999, 1000, 1234, 9999, -1234, 250.6]) expect(formatNumber(v)).toBe(Math.round(v).toLocaleString("en-US"));
  });

  it("shortens large numbers and never shows an exponent", () => {
    expect(formatNumber(12_345)).toBe("12.3k");
    expect(formatNumber(2_100_000)).toBe("2.1M");
    expect(formatNumber(9.71e-8)).toBe("< 0.001");
    expect(formatNumber(Number.NaN)).toBe("–");
  });
});
