/**
 * Request classes from an access log: a column of the log (the path, the method) decides each
 * request's class by rules tried in order, first match wins. A rule's value matches a cell
 * exactly, or by prefix when it ends in `*` (`/checkout*`); `*` alone matches anything (a
 * catch-all last rule). A request no rule matches is a problem, listed with its value, so a
 * forgotten path is never silently replayed as another class.
 */
import type { CsvRow } from "./csv";
import { ProblemList, type ReplayProblem } from "./problems";

/** How to classify the rows of a trace. */
export interface TraceClassRules {
  /** The column holding the value to match: a header name or 0-based index. */
  column: string | number;
  /** Rules in order: a value (exact, or a prefix ending in `*`) and the class index it gives. */
  match: ReadonlyArray<{ value: string; classIndex: number }>;
}

/** Distinct unmatched values listed in the problem. */
const UNMATCHED_SHOWN = 5;

/** Whether a rule value matches a cell: exact, or a prefix when it ends in `*`. */
export function ruleMatches(rule: string, cell: string): boolean {
  return rule.endsWith("*") ? cell.startsWith(rule.slice(0, -1)) : cell === rule;
}

/**
 * The class index of every row, in row order, or the problems: rows missing the column, and
 * values no rule matches (the first few distinct ones, with how many rows each).
 */
export function classifyRows(
  rows: readonly CsvRow[],
  options: { index: number; label: string; rules: TraceClassRules },
): { ok: true; classIndexes: Int32Array } | { ok: false; problems: ReplayProblem[] } {
  const problems = new ProblemList();
  const classIndexes = new Int32Array(rows.length);
  const unmatched = new Map<string, { rows: number; line: number }>();
  rows.forEach((row, i) => {
    const cell = row.fields[options.index];
    if (cell === undefined) {
      problems.add(options.label, `the row has ${row.fields.length} field(s), so column ${options.index} (the class column) is missing`, row.line);
      return;
    }
    const rule = options.rules.match.find((candidate) => ruleMatches(candidate.value, cell));
    if (rule !== undefined) {
      classIndexes[i] = rule.classIndex;
      return;
    }
    const seen = unmatched.get(cell);
    if (seen === undefined) unmatched.set(cell, { rows: 1, line: row.line });
    else seen.rows += 1;
  });
  if (unmatched.size > 0) {
    const values = [...unmatched.entries()];
    const shown = values.slice(0, UNMATCHED_SHOWN).map(([value, seen]) => `${JSON.stringify(value)} (${seen.rows} row${seen.rows === 1 ? "" : "s"}, first on line ${seen.line})`);
    const more = values.length > UNMATCHED_SHOWN ? ` and ${values.length - UNMATCHED_SHOWN} more values` : "";
    problems.add("classes.match", `no rule matches ${shown.join(", ")}${more}; add rules for them, or a last rule { value: "*", class: <name> } for the rest`);
  }
  if (!problems.empty) return { ok: false, problems: problems.list() };
  return { ok: true, classIndexes };
}
