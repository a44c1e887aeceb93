/**
 * The replicated services' table (operations-result.ts, `replicated`): one row per cluster,
 * side by side, with what a partition costs first — acknowledged writes lost, the most
 * leaders at once and for how long, and how long writes were unavailable.
 */
import type { ReplicatedSummary } from "../operations-result";
import { columns, unavailableMs, type ResultTable } from "./table-model";

/** Replicated services, one row each; null without any. */
export function replicatedTable(replicated: readonly ReplicatedSummary[], endMs: number): ResultTable | null {
  if (replicated.length === 0) return null;
  return {
    id: "replicated", title: "Replicated services", rank: "primary",
    columns: columns(
      ["service", "text"], ["replication", "text"], ["acknowledged writes lost", "count"], ["most leaders", "count"], ["split-brain time", "ms"],
      ["writes unavailable", "ms"], ["writes failed", "count"], ["writes acknowledged", "count"], ["elections won", "count"], ["write p99", "ms"],
    ),
    rows: replicated.map((r) => ({
      key: r.service,
      cells: [
        r.service, `${r.quorum ? "quorum" : "async"}, ${r.replicas} replicas`, r.writesLost, r.leadersMax, r.multipleLeadersMs,
        unavailableMs(r.unavailability, endMs), r.writes.failed, r.writes.acknowledged, r.electionsWon, r.writes.latencyMs.p99,
      ],
    })),
    note: "Writes unavailable: total time a client zone's writes all failed (zones add up).",
  };
}
