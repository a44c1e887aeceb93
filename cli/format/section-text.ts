/**
 * The Result's section tables (the engine's `resultTables` models) as plain text for the
 * terminal: a title, the columns laid out by `formatColumns` (numbers right-aligned), and the
 * table's note. The same models draw the HTML report and the browser's run view.
 */
import { formatCell, type ResultTable } from "../../engine";
import { formatColumns } from "./text";

/** One table: `title`, header and rows, then its note (if any). */
export function formatSectionTable(table: ResultTable): string {
  const header = table.columns.map((column) => column.label);
  const rows = table.rows.map((row) => row.cells.map((cell, i) => formatCell(cell, table.columns[i]!.unit)));
  const align = table.columns.map((column) => (column.unit === "text" ? "left" as const : "right" as const));
  const note = table.note === null ? "" : `${table.note}\n`;
  return `${table.title}\n${formatColumns([header, ...rows], align)}${note}`;
}
