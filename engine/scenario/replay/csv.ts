/**
 * The CSV reader both CSV parsers share: rows from text (comma, tab or semicolon; RFC 4180
 * quotes within a line), column options resolved against an optional header row, checks of the
 * options every CSV parser takes, and the row-order check.
 *
 * A header is detected rather than declared: the first row is one when a column is chosen by
 * name, or when a chosen cell of it is not data.
 */
import type { ProblemList } from "./problems";

/** One non-blank CSV line: its 1-based number and its fields, trimmed unless quoted. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Splits text into rows: lines by \n, \r\n or \r; a BOM and blank lines dropped; fields by
 * comma (or by tab or semicolon when the first line has those and no comma); RFC 4180 quotes
 * ("a, b" and "" for a quote) within one line.
 */
export function readCsvRows(text: string, problems: ProblemList): CsvRow[] {
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
export interface ColumnChoice {
  option: string;
  value: string | number | undefined;
  fallback: number;
}

/**
 * Resolves column options against the first row, deciding whether it is a header: it is when a
 * column is chosen by name, or when a chosen cell of it is present but not data (a row missing
 * the cell is data, reported later).
 */
export function resolveColumns(
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
export function checkColumnOption(option: string, value: unknown, problems: ProblemList): void {
  if (value === undefined) return;
  if (typeof value === "string" ? value.trim() === "" : !(Number.isInteger(value) && (value as number) >= 0)) {
    problems.add(option, `expected a header name or a 0-based column index, got ${JSON.stringify(value)}`);
  }
}

/** Problems with the `unit` option. */
export function checkUnitOption(unit: unknown, problems: ProblemList): void {
  if (unit !== "s" && unit !== "ms") problems.add("unit", `expected "s" or "ms" (the unit of numeric times), got ${JSON.stringify(unit)}`);
}

/** The first index whose value is below its predecessor's, or -1 when sorted. */
export function firstDisorder(values: ArrayLike<number>): number {
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) return i;
  return -1;
}
