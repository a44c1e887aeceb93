/**
 * Tables of the data tier (data-tier-result.ts): database clusters side by side (one row per
 * cluster, so replication modes compare), each failover with its RTO phases, and the regions'
 * DNS failovers with detection and DNS phases, RTO and RPO.
 */
import type { DatabaseSummary, RegionsSummary } from "../data-tier-result";
import { columns, maxOrNull, unavailableMs, type ResultTable } from "./table-model";

/** Database clusters, one row each (their mode in the second column); null without any. */
export function databaseTable(databases: readonly DatabaseSummary[], endMs: number): ResultTable | null {
  if (databases.length === 0) return null;
  return {
    id: "databases", title: "Database clusters", rank: "primary",
    columns: columns(
      ["database", "text"], ["mode", "text"], ["failovers", "count"], ["RTO", "ms"], ["RPO writes", "count"], ["RPO", "ms"],
      ["split-brain writes", "count"], ["stale reads", "count"], ["replica lag p99", "ms"], ["writes unavailable", "ms"], ["write p99", "ms"],
    ),
    rows: databases.map((d) => ({
      key: d.service,
      cells: [
        d.service, `${d.mode}${d.fencing ? ", fencing" : ""}`, d.failovers.length, maxOrNull(d.failovers.map((f) => f.rtoMs)), d.writesLost,
        maxOrNull(d.failovers.map((f) => f.rpoMs)), d.splitBrainWrites, d.reads?.stale ?? null,
        maxOrNull(d.replicas.map((r) => r.lagMs.p99)), unavailableMs(d.unavailability, endMs), d.writes.latencyMs.p99,
      ],
    })),
    note: "RTO: the longest failover; RPO writes: acknowledged writes lost over all failovers.",
  };
}

/** Every failover and switchover with its phases (detection + fencing + promotion + reconnection + first write = RTO); null without any. */
export function failoverTable(databases: readonly DatabaseSummary[]): ResultTable | null {
  const rows = databases.flatMap((d) => d.failovers.map((f, i) => ({
    key: `${d.service}#${i + 1}`,
    cells: [
      d.service, d.mode, f.kind, `${f.from} → ${f.to ?? "none"}`, f.failedAtMs, FAILED_SINCE[f.failedSince], f.detectionMs, f.fencingMs, f.promotionMs,
      f.reconnectMs, f.firstWriteMs, f.rtoMs, f.rpoWrites, f.rpoMs, f.staleReads,
    ],
  })));
  if (rows.length === 0) return null;
  return {
    id: "failovers", title: "Database failovers", rank: "primary",
    columns: columns(
      ["database", "text"], ["mode", "text"], ["kind", "text"], ["primary", "text"], ["failed at", "ms"], ["from", "text"], ["detection", "ms"], ["fencing", "ms"],
      ["promotion", "ms"], ["reconnection", "ms"], ["first write", "ms"], ["RTO", "ms"], ["RPO writes", "count"], ["RPO", "ms"], ["stale reads", "count"],
    ),
    rows,
    note: "RTO = detection + fencing + promotion + reconnection + first write: from the failure (the injected fault; a fail back: its start) to the new primary's first acknowledged write.",
  };
}

/** What a failover's start is, in words (the "from" column). */
const FAILED_SINCE: Record<DatabaseSummary["failovers"][number]["failedSince"], string> = {
  "region-outage": "region outage",
  fault: "injected fault",
  "last-heartbeat": "last heartbeat (no fault)",
  switchover: "planned",
};

/** Region events (DNS failovers, fail backs), with detection and DNS phases, RTO and RPO; null without regions. */
export function regionTable(regions: RegionsSummary | null): ResultTable | null {
  if (regions === null) return null;
  return {
    id: "regions", title: `Regions (${regions.deployment}, home ${regions.home})`, rank: "primary",
    columns: columns(["event", "text"], ["region", "text"], ["to", "text"], ["detection", "ms"], ["DNS", "ms"], ["requests RTO", "ms"], ["RTO", "ms"], ["RPO writes", "count"], ["capacity shortfall", "percent"], ["success rate", "percent"]),
    rows: regions.events.map((e, i) => ({
      key: `${e.kind}#${i + 1}`,
      cells: [
        e.kind, e.region, e.to ?? "—", e.outageAtMs === null ? null : e.detectedAtMs - e.outageAtMs,
        e.trafficMovedAtMs === null ? null : e.trafficMovedAtMs - e.detectedAtMs, e.requestsRtoMs, e.rtoMs, e.rpoWrites,
        e.capacity?.shortfall ?? null, e.impact.successRate,
      ],
    })),
    note: `DNS: decision, TTL and propagation (${regions.dnsDelayMs} ms configured). Success rate: requests from the event to the next one.${regions.events.length === 0 ? " No region event happened." : ""}`,
  };
}
