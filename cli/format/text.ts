/**
 * Number formatting and plain-text tables for terminal output. Formatting is for people:
 * JSON and CSV carry the exact numbers.
 */
import { formatDurationMs, formatPercent } from "../../engine";
import type { MetricUnit } from "../headline";

/** A value in its unit for a table: `1,234`, `1,993/s`, `99.95%`, `35.1 ms`, `12.34`; `—` for no data. */
export function formatValue(value: number | null, unit: MetricUnit): string {
  if (value === null || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "count":
      return Math.round(value).toLocaleString("en-US");
    case "perS":
      return `${value.toLocaleString("en-US", { maximumFractionDigits: value < 100 ? 2 : 1 })}/s`;
    case "fraction":
      return formatPercent(value, { digits: 2 });
    case "ms":
      return formatDurationMs(value);
    case "money":
      // Cents for real bills; two significant digits for the fractions of a cent a short run costs.
      if (value !== 0 && Math.abs(value) < 1) return String(Number(value.toPrecision(2)));
      return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
}

/** A confidence half-width: `± 1.2 ms`, `± 0.013%`; `± ∞` when unknown (one sample). */
export function formatHalfWidth(value: number | null, unit: MetricUnit): string {
  if (value === null || !Number.isFinite(value)) return "± ∞";
  if (unit === "fraction") return `± ${formatPercent(value, { digits: 3 })}`;
  if (unit === "count") return `± ${value.toLocaleString("en-US", { maximumFractionDigits: 1 })}`;
  return `± ${formatValue(value, unit)}`;
}

/** Column alignment. */
export type Align = "left" | "right";

/**
 * Lays out rows as columns separated by two spaces (the first row is usually a header).
 * Trailing spaces are trimmed so output diffs cleanly.
 */
export function formatColumns(rows: ReadonlyArray<readonly string[]>, align: readonly Align[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = widths[i] - [...cell].length;
        return align[i] === "right" ? " ".repeat(pad) + cell : cell + " ".repeat(pad);
      })
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

/** "PASS" or "FAIL". */
export function verdict(passed: boolean): string {
  return passed ? "PASS" : "FAIL";
}

/** The unit of an SLO's measured value. */
export function sloUnit(kind: "latency" | "availability"): MetricUnit {
  return kind === "latency" ? "ms" : "fraction";
}
