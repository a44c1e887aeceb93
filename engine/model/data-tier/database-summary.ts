/**
 * The Result section of a database cluster (engine/result/data-tier-result.ts): writes,
 * reads, each failover's phases with RTO and RPO, the safety accounting and the lag series.
 *
 * Lost writes are counted against the surviving history, the log of the latest primary: each
 * reign acknowledged the index range [its first write, its highest acknowledged index], and
 * a write is lost when its position there holds another reign's entry or nothing (as for the
 * Raft service, replicated-summary.ts). A write acknowledged by a primary after a newer one
 * was promoted is a split-brain write; with fencing on there are none (the tests check it).
 */
import type { DatabaseSummary, FailoverReport } from "../../result/data-tier-result";
import { finiteOrNull } from "../../result/common";
import { latencySummary } from "../../result/latency-summary";
import type { ManagedDatabase } from "./database";
import { ROLE_PRIMARY, type FailoverRecord } from "./database-state";
import type { DatabaseReads } from "./database-reads";
import { writesSummary } from "../replication/writes-summary";

/** Builds the cluster's Result section at the end of the run. */
export function databaseSummary(db: ManagedDatabase, reads: DatabaseReads | null): DatabaseSummary {
  const endMs = db.model.spec.durationMs;
  db.lag.closeWindow(endMs);
  const outcomes = db.clients.outcomes;
  const history = db.count > 0 ? db.log[db.primary]! : null;
  const spec = db.spec;
  return {
    service: db.name,
    mode: spec.replication.mode,
    confirmations: db.commit.needs,
    fencing: spec.failover.fencing,
    replicas: db.replicaNodes.map((node, r) => ({
      name: db.nameOf(r),
      zone: db.model.spec.zones[db.zoneOf(r)]!.name,
      role: db.role[r] === ROLE_PRIMARY ? (r === db.primary ? "primary" : db.fenced[r] === 1 ? "fenced" : "detached") : db.fenced[r] === 1 ? "fenced" : db.primaryOf[r]! < 0 ? "detached" : "replica",
      received: db.log[r]!.lastIndex,
      applied: db.appliedIndex(r),
      lagMs: latencySummary(db.lag.replicaHistograms[r]!),
    })),
    writes: writesSummary(outcomes),
    reads: reads === null ? null : {
      sent: reads.sent,
      servedByPrimary: reads.servedByPrimary,
      servedByReplicas: reads.servedByReplicas,
      redirectedToPrimary: reads.redirected,
      rejectedStale: reads.rejectedStale,
      timedOut: reads.timedOut,
      stale: reads.stale,
      latencyMs: latencySummary(reads.latency),
    },
    failovers: db.failovers.map((record) => failoverReport(db, record)),
    writesLost: history === null ? 0 : db.reigns.lostWrites(history),
    splitBrainWrites: db.reigns.splitBrainTotal,
    semiSyncFallbacks: db.commit.semiSyncFallbacks,
    lag: {
      maxMs: db.lag.maxMs,
      replicas: db.replicaNodes.map((_, r) => ({ name: db.nameOf(r), maxMs: db.lag.replicaMaxMs[r]! })),
    },
    unavailability: outcomes.windows,
    unavailabilityWindowsOmitted: outcomes.windowsOmitted,
  };
}

/** One failover's report; phases are null when the step did not happen before the run ended. */
export function failoverReport(db: ManagedDatabase, record: FailoverRecord): FailoverReport {
  const diff = (later: number, earlier: number) => finiteOrNull(later - earlier);
  const origin = Number.isFinite(record.outageAtMs) ? record.outageAtMs : record.failedAtMs;
  const fencedOrDetected = Number.isFinite(record.fencedAtMs) ? record.fencedAtMs : record.detectedAtMs;
  // The phases end at the first write: a switchover's clients may write to the new primary before the reconnection (DNS) completes.
  const reconnectEnd = Number.isFinite(record.firstAckMs) && !(record.firstAckMs >= record.reconnectedAtMs) ? record.firstAckMs : record.reconnectedAtMs;
  const staleAfter = Number.isFinite(record.staleReadsAtReconnect) ? record.staleReadsAtReconnect : record.staleReadsAtDetection;
  const detectionMs = diff(record.detectedAtMs, origin);
  const fencingMs = record.kind === "switchover" || !db.spec.failover.fencing ? 0 : diff(record.fencedAtMs, record.detectedAtMs);
  const promotionMs = diff(record.promotedAtMs, fencedOrDetected);
  const reconnectMs = diff(reconnectEnd, record.promotedAtMs);
  const firstWriteMs = diff(record.firstAckMs, reconnectEnd);
  const phases = [detectionMs, fencingMs, promotionMs, reconnectMs, firstWriteMs];
  // The RTO is the sum of its phases, added in this order, so the listed phases give it exactly
  // (firstAckMs - failedAtMs up to rounding); null while a phase is unfinished.
  const rtoMs = phases.some((ms) => ms === null) ? null : phases.reduce<number>((sum, ms) => sum + ms!, 0);
  return {
    kind: record.kind,
    from: db.nameOf(record.oldPrimary),
    to: record.reign > 0 ? db.nameOf(record.newPrimary) : null,
    failedAtMs: origin,
    failedSince: Number.isFinite(record.outageAtMs) ? "region-outage" : record.failedSince,
    lastAckMs: finiteOrNull(record.lastAckMs),
    detectedAtMs: record.detectedAtMs,
    fencedAtMs: finiteOrNull(record.fencedAtMs),
    promotedAtMs: finiteOrNull(record.promotedAtMs),
    reconnectedAtMs: finiteOrNull(record.reconnectedAtMs),
    firstAckMs: finiteOrNull(record.firstAckMs),
    detectionMs, fencingMs, promotionMs, reconnectMs, firstWriteMs, rtoMs,
    rpoWrites: record.rpoWrites,
    rpoMs: record.rpoWrites > 0 ? finiteOrNull(record.rpoMs) : 0,
    splitBrainWrites: record.deposedReign > 0 ? db.reigns.splitBrain[record.deposedReign]! : 0,
    staleReads: record.staleReadsBefore + (staleAfter - record.staleReadsAtDetection),
  };
}
