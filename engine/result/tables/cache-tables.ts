/**
 * The caches' table (cache-result.ts): one row per cache service with hit ratio, origin
 * offload and the origin's peak load first, then stampede height and how long a restarted
 * node took to warm up again.
 */
import type { CacheSummary } from "../cache-result";
import { columns, maxOrNull, type ResultTable } from "./table-model";

/** Caches, one row each; null without any. */
export function cacheTable(caches: readonly CacheSummary[]): ResultTable | null {
  if (caches.length === 0) return null;
  return {
    id: "caches", title: "Caches", rank: "primary",
    columns: columns(["cache", "text"], ["policy", "text"], ["hit ratio", "percent"], ["origin offload", "percent"], ["origin mean", "per-second"], ["origin peak", "per-second"], ["stampede height", "count"], ["restarts", "count"], ["recovery after restart", "ms"], ["lookups", "count"]),
    rows: caches.map((c) => ({
      key: c.service,
      cells: [c.service, `${c.policy}${c.coalesce ? ", coalescing" : ""}`, c.hitRatio, c.originOffload, c.fetchesPerSMean, c.fetchesPerSPeak, c.fetchesInFlightPerKeyMax, c.restarts.length + c.restartsOmitted, maxOrNull(c.restarts.map((r) => r.recoveryMs)), c.lookups],
    })),
    note: "Origin peak: the busiest window's origin requests per second; recovery: the slowest restarted node back to 90 % of its hit ratio.",
  };
}
