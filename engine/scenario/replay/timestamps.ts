/**
 * A CSV of request timestamps (an access log, or one cut down to its time column) read into
 * exact arrival times for `traceArrivals`, in ms from the first timestamp (or from zero); with
 * `classes`, another column of the log (the path, the method) decides each request's class
 * (trace-classes.ts).
 */
import { checkColumnOption, checkUnitOption, firstDisorder, readCsvRows, resolveColumns, type CsvRow } from "./csv";
import { parseTimeCell } from "./iso-time";
import { ProblemList, type ReplayProblem } from "./problems";
import { resolveWindow, type RecordingWindow } from "./recording-window";
import { classifyRows, type TraceClassRules } from "./trace-classes";

/** The result of {@link parseTimestampCsv}. */
export type TimestampCsvResult =
  | {
      ok: true;
      /** Arrival times in ms relative to the origin, sorted ascending. */
      timestampsMs: Float64Array;
      /** With `classes`: the class index of each arrival, in the same order. */
      classIndexes?: Int32Array;
      /** The source time taken as 0, in ms (epoch ms for ISO-8601 times; 0 for origin "zero"). */
      originMs: number;
      notes: string[];
    }
  | { ok: false; problems: ReplayProblem[] };

/**
 * Reads arrival timestamps from CSV: one per row in `column` (a header name, or a 0-based
 * index; default the first column). Numbers are in `unit`; ISO-8601 times
 * (`2025-11-28T14:05:00.250Z`) are accepted in any row. A header row is detected (or required
 * when `column` is a name); blank lines are skipped. Times come back in ms relative to
 * `origin`: "first" (default) makes the earliest timestamp 0, "zero" keeps numeric times as
 * they are (for files already relative to a test's start). `window` keeps the arrivals in
 * [from, to) and makes `from` the origin. Unsorted rows are sorted, with a note; equal
 * timestamps are all kept. With `classes`, each row's class comes from its `classes.column`
 * cell by the first matching rule. Never throws.
 */
export function parseTimestampCsv(
  text: string,
  options: { column?: string | number; unit: "s" | "ms"; origin?: "first" | "zero"; window?: RecordingWindow; classes?: TraceClassRules },
): TimestampCsvResult {
  const problems = new ProblemList();
  checkColumnOption("column", options.column, problems);
  if (options.classes !== undefined) checkColumnOption("classes.column", options.classes.column, problems);
  checkUnitOption(options.unit, problems);
  const origin = options.origin ?? "first";
  if (origin !== "first" && origin !== "zero") problems.add("origin", `expected "first" or "zero", got ${JSON.stringify(origin)}`);
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const rows = readCsvRows(text, problems);
  if (rows.length === 0) {
    return { ok: false, problems: [...problems.list(), { path: "", message: "no rows: expected one timestamp per line" }] };
  }
  const isDataCell = (cell: string, choice: number) => choice > 0 || parseTimeCell(cell, options.unit).ok;
  const choices = [{ option: "column", value: options.column, fallback: 0 }];
  if (options.classes !== undefined) choices.push({ option: "classes.column", value: options.classes.column, fallback: 1 });
  const columns = resolveColumns(rows[0]!, choices, isDataCell, problems);
  if (columns === undefined) return { ok: false, problems: problems.list() };
  const dataRows = columns.hasHeader ? rows.slice(1) : rows;
  const read = readTimestampCells(dataRows, { index: columns.indexes[0]!, label: columns.labels[0]!, unit: options.unit, origin }, problems);
  if (origin === "zero" && read.anyIso) {
    problems.add("origin", `origin "zero" would count ISO-8601 times from 1970; use origin "first" to start at the first timestamp`);
  }
  if (problems.empty && read.valuesMs.length === 0) problems.add("", "no timestamps: the file has a header but no data rows");
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const classified = options.classes === undefined ? undefined : classifyRows(read.rows, { index: columns.indexes[1]!, label: columns.labels[1]!, rules: options.classes });
  if (classified !== undefined && !classified.ok) return classified;
  return arrange(read, { origin, window: options.window, classIndexes: classified?.classIndexes });
}

/** Sorts the arrivals (with their classes), applies the window and moves them to the origin. */
function arrange(
  read: { valuesMs: number[]; lines: number[]; anyIso: boolean },
  options: { origin: "first" | "zero"; window: RecordingWindow | undefined; classIndexes: Int32Array | undefined },
): TimestampCsvResult {
  const notes: string[] = [];
  let order = read.valuesMs.map((_, i) => i);
  const disorder = firstDisorder(read.valuesMs);
  if (disorder >= 0) {
    // Equal times keep their file order, so the sort is stable by construction.
    order = order.sort((a, b) => read.valuesMs[a]! - read.valuesMs[b]! || a - b);
    notes.push(`timestamps were not in order (line ${read.lines[disorder]} is earlier than line ${read.lines[disorder - 1]}); sorted them`);
  }
  const sortedMs = order.map((i) => read.valuesMs[i]!);
  let originMs = options.origin === "first" ? sortedMs[0]! : 0;
  let fromIndex = 0;
  let toIndex = sortedMs.length;
  if (options.window !== undefined && (options.window.from !== undefined || options.window.to !== undefined)) {
    const recording = { startMs: originMs, endMs: sortedMs[sortedMs.length - 1]! + 1, absolute: read.anyIso };
    const span = resolveWindow(options.window, recording);
    if (!span.ok) return { ok: false, problems: [{ path: span.path, message: span.message }] };
    while (fromIndex < toIndex && sortedMs[fromIndex]! < span.fromMs) fromIndex += 1;
    while (toIndex > fromIndex && sortedMs[toIndex - 1]! >= span.toMs) toIndex -= 1;
    if (fromIndex === toIndex) return { ok: false, problems: [{ path: "from", message: "no timestamps in the window from..to" }] };
    originMs = span.fromMs;
    notes.push(`replaying ${toIndex - fromIndex} of ${sortedMs.length} timestamps (the window from..to)`);
  }
  const timestampsMs = new Float64Array(toIndex - fromIndex);
  for (let i = fromIndex; i < toIndex; i++) timestampsMs[i - fromIndex] = sortedMs[i]! - originMs;
  if (options.classIndexes === undefined) return { ok: true, timestampsMs, originMs, notes };
  const classIndexes = new Int32Array(toIndex - fromIndex);
  for (let i = fromIndex; i < toIndex; i++) classIndexes[i - fromIndex] = options.classIndexes[order[i]!]!;
  return { ok: true, timestampsMs, classIndexes, originMs, notes };
}

/** The time cells of the data rows in file order, with their lines and rows; reports bad cells. */
function readTimestampCells(
  rows: CsvRow[],
  column: { index: number; label: string; unit: "s" | "ms"; origin: "first" | "zero" },
  problems: ProblemList,
): { valuesMs: number[]; lines: number[]; rows: CsvRow[]; anyIso: boolean } {
  const valuesMs: number[] = [];
  const lines: number[] = [];
  const kept: CsvRow[] = [];
  let anyIso = false;
  for (const row of rows) {
    const cell = row.fields[column.index];
    if (cell === undefined) {
      problems.add(column.label, `the row has ${row.fields.length} field(s), so column ${column.index} is missing`, row.line);
      continue;
    }
    const parsed = parseTimeCell(cell, column.unit);
    if (!parsed.ok) problems.add(column.label, parsed.message, row.line);
    else if (column.origin === "zero" && parsed.valueMs < 0) {
      problems.add(column.label, `a time must be >= 0 with origin "zero", got ${cell}`, row.line);
    } else {
      valuesMs.push(parsed.valueMs);
      lines.push(row.line);
      kept.push(row);
      anyIso ||= parsed.iso;
    }
  }
  return { valuesMs, lines, rows: kept, anyIso };
}
