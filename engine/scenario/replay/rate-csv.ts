/**
 * A CSV of per-interval rates (an interval's start time and its rate per second on each row;
 * one rate column for the workload, or one per request class) read into step breakpoints for
 * a `RateProfile`; and {@link scaleRatePoints}, the growth factor applied to replayed rates
 * from any source.
 */
import { ParameterError } from "../../core/assert";
import type { RatePoint } from "../../model/rate-profile";
import { checkColumnOption, checkUnitOption, firstDisorder, readCsvRows, resolveColumns, type CsvRow } from "./csv";
import { parseDecimal, parseTimeCell } from "./iso-time";
import { ProblemList, type ClassRatesResult, type RatePointsResult, type ReplayProblem } from "./problems";
import { cutSteps, describeMs, resolveWindow, type RecordingWindow } from "./recording-window";
import { counterProblem } from "./sample-intervals";

/** Options of the rate CSV readers. */
export interface RateCsvOptions {
  /** The interval start column: a header name or 0-based index (default the first). */
  timeColumn?: string | number;
  /** Unit of numeric times. */
  unit: "s" | "ms";
  /** Replay only this window; without `to`, the last rate holds for ever. */
  window?: RecordingWindow;
  /** Accept a rate column that only ever grows (see counterProblem). */
  allowMonotonic?: boolean;
}

/** A data row: its interval start, its rates (one per rate column), its line. */
interface RateRow {
  atMs: number;
  ratesPerS: number[];
  line: number;
}

/**
 * Reads per-interval rates from CSV: each row is an interval's start time (`timeColumn`,
 * default the first column; a number in `unit` or an ISO-8601 time) and its rate per second
 * (`rateColumn`, default the second). The result is a step profile in ms from the earliest
 * row (or `span.from`): each rate holds until the next row's time, the last one for ever
 * (or until `span.to`). Unsorted rows are sorted, with a note; two rows at one time are a
 * problem; a column that only ever grows is refused as a counter. Never throws.
 */
export function parseRateCsv(text: string, options: RateCsvOptions & { rateColumn?: string | number }): RatePointsResult {
  const read = readRateColumns(text, options, [{ option: "rateColumn", value: options.rateColumn }]);
  if (!read.ok) return read;
  const points = read.columns[0]!;
  return { ok: true, points, originMs: read.originMs, notes: read.notes };
}

/**
 * Reads one rate column per request class (`classes[i].column`, a header name or index) on the
 * rows' shared time axis; otherwise as {@link parseRateCsv}. Never throws.
 */
export function parseRateCsvClasses(text: string, options: RateCsvOptions & { classes: ReadonlyArray<{ name: string; column: string | number }> }): ClassRatesResult {
  const read = readRateColumns(text, options, options.classes.map((cls) => ({ option: `classes.${cls.name}`, value: cls.column })));
  if (!read.ok) return read;
  return { ok: true, classes: options.classes.map((cls, i) => ({ name: cls.name, points: read.columns[i]! })), originMs: read.originMs, notes: read.notes };
}

/** The shared reader: rows, sorted and checked, as step points per rate column. */
function readRateColumns(
  text: string,
  options: RateCsvOptions,
  rateColumns: ReadonlyArray<{ option: string; value: string | number | undefined }>,
): { ok: true; columns: RatePoint[][]; originMs: number; notes: string[] } | { ok: false; problems: ReplayProblem[] } {
  const problems = new ProblemList();
  checkColumnOption("timeColumn", options.timeColumn, problems);
  for (const column of rateColumns) checkColumnOption(column.option, column.value, problems);
  checkUnitOption(options.unit, problems);
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const rows = readCsvRows(text, problems);
  if (rows.length === 0) {
    return { ok: false, problems: [...problems.list(), { path: "", message: "no rows: expected one interval start time and rate per line" }] };
  }
  const isDataCell = (cell: string, choiceIndex: number) => (choiceIndex === 0 ? parseTimeCell(cell, options.unit).ok : parseDecimal(cell) !== undefined);
  const choices = [
    { option: "timeColumn", value: options.timeColumn, fallback: 0 },
    ...rateColumns.map((column, i) => ({ option: column.option, value: column.value, fallback: i + 1 })),
  ];
  const columns = resolveColumns(rows[0]!, choices, isDataCell, problems);
  if (columns === undefined) return { ok: false, problems: problems.list() };
  const rowsRead: RateRow[] = [];
  let anyIso = false;
  for (const row of columns.hasHeader ? rows.slice(1) : rows) {
    const read = readRateRow(row, columns, options.unit, problems);
    if (read !== undefined) rowsRead.push(read.row);
    anyIso ||= read?.iso ?? false;
  }
  if (problems.empty && rowsRead.length === 0) problems.add("", "no rates: the file has a header but no data rows");
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const sorted = sortRows(rowsRead, columns.labels[0]!);
  if (!sorted.ok) return sorted;
  const counters = rateColumns.map((_, c) => counterProblem(sorted.rows.map((row) => row.ratesPerS[c]!), {
    path: columns.labels[c + 1]!,
    allowMonotonic: options.allowMonotonic ?? false,
    firstAt: `line ${sorted.rows[0]!.line}`,
    lastAt: `line ${sorted.rows[sorted.rows.length - 1]!.line}`,
  })).filter((problem) => problem !== undefined);
  if (counters.length > 0) return { ok: false, problems: counters };
  return windowed(sorted.rows, rateColumns.length, { window: options.window, absolute: anyIso, notes: sorted.notes });
}

/** One row of a rate CSV, or undefined after reporting its problems. */
function readRateRow(row: CsvRow, columns: { indexes: number[]; labels: string[] }, unit: "s" | "ms", problems: ProblemList): { row: RateRow; iso: boolean } | undefined {
  const cells = columns.indexes.map((index) => row.fields[index]);
  const missing = cells.findIndex((cell) => cell === undefined);
  if (missing >= 0) {
    problems.add(columns.labels[missing]!, `the row has ${row.fields.length} field(s), so column ${columns.indexes[missing]} is missing`, row.line);
    return undefined;
  }
  const time = parseTimeCell(cells[0]!, unit);
  if (!time.ok) problems.add(columns.labels[0]!, time.message, row.line);
  const ratesPerS: number[] = [];
  let bad = !time.ok;
  for (let c = 1; c < cells.length; c++) {
    const ratePerS = parseDecimal(cells[c]!);
    if (ratePerS === undefined || ratePerS < 0) {
      problems.add(columns.labels[c]!, `expected a rate per second >= 0, got ${JSON.stringify(cells[c])}`, row.line);
      bad = true;
    } else ratesPerS.push(ratePerS);
  }
  if (bad || !time.ok) return undefined;
  return { row: { atMs: time.valueMs, ratesPerS, line: row.line }, iso: time.iso };
}

/** Rows in time order (sorted with a note when they were not); two rows at one time are problems. */
function sortRows(rows: RateRow[], timeLabel: string): { ok: true; rows: RateRow[]; notes: string[] } | { ok: false; problems: ReplayProblem[] } {
  const notes: string[] = [];
  const disorder = firstDisorder(rows.map((row) => row.atMs));
  if (disorder >= 0) {
    notes.push(`rows were not in time order (line ${rows[disorder]!.line} is earlier than line ${rows[disorder - 1]!.line}); sorted them`);
    rows = [...rows].sort((a, b) => a.atMs - b.atMs || a.line - b.line);
  }
  const problems = new ProblemList();
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.atMs === rows[i - 1]!.atMs) {
      problems.add(timeLabel, `two rates for the same interval start (also on line ${rows[i - 1]!.line}); keep one row per interval`, rows[i]!.line);
    }
  }
  if (!problems.empty) return { ok: false, problems: problems.list() };
  return { ok: true, rows, notes };
}

/**
 * Step points per column from the earliest row, or cut to the window. The recording's end, for
 * checking the window, is the last row plus the interval before it (its rate holds for ever).
 */
function windowed(rows: RateRow[], columnCount: number, options: { window: RecordingWindow | undefined; absolute: boolean; notes: string[] }): { ok: true; columns: RatePoint[][]; originMs: number; notes: string[] } | { ok: false; problems: ReplayProblem[] } {
  const columns: RatePoint[][] = [];
  for (let c = 0; c < columnCount; c++) {
    const points: RatePoint[] = [];
    rows.forEach((row, i) => {
      if (i > 0) points.push({ atMs: row.atMs, ratePerS: rows[i - 1]!.ratesPerS[c]! });
      points.push({ atMs: row.atMs, ratePerS: row.ratesPerS[c]! });
    });
    columns.push(points);
  }
  const firstMs = rows[0]!.atMs;
  const span = options.window;
  if (span === undefined || (span.from === undefined && span.to === undefined)) {
    return { ok: true, columns: columns.map((points) => points.map((p) => ({ atMs: p.atMs - firstMs, ratePerS: p.ratePerS }))), originMs: firstMs, notes: options.notes };
  }
  const lastMs = rows[rows.length - 1]!.atMs;
  const endMs = rows.length > 1 ? 2 * lastMs - rows[rows.length - 2]!.atMs : lastMs + 1;
  const resolved = resolveWindow(span, { startMs: firstMs, endMs, absolute: options.absolute });
  if (!resolved.ok) return { ok: false, problems: [{ path: resolved.path, message: resolved.message }] };
  const toMs = span.to === undefined ? Infinity : resolved.toMs;
  const cut = columns.map((points) => (toMs === Infinity ? holdFrom(points, resolved.fromMs) : cutSteps(points, resolved.fromMs, toMs)));
  const notes = [...options.notes, `replaying from ${describeMs(resolved.fromMs, options.absolute)}${toMs === Infinity ? "" : ` to ${describeMs(toMs, options.absolute)}`}`];
  return { ok: true, columns: cut, originMs: resolved.fromMs, notes };
}

/** Step points from `fromMs` on (moved to start at 0), the last rate holding for ever. */
function holdFrom(points: readonly RatePoint[], fromMs: number): RatePoint[] {
  const cut = cutSteps(points, fromMs, Infinity);
  cut.pop(); // the closing 0 at Infinity
  return cut;
}

/**
 * The points with every rate multiplied by `growthFactor` (e.g. 1.3 for "30% more than last
 * year"); times unchanged. Returns new objects.
 * @throws ParameterError if `growthFactor` is not a finite number >= 0.
 */
export function scaleRatePoints(points: ReadonlyArray<RatePoint>, growthFactor: number): RatePoint[] {
  if (typeof growthFactor !== "number" || !Number.isFinite(growthFactor) || growthFactor < 0) {
    throw new ParameterError("growthFactor", `must be a finite number >= 0, got ${String(growthFactor)}`);
  }
  return points.map((point) => ({ atMs: point.atMs, ratePerS: point.ratePerS * growthFactor }));
}
