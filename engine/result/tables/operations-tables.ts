/**
 * Tables of the operations sections (operations-result.ts) other than replication: the batch
 * cluster's queue policies side by side, autoscalers (nodes ordered vs serving, boot lag),
 * rolling updates (progress, serving capacity) and the placement scheduler.
 *
 * Boot lag is read off the autoscaler's evaluations: the longest stretch of consecutive
 * evaluations at which the group had nodes ordered but not yet serving, so it is accurate to
 * one evaluation interval.
 */
import type { AutoscalerSummary, BatchSummary, PlacementSummary, RollingUpdateSummary } from "../operations-result";
import { columns, type ResultTable } from "./table-model";

/** Batch queue policies, one row each; null without a batch cluster. */
export function batchTable(batch: BatchSummary | null): ResultTable | null {
  if (batch === null || batch.policies.length === 0) return null;
  return {
    id: "batch-policies", title: `Batch queue policies (${batch.nodes} nodes × ${batch.coresPerNode} cores)`, rank: "primary",
    columns: columns(["policy", "text"], ["utilisation", "percent"], ["makespan", "ms"], ["mean wait", "ms"], ["p99 wait", "ms"], ["jobs completed", "count"], ["jobs submitted", "count"], ["backfilled", "count"], ["bounded slowdown", "number"]),
    rows: batch.policies.map((p) => ({
      key: p.policy,
      cells: [p.policy, p.utilisation, p.makespanMs, p.queueWaitMs.mean, p.queueWaitMs.p99, p.jobsCompleted, p.jobsSubmitted, p.jobsBackfilled, p.boundedSlowdownMean],
    })),
    note: "Every policy runs the same job stream; makespan is shown only when every job completed.",
  };
}

/** The longest run of consecutive evaluations with nodes ordered but not serving, ms (0 if none). */
export function bootLagMs(series: AutoscalerSummary["series"]): number {
  let longest = 0;
  let since: number | null = null;
  for (let i = 0; i < series.atMs.length; i++) {
    const waiting = series.nodes[i]! > series.nodesUp[i]!;
    if (waiting && since === null) since = series.atMs[i]!;
    if (!waiting && since !== null) {
      longest = Math.max(longest, series.atMs[i]! - since);
      since = null;
    }
  }
  if (since !== null && series.atMs.length > 0) longest = Math.max(longest, series.atMs[series.atMs.length - 1]! - since);
  return longest;
}

/** Autoscalers, one row per group; null without any. */
export function autoscalingTable(autoscaling: readonly AutoscalerSummary[]): ResultTable | null {
  if (autoscaling.length === 0) return null;
  return {
    id: "autoscaling", title: "Autoscaling", rank: "secondary",
    columns: columns(["group", "text"], ["evaluations", "count"], ["scale-ups", "count"], ["scale-downs", "count"], ["nodes added", "count"], ["nodes removed", "count"], ["fewest", "count"], ["most", "count"], ["most ordered, not serving", "count"], ["boot lag", "ms"], ["jobs lost draining", "count"]),
    rows: autoscaling.map((a) => {
      const s = a.series;
      let waitingMax = 0;
      for (let i = 0; i < s.nodes.length; i++) waitingMax = Math.max(waitingMax, s.nodes[i]! - s.nodesUp[i]!);
      return { key: a.group, cells: [a.group, a.evaluations, a.scaleUps, a.scaleDowns, a.nodesAdded, a.nodesRemoved, a.nodesLow, a.nodesPeak, waitingMax, bootLagMs(s), a.jobsLostDraining] };
    }),
    note: "Booting nodes are ordered but not yet serving; they are not failures. Boot lag: longest stretch with nodes booting, to one evaluation interval.",
  };
}

/** Rolling updates, one row each; null without any. */
export function rollingUpdateTable(updates: readonly RollingUpdateSummary[], endMs: number): ResultTable | null {
  if (updates.length === 0) return null;
  return {
    id: "rolling-updates", title: "Rolling updates", rank: "secondary",
    columns: columns(["group", "text"], ["started", "ms"], ["took", "ms"], ["replaced", "count"], ["nodes", "count"], ["fewest serving", "count"], ["serving capacity low", "percent"], ["most alive", "count"], ["requests during", "count"], ["failed during", "count"], ["jobs lost draining", "count"], ["p99 at node, old", "ms"], ["p99 at node, new", "ms"]),
    rows: updates.map((u) => ({
      key: u.group,
      cells: [u.group, u.startedAtMs, u.finishedAtMs === null ? null : u.finishedAtMs - u.startedAtMs, u.replaced, u.nodes, u.availableMin, u.nodes > 0 ? u.availableMin / u.nodes : null, u.totalMax, u.requestsCompleted, u.requestsFailed, u.jobsLostDraining, u.timeAtNode.old.latencyMs.p99, u.timeAtNode.new.latencyMs.p99],
    })),
    note: [
      "p99 at node: a job's queue wait and service on the group's old-version nodes and on the nodes the update started, over the run after warm-up.",
      ...(updates.some((u) => u.finishedAtMs === null) ? [`An update with no "took" had not finished when the run ended at ${Math.round(endMs / 1000)} s.`] : []),
    ].join(" "),
  };
}

/** The placement scheduler: one row per placed service, and its totals in the note; null without placement. */
export function placementTable(placement: PlacementSummary | null): ResultTable | null {
  if (placement === null) return null;
  const p = placement;
  return {
    id: "placement", title: `Placement (${p.policy})`, rank: "secondary",
    columns: columns(["service", "text"], ["instances", "count"], ["running", "count"], ["pending", "count"], ["hosts", "count"], ["zones", "text"]),
    rows: p.services.map((s) => ({
      key: s.service,
      cells: [s.service, s.instances, s.running, s.pending, s.hosts.length, s.zones.map((z) => `${z.zone} ${z.instances}`).join(", ")],
    })),
    note: `${p.evicted} evicted with a failed host, ${p.rescheduled} rescheduled (mean ${p.rescheduleDelayMsMean === null ? "—" : `${Math.round(p.rescheduleDelayMsMean)} ms`}), ${p.unschedulable} unschedulable.`,
  };
}
