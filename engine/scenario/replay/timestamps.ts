/**
 * A CSV of request timestamps (an access log cut down to one column) read into exact arrival
 * times for `traceArrivals`, in ms from the first timestamp (or from zero).
 */
import { checkColumnOption, checkUnitOption, firstDisorder, readCsvRows, resolveColumns, type CsvRow } from "./csv";
import { parseTimeCell } from "./iso-time";
import { ProblemList, type ReplayProblem } from "./problems";

/** The result of {@link parseTimestampCsv}. */
export type TimestampCsvResult =
  | {
      ok: true;
      /** Arrival times in ms relative to the origin, sorted ascending. */
      timestampsMs: Float64Array;
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
 * they are (for files already relative to a test's start). Unsorted rows are sorted, with a
 * note; equal timestamps are all kept. Never throws.
 */
export function parseTimestampCsv(
  text: string,
  options: { column?: string | number; unit: "s" | "ms"; origin?: "first" | "zero" },
): TimestampCsvResult {
  const problems = new ProblemList();
  checkColumnOption("column", options.column, problems);
  checkUnitOption(options.unit, problems);
  const origin = options.origin ?? "first";
  if (origin !== "first" && origin !== "zero") problems.add("origin", `expected "first" or "zero", got ${JSON.stringify(origin)}`);
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const rows = readCsvRows(text, problems);
  if (rows.length === 0) {
    return { ok: false, problems: [...problems.list(), { path: "", message: "no rows: expected one timestamp per line" }] };
  }
  const isDataCell = (cell: string) => parseTimeCell(cell, options.unit).ok;
  const columns = resolveColumns(rows[0], [{ option: "column", value: options.column, fallback: 0 }], isDataCell, problems);
  if (columns === undefined) return { ok: false, problems: problems.list() };
  const dataRows = columns.hasHeader ? rows.slice(1) : rows;
  const read = readTimestampCells(dataRows, { index: columns.indexes[0], label: columns.labels[0], unit: options.unit, origin }, problems);
  if (origin === "zero" && read.anyIso) {
    problems.add("origin", `origin "zero" would count ISO-8601 times from 1970; use origin "first" to start at the first timestamp`);
  }
  if (problems.empty && read.valuesMs.length === 0) problems.add("", "no timestamps: the file has a header but no data rows");
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const notes: string[] = [];
  const timestampsMs = Float64Array.from(read.valuesMs);
  const disorder = firstDisorder(read.valuesMs);
  if (disorder >= 0) {
    // Numbers that compare equal are identical, so sorting them is stable by construction.
    timestampsMs.sort();
    notes.push(`timestamps were not in order (line ${read.lines[disorder]} is earlier than line ${read.lines[disorder - 1]}); sorted them`);
  }
  const originMs = origin === "first" ? timestampsMs[0] : 0;
  if (originMs !== 0) for (let i = 0; i < timestampsMs.length; i++) timestampsMs[i] -= originMs;
  return { ok: true, timestampsMs, originMs, notes };
}

/** The time cells of the data rows in file order, with their lines; reports bad cells. */
function readTimestampCells(
  rows: CsvRow[],
  column: { index: number; label: string; unit: "s" | "ms"; origin: "first" | "zero" },
  problems: ProblemList,
): { valuesMs: number[]; lines: number[]; anyIso: boolean } {
  const valuesMs: number[] = [];
  const lines: number[] = [];
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
      anyIso ||= parsed.iso;
    }
  }
  return { valuesMs, lines, anyIso };
}
