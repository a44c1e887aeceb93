/**
 * Recorded traffic in, arrival inputs out: parsers for the files people export from their
 * monitoring, turned into what the arrival processes replay.
 *
 * - A CSV of request timestamps (an access log cut down to one column) becomes exact arrival
 *   times for `traceArrivals`.
 * - A CSV of per-interval rates, or the JSON of a Prometheus range query over a request-rate
 *   expression, becomes breakpoints for a `RateProfile`.
 *
 * The text is user input, so nothing here throws on bad content: each parser returns every
 * problem it finds (up to {@link REPLAY_PROBLEMS_MAX}) as `{ path, message, line? }`, with the
 * 1-based line for CSV rows, and `notes` for things it fixed on the way (unsorted rows, NaN
 * samples skipped). For CSV, `path` is the column's label (its header name, or `column 2` by
 * 0-based index) for a bad cell, the option's name for a bad option, and "" for the whole file;
 * for Prometheus JSON it is the JSON path (`data.result[0].values[17][1]`). ISO-8601 times are
 * read by a small pure parser (no `Date`, which the engine avoids).
 */
import { ParameterError } from "../../core/assert";
import type { RatePoint } from "../../model/rate-profile";

/** One thing wrong with a replay file; structurally a scenario `Problem`. */
export interface ReplayProblem {
  path: string;
  message: string;
  /** 1-based line in the source text, when known. */
  line?: number;
}

/** Problems beyond this many are summarised in one last problem ("... and 312 more"). */
export const REPLAY_PROBLEMS_MAX = 20;

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

/** The result of {@link parseRateCsv} and {@link parsePrometheusMatrix}. */
export type RatePointsResult =
  | {
      ok: true;
      /** Breakpoints in ms from the first row or sample, rates per second. */
      points: RatePoint[];
      /** The source time taken as 0, in ms (epoch ms for ISO-8601 times and Prometheus samples). */
      originMs: number;
      /** Prometheus only: the labels of the series used. */
      labels?: Record<string, string>;
      notes: string[];
    }
  | { ok: false; problems: ReplayProblem[] };

/** Collects problems, keeping the first {@link REPLAY_PROBLEMS_MAX} and counting the rest. */
class ProblemList {
  readonly items: ReplayProblem[] = [];
  private dropped = 0;
  add(path: string, message: string, line?: number): void {
    if (this.items.length >= REPLAY_PROBLEMS_MAX) this.dropped += 1;
    else this.items.push(line === undefined ? { path, message } : { path, message, line });
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
  /** The problems, with a summary of those left out. */
  list(): ReplayProblem[] {
    if (this.dropped === 0) return this.items;
    return [...this.items, { path: "", message: `... and ${this.dropped} more problems of the same kinds` }];
  }
}

// ---------------------------------------------------------------------------------------------
// ISO-8601 and numbers

/** `YYYY-MM-DDTHH:MM:SS(.fraction)?(Z|±HH:MM)`; a space may replace the T, ±HHMM the ±HH:MM. */
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?$/;
/** A plain decimal number: `12`, `-1.5`, `.5`, `1e3`. No hex, no `Infinity`. */
const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads an ISO-8601 time `YYYY-MM-DDTHH:MM:SS(.sss)?(Z|±HH:MM)` as ms since 1970-01-01 UTC.
 * Pure, and exact to the ms; digits beyond ms are kept as fractional ms, to the spacing of
 * doubles (about 0.0002 ms for present-day times). A time zone is required: a local time
 * means different instants on different machines.
 */
export function parseIsoTimestampMs(text: string): { ok: true; valueMs: number } | { ok: false; message: string } {
  const match = ISO_PATTERN.exec(text);
  const example = "like 2025-11-28T14:05:00.250Z or 2025-11-28T09:05:00-05:00";
  const quoted = JSON.stringify(text);
  if (match === null) return { ok: false, message: `expected an ISO-8601 time ${example}, got ${quoted}` };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const zone = match[8];
  if (zone === undefined) {
    return { ok: false, message: `${quoted} has no time zone; add Z for UTC or an offset like +01:00` };
  }
  if (month < 1 || month > 12) return { ok: false, message: `month must be 01-12, got ${match[2]} in ${quoted}` };
  if (day < 1 || day > daysInMonth(year, month)) {
    const days = daysInMonth(year, month);
    return { ok: false, message: `day must be 01-${days} for ${match[1]}-${match[2]}, got ${match[3]} in ${quoted}` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `time of day must be 00:00:00-23:59:59, got ${match[4]}:${match[5]}:${match[6]} in ${quoted}` };
  }
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const offsetHours = Number(zone.slice(1, 3));
    const offsetRest = Number(zone.slice(zone.length - 2));
    if (offsetHours > 23 || offsetRest > 59) {
      return { ok: false, message: `time zone offset must be at most ±23:59, got ${zone} in ${quoted}` };
    }
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  const fractionMs = match[7] === undefined ? 0 : Number(`0.${match[7]}`) * 1000;
  const days = daysFromCivil(year, month, day);
  const wholeMs = ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000;
  return { ok: true, valueMs: wholeMs + fractionMs };
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to a civil date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** A plain decimal number, or undefined. */
function parseDecimal(text: string): number | undefined {
  return DECIMAL_PATTERN.test(text) ? Number(text) : undefined;
}

/** A time cell: a number in `unit`, or an ISO-8601 time (epoch ms). */
function parseTimeCell(text: string, unit: "s" | "ms"): { ok: true; valueMs: number; iso: boolean } | { ok: false; message: string } {
  const number = parseDecimal(text);
  if (number !== undefined) return { ok: true, valueMs: unit === "s" ? number * 1000 : number, iso: false };
  if (/^\d{4}-/.test(text)) {
    const iso = parseIsoTimestampMs(text);
    return iso.ok ? { ok: true, valueMs: iso.valueMs, iso: true } : iso;
  }
  const unitWord = unit === "s" ? "seconds" : "ms";
  return { ok: false, message: `expected a number of ${unitWord} or an ISO-8601 time like 2025-11-28T14:05:00Z, got ${JSON.stringify(text)}` };
}

// ---------------------------------------------------------------------------------------------
// CSV

/** One non-blank CSV line: its 1-based number and its fields, trimmed unless quoted. */
interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Splits text into rows: lines by \n, \r\n or \r; a BOM and blank lines dropped; fields by
 * comma (or by tab or semicolon when the first line has those and no comma); RFC 4180 quotes
 * ("a, b" and "" for a quote) within one line.
 */
function readCsvRows(text: string, problems: ProblemList): CsvRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const first = lines.find((line) => line.trim() !== "") ?? "";
  const delimiter = first.includes(",") ? "," : first.includes("\t") ? "\t" : first.includes(";") ? ";" : ",";
  const rows: CsvRow[] = [];
  lines.forEach((lineText, i) => {
    if (lineText.trim() === "") return;
    const fields = splitCsvLine(lineText, delimiter);
    if (typeof fields === "string") problems.add("", fields, i + 1);
    else rows.push({ line: i + 1, fields });
  });
  return rows;
}

/** The fields of one line, or a message when its quotes are unbalanced. */
function splitCsvLine(text: string, delimiter: string): string[] | string {
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    while (text[index] === " ") index += 1;
    if (text[index] === '"') {
      let value = "";
      index += 1;
      for (;;) {
        const close = text.indexOf('"', index);
        if (close < 0) return `unterminated quote in field ${fields.length + 1}; close it with "`;
        value += text.slice(index, close);
        index = close + 1;
        if (text[index] !== '"') break;
        value += '"'; // "" inside quotes is one quote
        index += 1;
      }
      while (text[index] === " ") index += 1;
      if (index < text.length && text[index] !== delimiter) return `unexpected text after the closing quote of field ${fields.length + 1}`;
      fields.push(value);
    } else {
      const end = text.indexOf(delimiter, index);
      fields.push(text.slice(index, end < 0 ? text.length : end).trim());
      index = end < 0 ? text.length : end;
    }
    if (index >= text.length) return fields;
    index += 1; // the delimiter
  }
}

/** Which column an option selects: a header name or a 0-based index; `fallback` when unset. */
interface ColumnChoice {
  option: string;
  value: string | number | undefined;
  fallback: number;
}

/**
 * Resolves column options against the first row, deciding whether it is a header: it is when a
 * column is chosen by name, or when a chosen cell of it is present but not data (a row missing
 * the cell is data, reported later).
 */
function resolveColumns(
  first: CsvRow,
  choices: ColumnChoice[],
  isDataCell: (text: string, choiceIndex: number) => boolean,
  problems: ProblemList,
): { hasHeader: boolean; indexes: number[]; labels: string[] } | undefined {
  const byName = choices.some((choice) => typeof choice.value === "string");
  const guessed = choices.map((choice) => (typeof choice.value === "number" ? choice.value : choice.fallback));
  const hasHeader = byName || guessed.some((index, k) => first.fields[index] !== undefined && !isDataCell(first.fields[index], k));
  const indexes: number[] = [];
  for (const choice of choices) {
    if (typeof choice.value !== "string") {
      indexes.push(typeof choice.value === "number" ? choice.value : choice.fallback);
      continue;
    }
    const index = first.fields.indexOf(choice.value.trim());
    if (index < 0) {
      const columns = first.fields.map((field) => JSON.stringify(field)).join(", ");
      const hint = "names are case-sensitive, or give a 0-based column index";
      problems.add(choice.option, `no column named ${JSON.stringify(choice.value)} in the header (line ${first.line}: ${columns}); ${hint}`, first.line);
    }
    indexes.push(index);
  }
  if (!problems.empty) return undefined;
  const labels = indexes.map((index) => {
    const name = hasHeader ? first.fields[index] : undefined;
    return name === undefined || name === "" ? `column ${index}` : name;
  });
  return { hasHeader, indexes, labels };
}

/** Problems with a column option's type (a name or a 0-based integer index). */
function checkColumnOption(option: string, value: unknown, problems: ProblemList): void {
  if (value === undefined) return;
  if (typeof value === "string" ? value.trim() === "" : !(Number.isInteger(value) && (value as number) >= 0)) {
    problems.add(option, `expected a header name or a 0-based column index, got ${JSON.stringify(value)}`);
  }
}

/** Problems with the `unit` option. */
function checkUnitOption(unit: unknown, problems: ProblemList): void {
  if (unit !== "s" && unit !== "ms") problems.add("unit", `expected "s" or "ms" (the unit of numeric times), got ${JSON.stringify(unit)}`);
}

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

/** The first index whose value is below its predecessor's, or -1 when sorted. */
function firstDisorder(values: ArrayLike<number>): number {
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) return i;
  return -1;
}

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

// ---------------------------------------------------------------------------------------------
// Prometheus

/** A JSON object, after a check. */
type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Labels in Prometheus notation: `http_requests_total{job="shop", code="200"}`, `{}` if none. */
export function formatSeriesLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).filter((key) => key !== "__name__").sort();
  const inner = keys.map((key) => `${key}=${JSON.stringify(labels[key])}`).join(", ");
  return `${labels.__name__ ?? ""}{${inner}}`;
}

/**
 * Reads the JSON a Prometheus range query returns (`/api/v1/query_range`, or Grafana's
 * "Inspect > Data > Download JSON" of one) into rate breakpoints: each sample `[unix seconds,
 * "value"]` becomes a point at ms since the first sample, linear between samples. The values
 * must already be per-second rates (`rate(...)` or `sum(rate(...))`, not `increase(...)`).
 *
 * With several series, `series` picks one: a 0-based index, or labels that must all match.
 * "NaN" samples (Prometheus's "no data" of a division by 0) are skipped with a note and
 * bridged by the neighbouring samples; infinite or negative values are problems. Never throws.
 */
export function parsePrometheusMatrix(jsonText: string, options: { series?: number | Record<string, string> } = {}): RatePointsResult {
  let root: unknown;
  try {
    root = JSON.parse(jsonText);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position === null ? undefined : jsonText.slice(0, Number(position[1])).split("\n").length;
    const problem: ReplayProblem = { path: "", message: `not valid JSON: ${message}` };
    if (line !== undefined) problem.line = line;
    return { ok: false, problems: [problem] };
  }
  const result = prometheusResult(root);
  if (!result.ok) return result;
  const chosen = chooseSeries(result.series, options.series);
  if (!chosen.ok) return chosen;
  return seriesToPoints(chosen.series, `data.result[${chosen.index}]`);
}

/** The `data.result` list of a successful matrix response, or the problem with the response. */
function prometheusResult(root: unknown): { ok: true; series: unknown[] } | { ok: false; problems: ReplayProblem[] } {
  const fail = (path: string, message: string) => ({ ok: false as const, problems: [{ path, message }] });
  if (!isObject(root)) {
    const found = Array.isArray(root) ? "a list" : JSON.stringify(root);
    return fail("", `expected a Prometheus API response object {"status": "success", "data": {...}}, got ${found}`);
  }
  if (root.status === "error") {
    const errorType = typeof root.errorType === "string" ? ` (${root.errorType})` : "";
    return fail("error", `Prometheus returned an error${errorType}: ${String(root.error ?? "no error text")}`);
  }
  if (root.status !== "success") return fail("status", `expected "success", got ${JSON.stringify(root.status)}`);
  const data = root.data;
  if (!isObject(data)) return fail("data", `expected an object with resultType and result, got ${JSON.stringify(data)}`);
  if (data.resultType !== "matrix") {
    const found = JSON.stringify(data.resultType);
    const kind = data.resultType === "vector" || data.resultType === "scalar" ? `an instant query result (${found})` : found;
    const fix = "export a range query (/api/v1/query_range) so the file holds a series over time";
    return fail("data.resultType", `expected "matrix" (a range query), got ${kind}; ${fix}`);
  }
  if (!Array.isArray(data.result)) return fail("data.result", "expected a list of series");
  if (data.result.length === 0) return fail("data.result", "the result has no series; check that the query matches data in the chosen time range");
  return { ok: true, series: data.result };
}

/** The labels of a series entry, `{}` when absent. */
function seriesLabels(series: unknown): Record<string, string> {
  const metric = isObject(series) && isObject(series.metric) ? series.metric : {};
  const labels: Record<string, string> = {};
  for (const key of Object.keys(metric).sort()) labels[key] = String(metric[key]);
  return labels;
}

/** Lists series as `[0] {job="a"}, [1] {job="b"}` for a message (the first 10). */
function listSeries(series: unknown[], indexes: number[]): string {
  const shown = indexes.slice(0, 10).map((i) => `[${i}] ${formatSeriesLabels(seriesLabels(series[i]))}`);
  return shown.join(", ") + (indexes.length > 10 ? `, ... (${indexes.length - 10} more)` : "");
}

/** Applies the `series` option: index, label match, or the only series. */
function chooseSeries(
  series: unknown[],
  selector: number | Record<string, string> | undefined,
): { ok: true; series: unknown; index: number } | { ok: false; problems: ReplayProblem[] } {
  const all = series.map((_, i) => i);
  const fail = (path: string, message: string) => ({ ok: false as const, problems: [{ path, message }] });
  if (selector === undefined) {
    if (series.length === 1) return { ok: true, series: series[0], index: 0 };
    const choices = listSeries(series, all);
    return fail("data.result", `the result has ${series.length} series; choose one with series: an index or labels to match: ${choices}`);
  }
  if (typeof selector === "number") {
    if (Number.isInteger(selector) && selector >= 0 && selector < series.length) return { ok: true, series: series[selector], index: selector };
    return fail("series", `index ${selector} is not one of the ${series.length} series (0-${series.length - 1}): ${listSeries(series, all)}`);
  }
  const matches = all.filter((i) => {
    const labels = seriesLabels(series[i]);
    return Object.keys(selector).every((key) => labels[key] === selector[key]);
  });
  if (matches.length === 1) return { ok: true, series: series[matches[0]], index: matches[0] };
  const wanted = formatSeriesLabels(selector);
  if (matches.length === 0) return fail("series", `no series has the labels ${wanted}; the series are: ${listSeries(series, all)}`);
  return fail("series", `${matches.length} series have the labels ${wanted}; add labels to pick one of: ${listSeries(series, matches)}`);
}

/** A series' samples as breakpoints from its first sample, skipping NaN with a note. */
function seriesToPoints(series: unknown, path: string): RatePointsResult {
  const problems = new ProblemList();
  const values = isObject(series) ? series.values : undefined;
  if (!Array.isArray(values) || values.length === 0) {
    return { ok: false, problems: [{ path: `${path}.values`, message: "expected a non-empty list of [unix seconds, \"value\"] samples" }] };
  }
  const points: RatePoint[] = [];
  let firstS = NaN;
  let previousS = -Infinity;
  let skipped = 0;
  let firstSkipped = "";
  values.forEach((sample: unknown, i) => {
    const at = `${path}.values[${i}]`;
    if (!Array.isArray(sample) || sample.length !== 2 || typeof sample[0] !== "number" || !Number.isFinite(sample[0])) {
      problems.add(at, `expected [unix seconds, "value"], got ${JSON.stringify(sample)}`);
      return;
    }
    const timeS: number = sample[0];
    if (timeS <= previousS) problems.add(`${at}[0]`, `sample times must increase, got ${timeS} after ${previousS}`);
    previousS = timeS;
    if (Number.isNaN(firstS)) firstS = timeS;
    const text = typeof sample[1] === "number" ? String(sample[1]) : sample[1];
    if (text === "NaN") {
      if (skipped === 0) firstSkipped = at;
      skipped += 1;
      return;
    }
    const ratePerS = typeof text === "string" ? parseDecimal(text) : undefined;
    if (ratePerS === undefined || ratePerS < 0) {
      problems.add(`${at}[1]`, `expected a rate per second >= 0 as a string like "1234.5", got ${JSON.stringify(sample[1])}`);
      return;
    }
    // Prometheus times have ms resolution; rounding removes the float noise of (t - t0) * 1000.
    points.push({ atMs: Math.round((timeS - firstS) * 1000), ratePerS });
  });
  if (problems.empty && points.length === 0) problems.add(`${path}.values`, `every sample is NaN (${skipped}); the query returned no data`);
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const notes = skipped === 0 ? [] : [`skipped ${skipped} NaN sample(s) (the first at ${firstSkipped}); the rate is interpolated across them`];
  return { ok: true, points, originMs: firstS * 1000, labels: seriesLabels(series), notes };
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
