// The Result's table models (table-model.ts explains them), for engine/index.ts.
export { formatCell, type ColumnUnit, type ResultTable, type TableCell, type TableColumn, type TableRank, type TableRow } from "./table-model";
export { hasMechanismTables, hasRequestHeadline, resultTables } from "./result-tables";
export { bootLagMs } from "./operations-tables";
export { hybridTable } from "./hybrid-tables";
