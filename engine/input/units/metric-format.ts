/**
 * How a metric's value reads, wherever it is shown: the CLI's tables, HTML report and
 * JUnit, the browser's tiles, compare table, planner and charts, and the lessons' sentences. A
 * metric has a {@link MetricUnit} (its catalogue entry in engine/result/headline-metrics.ts, or a
 * lesson's `unit:`), and {@link formatMetric} is the one function that turns a value in that unit
 * into text, so the same number never reads two ways in two places.
 *
 * Values are in Result units: milliseconds, fractions in [0, 1] for percentages, events per
 * second, dollars. Formatting is for people; JSON and CSV carry the exact numbers. Digit
 * grouping is done here (`1,234,567`), not by `toLocaleString`, so the text does not depend on
 * the platform's locale data.
 */
import { formatDurationMs } from "./format";

/** The units a metric is shown in (and, in lesson files, unit strings in comparisons are read in). */
export const METRIC_UNITS = ["number", "count", "ms", "percent", "per-second", "money"] as const;

/**
 * How a metric's number reads: `number` (a plain quantity, 3 significant digits), `count`
 * (requests, events: whole numbers), `ms` (a duration in ms), `percent` (a fraction in [0, 1]
 * shown as a percentage), `per-second` (a rate), `money` (dollars).
 */
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** What a missing value (null, or not a finite number) reads as. */
export const NO_VALUE = "—";

/**
 * A value in its unit: `1,234` (count), `35.1 ms`, `99.953%`, `1,993.5/s`, `$1,679.00`,
 * `$0.014` (below a dollar: two significant digits), `0.123` (number; `< 0.001` below a
 * thousandth rather than an exponent like `9.71e-8`), `< 1 µs` (a duration below a microsecond); {@link NO_VALUE}
 * for null, undefined, NaN or an infinity.
 *
 * A percentage shows one decimal, and more (up to six) until the distance to 0 % or 100 % has
 * two significant digits (trailing zeros past the first decimal dropped), so a utilisation of
 * 0.5 reads `50.0%`, a target of 0.999 `99.9%` and an availability of 0.99949 `99.949%`, never
 * `99.95%`: the text never hides which side of a nines target the value is on.
 */
export function formatMetric(value: number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  switch (unit) {
    case "count":
      return groupThousands(Number.isInteger(value) ? value.toFixed(0) : trimZeros(value.toFixed(1)));
    case "number":
      if (Number.isInteger(value) || Math.abs(value) >= 1000) return groupThousands(value.toFixed(0));
      if (Math.abs(value) < 0.001) return value > 0 ? "< 0.001" : "> -0.001";
      return String(Number(value.toPrecision(3)));
    case "ms":
      // Below a microsecond a duration (a mean wait of mostly zeros) has no meaning to read.
      if (value !== 0 && Math.abs(value) < 0.001) return value > 0 ? "< 1 µs" : "> -1 µs";
      return formatDurationMs(value);
    case "percent":
      return `${formatPercentage(value)}%`;
    case "per-second":
      return `${formatRate(value)}/s`;
    case "money":
      return `${value < 0 ? "-" : ""}$${formatDollars(Math.abs(value))}`;
  }
}

/**
 * A confidence interval's half-width in the value's unit: `± 1.20 ms`, `± 0.013%`; `± ∞` when
 * unknown (null, or infinite with one sample).
 */
export function formatHalfWidth(value: number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "± ∞";
  return `± ${formatMetric(value, unit)}`;
}

/**
 * A signed change in the value's unit: `+12.0 ms`, `-$0.40`, `±0 ms` for none; a change of a
 * percentage is in percentage points (`+0.05 pp`), not a percentage of the percentage.
 */
export function formatMetricChange(delta: number | null | undefined, unit: MetricUnit): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return NO_VALUE;
  const sign = delta > 0 ? "+" : delta < 0 ? "-" : "±";
  if (unit === "percent") return `${sign}${formatPercentage(Math.abs(delta))} pp`;
  return `${sign}${formatMetric(Math.abs(delta), unit)}`;
}

/** The number part of a percentage (see {@link formatMetric}). */
function formatPercentage(fraction: number): string {
  // toPrecision(15) drops the binary noise of the product (0.9995 * 100 = 99.94999999999999).
  const percent = Number((fraction * 100).toPrecision(15));
  const magnitude = Math.abs(percent);
  const distance = Number((magnitude <= 100 ? Math.min(magnitude, 100 - magnitude) : magnitude - 100).toPrecision(12));
  let decimals = 1;
  // Two significant digits of the distance to 0 % or 100 %: multiply, as ** is Math.pow.
  for (let scaled = distance * 10; decimals < 6 && scaled > 0 && scaled < 10; scaled *= 10) decimals += 1;
  // Zeros past the first decimal say nothing the shorter text does not (99.90 -> 99.9).
  return groupThousands(percent.toFixed(decimals).replace(/(\.\d)(\d*?)0+$/, "$1$2"));
}

/** A rate: two decimals below 100/s, one above, trailing zeros dropped; two significant digits below 0.01/s. */
function formatRate(perS: number): string {
  if (perS !== 0 && Math.abs(perS) < 0.01) return String(Number(perS.toPrecision(2)));
  return groupThousands(trimZeros(perS.toFixed(Math.abs(perS) < 100 ? 2 : 1)));
}

/**
 * Dollars with cents (`1,679.00`, `2.30`), or two significant digits below a dollar (`0.40`,
 * `0.014`, `0.0012`): a short run costs fractions of a cent, and cents alone would show `0.01`.
 */
function formatDollars(dollars: number): string {
  if (dollars !== 0 && dollars < 0.995) return dollars.toPrecision(2);
  return groupThousands(dollars.toFixed(2));
}

/** Drops trailing zeros after a decimal point, and the point itself: `2.50` -> `2.5`, `3.00` -> `3`. */
function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** Inserts thousands separators into a plain decimal (`-1234567.5` -> `-1,234,567.5`). */
function groupThousands(text: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (match === null) return text;
  const [, sign, whole, fraction] = match;
  return `${sign}${whole!.replace(/\B(?=(\d{3})+$)/g, ",")}${fraction ?? ""}`;
}
