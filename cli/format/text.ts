/**
 * Plain-text tables for terminal output. Values are formatted by the engine's one formatter,
 * `formatMetric(value, unit)`; JSON and CSV carry the exact numbers.
 */

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
