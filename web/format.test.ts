import { describe, expect, it } from "vitest";
import { formatLocalTime, formatNumber } from "./format";

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

describe("formatLocalTime", () => {
  it("writes a moment as local date and minutes, as the clock on the wall shows it", () => {
    const at = new Date(2026, 11, 7, 9, 5, 59);
    expect(formatLocalTime(at.getTime())).toBe("2026-12-07 09:05");
    expect(formatLocalTime(Number.NaN)).toBe("–");
  });
});
