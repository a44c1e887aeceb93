/**
 * A run's window series as CSV with ISO-8601 times: one row per metrics window (per seed, for
 * replications), the same figures as the exported metrics in plain columns for a spreadsheet
 * or pandas. Columns: `window_start`, `window_end` (UTC, from the chosen start), `scenario`,
 * `seed`, the whole run's rates and latencies, then per group (`group:<name>:...`), per class
 * (`class:<name>:...`), per replicated service (`replicated:<name>:leaders_max`), per rolling update
 * (`update:<group>:old_version_ms`, `new_version_ms`, `old_version_p99_ms`, `new_version_p99_ms`), per cache and per database replica. Numbers are written exactly; a
 * window without a value (no request completed, a version not yet or no longer serving) is an empty cell.
 */
import type { Result } from "../../engine";
import { csvCell } from "../format/csv";

type Cell = string | number | null;

/** One column: its header and its value in window i of a Result. */
interface Column {
  header: string;
  value(result: Result, i: number): Cell;
}

/** The columns of a Result (all Results of one scenario share them). */
function columnsOf(result: Result): Column[] {
  const columns: Column[] = [
    { header: "offered_per_s", value: (r, i) => r.series.offeredPerS[i]! },
    { header: "succeeded_per_s", value: (r, i) => r.series.succeededPerS[i]! },
    { header: "failed_per_s", value: (r, i) => r.series.failedPerS[i]! },
    { header: "error_rate", value: (r, i) => r.series.errorRate[i]! },
    { header: "latency_p50_ms", value: (r, i) => r.series.latencyP50Ms[i]! },
    { header: "latency_p99_ms", value: (r, i) => r.series.latencyP99Ms[i]! },
    { header: "latency_p999_ms", value: (r, i) => r.series.latencyP999Ms[i]! },
    { header: "in_system", value: (r, i) => r.series.inSystem[i]! },
  ];
  result.series.groups.forEach((group, g) => columns.push(
    { header: `group:${group.name}:utilisation`, value: (r, i) => r.series.groups[g]!.utilisation[i]! },
    { header: `group:${group.name}:queue_depth`, value: (r, i) => r.series.groups[g]!.queueLengthMean[i]! },
    { header: `group:${group.name}:nodes_serving`, value: (r, i) => r.series.groups[g]!.nodesUp[i]! },
    { header: `group:${group.name}:nodes`, value: (r, i) => r.series.groups[g]!.nodesTotal[i]! },
  ));
  result.series.classes.forEach((cls, c) => columns.push(
    { header: `class:${cls.name}:succeeded_per_s`, value: (r, i) => r.series.classes[c]!.succeededPerS[i]! },
    { header: `class:${cls.name}:failed_per_s`, value: (r, i) => r.series.classes[c]!.failedPerS[i]! },
    { header: `class:${cls.name}:latency_p99_ms`, value: (r, i) => r.series.classes[c]!.latencyP99Ms[i]! },
  ));
  result.series.replicated.forEach((service, k) => columns.push({ header: `replicated:${service.name}:leaders_max`, value: (r, i) => r.series.replicated[k]!.leadersMax[i]! }));
  result.series.rollingUpdates.forEach((update, k) => columns.push(
    { header: `update:${update.name}:old_version_ms`, value: (r, i) => r.series.rollingUpdates[k]!.oldVersionMs[i] ?? null },
    { header: `update:${update.name}:new_version_ms`, value: (r, i) => r.series.rollingUpdates[k]!.newVersionMs[i] ?? null },
    { header: `update:${update.name}:old_version_p99_ms`, value: (r, i) => r.series.rollingUpdates[k]!.oldVersionP99Ms[i] ?? null },
    { header: `update:${update.name}:new_version_p99_ms`, value: (r, i) => r.series.rollingUpdates[k]!.newVersionP99Ms[i] ?? null },
  ));
  result.caches.forEach((cache, k) => columns.push({ header: `cache:${cache.service}:hit_ratio`, value: (r, i) => r.caches[k]!.series.hitRatio[i]! }));
  result.databases.forEach((db, d) => db.lag.replicas.forEach((replica, p) => columns.push({
    header: `replica:${db.service}:${replica.name}:lag_ms`,
    value: (r, i) => r.databases[d]!.lag.replicas[p]!.maxMs[i] ?? null,
  })));
  return columns;
}

/** The CSV of one or more Results of one scenario, windows stamped from `startEpochMs`. */
export function formatSeriesCsv(results: readonly Result[], startEpochMs: number): string {
  const columns = results.length === 0 ? [] : columnsOf(results[0]!);
  const lines = [["window_start", "window_end", "scenario", "seed", ...columns.map((c) => c.header)].map(csvCell).join(",")];
  const iso = (ms: number) => new Date(startEpochMs + Math.round(ms)).toISOString();
  for (const result of results) {
    const starts = result.series.startMs;
    starts.forEach((startMs, i) => {
      const endMs = i + 1 < starts.length ? starts[i + 1]! : result.durationMs;
      const row: Cell[] = [iso(startMs), iso(endMs), result.scenario, result.seed, ...columns.map((column) => column.value(result, i))];
      lines.push(row.map(csvCell).join(","));
    });
  }
  return `${lines.join("\n")}\n`;
}
