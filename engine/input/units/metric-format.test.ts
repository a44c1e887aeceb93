// formatMetric: every unit, the edges (no value, zero, negatives, fractions of a cent) and the
// percentage rule that never rounds a value onto the other side of a nines target.
import { describe, expect, it } from "vitest";
import { formatHalfWidth, formatMetric, formatMetricChange, NO_VALUE } from "./metric-format";

describe("formatMetric", () => {
  it("shows no value as a dash, in every unit", () => {
    for (const value of [null, undefined, NaN, Infinity, -Infinity]) expect(formatMetric(value, "ms")).toBe(NO_VALUE);
  });

  it("groups thousands in counts and keeps one decimal of a mean count", () => {
    expect(formatMetric(1234567, "count")).toBe("1,234,567");
    expect(formatMetric(0, "count")).toBe("0");
    expect(formatMetric(12345.67, "count")).toBe("12,345.7");
    expect(formatMetric(-1234, "count")).toBe("-1,234");
  });

  it("shows durations in the unit that reads best, as the scenario files write them", () => {
    expect(formatMetric(35.123, "ms")).toBe("35.1 ms");
    expect(formatMetric(0.85, "ms")).toBe("850 µs");
    expect(formatMetric(1500, "ms")).toBe("1.50 s");
    expect(formatMetric(0, "ms")).toBe("0 ms");
    // A mean wait of almost only zeros: nanoseconds mean nothing here.
    expect(formatMetric(0.00000296, "ms")).toBe("< 1 µs");
    expect(formatMetric(0.001, "ms")).toBe("1.00 µs");
  });

  it("shows a percentage with the digits that tell it from 0% and 100%", () => {
    expect(formatMetric(0.5, "percent")).toBe("50.0%");
    expect(formatMetric(0.8523, "percent")).toBe("85.2%");
    expect(formatMetric(0.9987, "percent")).toBe("99.87%");
    expect(formatMetric(0.99949, "percent")).toBe("99.949%");
    expect(formatMetric(0.9995, "percent")).toBe("99.95%");
    expect(formatMetric(0.999, "percent")).toBe("99.9%");
    expect(formatMetric(0.9999999, "percent")).toBe("99.99999%"); // at most six decimals
    expect(formatMetric(1, "percent")).toBe("100.0%");
    expect(formatMetric(0.00013, "percent")).toBe("0.013%");
    expect(formatMetric(0, "percent")).toBe("0.0%");
    expect(formatMetric(25, "percent")).toBe("2,500.0%");
  });

  it("shows rates with two decimals below 100/s and one above", () => {
    expect(formatMetric(1993.46, "per-second")).toBe("1,993.5/s");
    expect(formatMetric(12.345, "per-second")).toBe("12.35/s");
    expect(formatMetric(50, "per-second")).toBe("50/s");
    expect(formatMetric(0.004, "per-second")).toBe("0.004/s");
  });

  it("shows money in dollars and cents, and the fractions of a cent a short run costs", () => {
    expect(formatMetric(1679, "money")).toBe("$1,679.00");
    expect(formatMetric(0.4, "money")).toBe("$0.40");
    expect(formatMetric(0.0142, "money")).toBe("$0.014");
    expect(formatMetric(0.0012345, "money")).toBe("$0.0012");
    expect(formatMetric(0.999, "money")).toBe("$1.00");
    expect(formatMetric(-2.5, "money")).toBe("-$2.50");
    expect(formatMetric(0, "money")).toBe("$0.00");
  });

  it("shows plain numbers with three significant digits", () => {
    expect(formatMetric(0.123456, "number")).toBe("0.123");
    expect(formatMetric(7, "number")).toBe("7");
    expect(formatMetric(12345.6, "number")).toBe("12,346");
    expect(formatMetric(9.71e-8, "number")).toBe("< 0.001");
    expect(formatMetric(-2e-5, "number")).toBe("> -0.001");
    expect(formatMetric(0.0012, "number")).toBe("0.0012");
  });
});

describe("half-widths and changes", () => {
  it("shows a half-width in the value's unit, and an unknown one as infinite", () => {
    expect(formatHalfWidth(1.2, "ms")).toBe("± 1.20 ms");
    expect(formatHalfWidth(0.00013, "percent")).toBe("± 0.013%");
    expect(formatHalfWidth(null, "ms")).toBe("± ∞");
    expect(formatHalfWidth(Infinity, "count")).toBe("± ∞");
  });

  it("signs a change, and gives a change of a percentage in percentage points", () => {
    expect(formatMetricChange(12, "ms")).toBe("+12.0 ms");
    expect(formatMetricChange(-0.4, "money")).toBe("-$0.40");
    expect(formatMetricChange(0, "count")).toBe("±0");
    expect(formatMetricChange(0.0005, "percent")).toBe("+0.05 pp");
    expect(formatMetricChange(null, "ms")).toBe(NO_VALUE);
  });
});
