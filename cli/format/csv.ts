/**
 * CSV output: a header and one row per run (one row for a single run, one per seed for a
 * replication set), with the headline metrics and every SLO's measured value and verdict.
 * Numbers are written exactly (JavaScript's shortest round-trip form); no data is an empty
 * cell. RFC 4180 quoting, `\n` line ends.
 */
import { HEADLINE_METRICS, type Result } from "../../engine";

/** Quotes a cell when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text of one or more Results of the same scenario (rows in the order given). */
export function formatResultsCsv(results: readonly Result[]): string {
  const slos = results[0]?.slos ?? [];
  const header = ["scenario", "seed", "events", ...HEADLINE_METRICS.map((metric) => metric.key)];
  for (const slo of slos) header.push(`slo:${slo.name}:measured`, `slo:${slo.name}:passed`);
  header.push("slosPassed");
  const lines = [header.map(csvCell).join(",")];
  for (const result of results) {
    const row: Array<string | number | boolean | null> = [result.scenario, result.seed, result.events];
    for (const metric of HEADLINE_METRICS) row.push(metric.get(result));
    for (const slo of result.slos) row.push(slo.measured, slo.passed);
    row.push(result.slosPassed);
    lines.push(row.map(csvCell).join(","));
  }
  return `${lines.join("\n")}\n`;
}
