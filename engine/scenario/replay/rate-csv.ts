/**
 * A CSV of per-interval rates (an interval's start time and its rate per second on each row)
 * read into step breakpoints for a `RateProfile`; and {@link scaleRatePoints}, the growth factor
 * applied to replayed rates from any source.
 */
import { ParameterError } from "../../core/assert";
import type { RatePoint } from "../../model/rate-profile";
import { checkColumnOption, checkUnitOption, firstDisorder, readCsvRows, resolveColumns, type CsvRow } from "./csv";
import { parseDecimal, parseTimeCell } from "./iso-time";
import { ProblemList, type RatePointsResult } from "./problems";

/**
 * Reads per-interval rates from CSV: each row is an interval's start time (`timeColumn`,
 * default the first column; a number in `unit` or an ISO-8601 time) and its rate per second
 * (`rateColumn`, default the second). The result is a step profile in ms from the earliest
 * row: each rate holds until the next row's time, the last one for ever. Unsorted rows are
 * sorted, with a note; two rows at one time are a problem. Never throws.
 */
export function parseRateCsv(
  text: string,
  options: { timeColumn?: string | number; rateColumn?: string | number; unit: "s" | "ms" },
): RatePointsResult {
  const problems = new ProblemList();
  checkColumnOption("timeColumn", options.timeColumn, problems);
  checkColumnOption("rateColumn", options.rateColumn, problems);
  checkUnitOption(options.unit, problems);
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const rows = readCsvRows(text, problems);
  if (rows.length === 0) {
    return { ok: false, problems: [...problems.list(), { path: "", message: "no rows: expected one interval start time and rate per line" }] };
  }
  const isDataCell = (cell: string, choiceIndex: number) =>
    choiceIndex === 0 ? parseTimeCell(cell, options.unit).ok : parseDecimal(cell) !== undefined;
  const choices = [
    { option: "timeColumn", value: options.timeColumn, fallback: 0 },
    { option: "rateColumn", value: options.rateColumn, fallback: 1 },
  ];
  const columns = resolveColumns(rows[0], choices, isDataCell, problems);
  if (columns === undefined) return { ok: false, problems: problems.list() };
  const rowsRead: Array<{ atMs: number; ratePerS: number; line: number }> = [];
  for (const row of columns.hasHeader ? rows.slice(1) : rows) {
    const read = readRateRow(row, columns, options.unit, problems);
    if (read !== undefined) rowsRead.push(read);
  }
  if (problems.empty && rowsRead.length === 0) problems.add("", "no rates: the file has a header but no data rows");
  if (!problems.empty) return { ok: false, problems: problems.list() };
  return rateRowsToSteps(rowsRead, columns.labels[0]);
}

/** One row of a rate CSV, or undefined after reporting its problems. */
function readRateRow(
  row: CsvRow,
  columns: { indexes: number[]; labels: string[] },
  unit: "s" | "ms",
  problems: ProblemList,
): { atMs: number; ratePerS: number; line: number } | undefined {
  const [timeIndex, rateIndex] = columns.indexes;
  const [timeLabel, rateLabel] = columns.labels;
  const timeCell = row.fields[timeIndex];
  const rateCell = row.fields[rateIndex];
  if (timeCell === undefined || rateCell === undefined) {
    const missing = timeCell === undefined ? timeIndex : rateIndex;
    const label = timeCell === undefined ? timeLabel : rateLabel;
    problems.add(label, `the row has ${row.fields.length} field(s), so column ${missing} is missing`, row.line);
    return undefined;
  }
  const time = parseTimeCell(timeCell, unit);
  if (!time.ok) problems.add(timeLabel, time.message, row.line);
  const ratePerS = parseDecimal(rateCell);
  if (ratePerS === undefined || ratePerS < 0) {
    problems.add(rateLabel, `expected a rate per second >= 0, got ${JSON.stringify(rateCell)}`, row.line);
  }
  if (!time.ok || ratePerS === undefined || ratePerS < 0) return undefined;
  return { atMs: time.valueMs, ratePerS, line: row.line };
}

/** Sorted rows as step breakpoints from the earliest row; duplicate times are problems. */
function rateRowsToSteps(rows: Array<{ atMs: number; ratePerS: number; line: number }>, timeLabel: string): RatePointsResult {
  const notes: string[] = [];
  const disorder = firstDisorder(rows.map((row) => row.atMs));
  if (disorder >= 0) {
    notes.push(`rows were not in time order (line ${rows[disorder].line} is earlier than line ${rows[disorder - 1].line}); sorted them`);
    rows = [...rows].sort((a, b) => a.atMs - b.atMs || a.line - b.line);
  }
  const problems = new ProblemList();
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].atMs === rows[i - 1].atMs) {
      problems.add(timeLabel, `two rates for the same interval start (also on line ${rows[i - 1].line}); keep one row per interval`, rows[i].line);
    }
  }
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const originMs = rows[0].atMs;
  const points: RatePoint[] = [];
  rows.forEach((row, i) => {
    const atMs = row.atMs - originMs;
    if (i > 0) points.push({ atMs, ratePerS: rows[i - 1].ratePerS });
    points.push({ atMs, ratePerS: row.ratePerS });
  });
  return { ok: true, points, originMs, notes };
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
