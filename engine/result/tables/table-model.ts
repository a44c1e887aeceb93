/**
 * The table model every front end draws a Result section with: a titled table of rows and
 * columns, each column in a unit of the metric catalogue (engine/input/units/metric-format.ts).
 * One module per section (fault-tables.ts, operations-tables.ts, replicated-tables.ts,
 * data-tier-tables.ts, cache-tables.ts, request-tables.ts) turns its part of the Result into
 * tables; result-tables.ts lists them in reading order. The CLI's text table, the HTML report
 * and the browser's run view render the same models, so the three cannot disagree: cells keep
 * the raw number (for JSON-exact tests and `data-value`), and {@link formatCell} is the one way
 * a cell reads, through `formatMetric`.
 */
import { formatMetric, type MetricUnit } from "../../input/units/metric-format";

/** A column's unit: a catalogue unit, or `text` for names and words. */
export type ColumnUnit = MetricUnit | "text";

/** One column: its label and the unit of its cells. */
export interface TableColumn {
  label: string;
  unit: ColumnUnit;
}

/** A cell: a number in its column's unit, text, or null for no value (shown as "—"). */
export type TableCell = number | string | null;

/** One row; `key` names what the row is about (a design, a class, a service), for tests and `data-row`. */
export interface TableRow {
  key: string;
  cells: TableCell[];
}

/**
 * How prominent a table is: `primary` tables carry what the scenario is about (replication,
 * databases, regions, batch, caches, detectors) and come before the request figures;
 * `secondary` ones (health checks, incidents, autoscaling, rolling updates, placement) after
 * them; `detail` ones (per service, per group) last.
 */
export type TableRank = "primary" | "secondary" | "detail";

/** One table of a Result section. Invariant: every row has one cell per column. */
export interface ResultTable {
  /** Stable id, e.g. `replicated`, `databases`, `batch-policies`; the browser's `data-section`. */
  id: string;
  title: string;
  rank: TableRank;
  columns: TableColumn[];
  rows: TableRow[];
  /** A sentence under the table: what a figure means, or rows left out. */
  note: string | null;
}

/** A cell as text: `formatMetric` for numbers, the text itself for words, "—" for null. */
export function formatCell(cell: TableCell, unit: ColumnUnit): string {
  if (typeof cell === "string") return cell;
  if (unit === "text") return cell === null ? formatMetric(null, "count") : String(cell);
  return formatMetric(cell, unit);
}

/** Columns from `[label, unit]` pairs (the sections' shorthand). */
export function columns(...pairs: Array<[string, ColumnUnit]>): TableColumn[] {
  return pairs.map(([label, unit]) => ({ label, unit }));
}

/** Per hour of a run of `durationMs`; null for a zero-length run. */
export function perHour(count: number, durationMs: number): number | null {
  return durationMs > 0 ? (count * 3_600_000) / durationMs : null;
}

/** The largest of the non-null values, or null when there is none. */
export function maxOrNull(values: ReadonlyArray<number | null>): number | null {
  let best: number | null = null;
  for (const value of values) if (value !== null && (best === null || value > best)) best = value;
  return best;
}

/** Total time of unavailability windows, ms; a window still open at the end counts to `endMs`. */
export function unavailableMs(windows: ReadonlyArray<{ fromMs: number; toMs: number | null }>, endMs: number): number {
  let total = 0;
  for (const span of windows) total += (span.toMs ?? endMs) - span.fromMs;
  return total;
}
