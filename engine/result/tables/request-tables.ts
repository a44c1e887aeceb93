/**
 * Request tables (requests-result.ts, nodes-result.ts): request classes side by side — in a
 * scenario that puts designs next to each other as classes, each design is a row, never
 * averaged into one headline (the pooled figures come last, labelled so) — then per service
 * and per node group.
 */
import type { GroupSummary } from "../nodes-result";
import type { FailureCounts, RequestSummary, ServiceSummary } from "../requests-result";
import { columns, type ResultTable, type TableCell } from "./table-model";

function classCells(name: string, r: RequestSummary): TableCell[] {
  return [name, r.offered, r.successRate, r.failed, r.goodputPerS, r.latencyMs.p50, r.latencyMs.p99, r.latencyMs.p999];
}

/** Request classes side by side with a last pooled row; null unless the run has two classes or more with requests. */
export function classTable(classes: ReadonlyArray<{ name: string } & RequestSummary>, all: RequestSummary): ResultTable | null {
  if (classes.length < 2 || all.offered === 0) return null;
  return {
    id: "classes", title: "Requests per class", rank: "primary",
    columns: columns(["class", "text"], ["offered", "count"], ["success rate", "percent"], ["failed", "count"], ["goodput", "per-second"], ["p50", "ms"], ["p99", "ms"], ["p99.9", "ms"]),
    rows: [...classes.map((c) => ({ key: c.name, cells: classCells(c.name, c) })), { key: "all", cells: classCells("all classes, pooled", all) }],
    note: "Latency of successful requests, after warm-up.",
  };
}

/** Failures of the causes the service table has no column of its own for (unavailable, circuit open, error, abandoned). */
function otherFailures(f: FailureCounts): number {
  return f.unavailable + f["circuit-open"] + f.error + f.abandoned;
}

/** Services as their callers saw them; null without any. */
export function serviceTable(services: readonly ServiceSummary[]): ResultTable | null {
  const called = services.filter((s) => s.attempts > 0);
  if (called.length === 0) return null;
  return {
    id: "services", title: "Services", rank: "detail",
    columns: columns(["service", "text"], ["attempts", "count"], ["succeeded", "count"], ["timed out", "count"], ["rejected", "count"], ["down or crashed", "count"], ["other failures", "count"], ["retries", "count"], ["p99", "ms"], ["waited", "percent"], ["wait mean", "ms"], ["utilisation", "percent"], ["queue max", "count"]),
    rows: called.map((s) => ({ key: s.name, cells: [s.name, s.attempts, s.succeeded, s.failedByCause.timeout, s.failedByCause.rejected, s.failedByCause["node-down"] + s.failedByCause.crashed, otherFailures(s.failedByCause), s.retries, s.latencyMs.p99, s.queueWait.waitedShare, s.queueWait.waitMs.mean, s.utilisation, s.queueLengthMax] })),
    note: null,
  };
}

/** Node groups; null without any. */
export function groupTable(groups: readonly GroupSummary[]): ResultTable | null {
  if (groups.length === 0) return null;
  return {
    id: "groups", title: "Node groups", rank: "detail",
    columns: columns(
      ["group", "text"], ["nodes", "count"], ["utilisation", "percent"], ["queue mean", "number"], ["queue max", "count"],
      ["serving", "percent"], ["booting", "percent"], ["draining", "percent"], ["down", "percent"], ["node-hours", "number"], ["cost", "money"],
    ),
    rows: groups.map((g) => ({
      key: g.name,
      cells: [
        g.name, g.nodes, g.utilisation, g.queueLengthMean, g.queueLengthMax, g.capacity?.servingShare ?? null, g.capacity?.bootingShare ?? null,
        g.capacity?.drainingShare ?? null, g.capacity?.downShare ?? null, g.nodeHours, g.cost,
      ],
    })),
    note: "Serving, booting, draining, down: shares of the node-time provisioned; booting and draining are planned (scaling, updates), only down is failure. Cost in USD.",
  };
}
