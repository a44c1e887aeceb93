/**
 * The outputs of `clustersim lesson check --class`: the graded table as CSV (one row per
 * condition of each answer, so a spreadsheet can filter and pivot it; an answer with no
 * conditions, an error, is one row) or JSON (one object per answer), and a printable summary
 * as text or a self-contained HTML page: a grid of students against lessons (PASS, FAIL or
 * ERROR), pass counts per lesson, then every answer's conditions with the measured values and
 * every error in full.
 */
import { csvCell } from "./csv";
import { formatColumns } from "./text";
import { xmlEscape } from "./xml";
import { htmlPage } from "../report/html-page";
import type { GradedAnswer } from "../lesson-class";

/** The CSV columns, in order. */
export const CLASS_CSV_COLUMNS = ["student", "lesson", "order", "file", "seed", "status", "condition", "run", "passed", "measured", "measuredText", "required", "error"] as const;

/** The graded table as CSV: one row per condition (per answer when it has none). */
export function formatClassCsv(rows: readonly GradedAnswer[]): string {
  const lines = [CLASS_CSV_COLUMNS.join(",")];
  for (const row of rows) {
    const head = [row.student, row.lesson, row.order, row.file, row.seed, row.status];
    if (row.conditions.length === 0) lines.push([...head, null, null, null, null, null, null, row.error].map(csvCell).join(","));
    for (const c of row.conditions) lines.push([...head, c.label, c.run, c.passed, c.measured, c.measuredText, c.required, row.error].map(csvCell).join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** The graded table as JSON: `{ answers: [...], summary: {...} }`. */
export function formatClassJson(rows: readonly GradedAnswer[]): string {
  return `${JSON.stringify({ answers: rows, summary: summarise(rows) }, null, 2)}\n`;
}

/** Counts over the graded answers. */
export interface ClassSummary {
  students: number;
  answers: number;
  passed: number;
  failed: number;
  errors: number;
  /** Per lesson (in lesson order; unknown lessons last): answers and passes. */
  lessons: Array<{ lesson: string; answers: number; passed: number }>;
}

/** Counts the graded answers. */
export function summarise(rows: readonly GradedAnswer[]): ClassSummary {
  const lessons = lessonColumns(rows).map((lesson) => {
    const of = rows.filter((r) => r.lesson === lesson);
    return { lesson, answers: of.length, passed: of.filter((r) => r.status === "pass").length };
  });
  return {
    students: new Set(rows.map((r) => r.student)).size,
    answers: rows.length,
    passed: rows.filter((r) => r.status === "pass").length,
    failed: rows.filter((r) => r.status === "fail").length,
    errors: rows.filter((r) => r.status === "error").length,
    lessons,
  };
}

/** The printable summary as text: the grid, the counts, the details. */
export function formatClassText(rows: readonly GradedAnswer[]): string {
  const columns = lessonColumns(rows);
  const students = [...new Set(rows.map((r) => r.student))];
  const grid = [["student", ...columns.map((l) => orderOf(rows, l))]];
  for (const student of students) grid.push([student, ...columns.map((l) => cell(rows, student, l))]);
  const summary = summarise(rows);
  const lines = [
    `Class results: ${summary.students} students, ${summary.answers} answers: ${summary.passed} pass, ${summary.failed} fail, ${summary.errors} could not be graded.`,
    "",
    formatColumns(grid).trimEnd(),
    "",
    "Passes per lesson:",
    ...formatColumns(summary.lessons.map((l) => [`  ${orderOf(rows, l.lesson)}`, `${l.passed} of ${l.answers}`])).trimEnd().split("\n"),
    "",
  ];
  for (const row of rows) {
    lines.push(`${row.status.toUpperCase()} ${row.file}: lesson ${orderOf(rows, row.lesson)}${row.seed === null ? "" : `, seed ${row.seed}`}`);
    for (const c of row.conditions) lines.push(`  ${c.passed ? "✓" : "✗"} ${c.label} in ${c.run}: ${c.measuredText}; required ${c.required}`);
    if (row.error !== null) lines.push(`  ! ${row.error}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The printable summary as a self-contained HTML page. */
export function formatClassHtml(rows: readonly GradedAnswer[], title: string): string {
  const columns = lessonColumns(rows);
  const students = [...new Set(rows.map((r) => r.student))];
  const summary = summarise(rows);
  const badge = (status: string) => (status === "" ? "<td></td>" : `<td class="${status === "PASS" ? "pass" : "fail"}">${status}</td>`);
  const body = [
    `<h1>${xmlEscape(title)}</h1>`,
    `<p class="meta">${summary.students} students, ${summary.answers} answers: ${summary.passed} pass, ${summary.failed} fail, ${summary.errors} could not be graded.</p>`,
    "<table>",
    `<tr><th>student</th>${columns.map((l) => `<th>${xmlEscape(orderOf(rows, l))}</th>`).join("")}</tr>`,
    ...students.map((s) => `<tr><th>${xmlEscape(s)}</th>${columns.map((l) => badge(cell(rows, s, l))).join("")}</tr>`),
    `<tr><th>passes</th>${summary.lessons.map((l) => `<td class="num">${l.passed} / ${l.answers}</td>`).join("")}</tr>`,
    "</table>",
    "<h2>Answers</h2>",
  ];
  for (const row of rows) {
    body.push(`<h3>${xmlEscape(row.file)} <span class="verdict ${row.status === "pass" ? "pass" : "fail"}">${row.status.toUpperCase()}</span></h3>`);
    body.push(`<p class="meta">lesson ${xmlEscape(orderOf(rows, row.lesson))}${row.seed === null ? "" : `, seed ${row.seed}`}</p>`);
    if (row.conditions.length > 0) {
      body.push("<table><tr><th>condition</th><th>run</th><th>measured</th><th>required</th><th></th></tr>");
      for (const c of row.conditions) body.push(`<tr><td>${xmlEscape(c.label)}</td><td>${xmlEscape(c.run)}</td><td class="num">${xmlEscape(c.measuredText)}</td><td>${xmlEscape(c.required)}</td>${badge(c.passed ? "PASS" : "FAIL")}</tr>`);
      body.push("</table>");
    }
    if (row.error !== null) body.push(`<p class="note">${xmlEscape(row.error)}</p>`);
  }
  return htmlPage({ title, style: "h3 { font-size: 1em; margin: 1.2em 0 0.2em; } @media print { h3 { break-after: avoid; } }", body });
}

/** The lessons graded, in lesson order (names of no lesson last, by name). */
function lessonColumns(rows: readonly GradedAnswer[]): string[] {
  const seen = new Map<string, number>();
  for (const r of rows) if (r.lesson !== "") seen.set(r.lesson, r.order ?? Number.MAX_SAFE_INTEGER);
  return [...seen.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([lesson]) => lesson);
}

/** "11 replication", or the name alone for a lesson that does not exist. */
function orderOf(rows: readonly GradedAnswer[], lesson: string): string {
  const order = rows.find((r) => r.lesson === lesson)?.order ?? null;
  return order === null ? lesson : `${order} ${lesson}`;
}

/** A student's grade for a lesson: PASS, FAIL, ERROR, or empty when there is no answer. */
function cell(rows: readonly GradedAnswer[], student: string, lesson: string): string {
  const row = rows.find((r) => r.student === student && r.lesson === lesson);
  return row === undefined ? "" : row.status.toUpperCase();
}
