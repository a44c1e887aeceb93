/**
 * The measured value of a mechanism SLO (engine/metrics/slo.ts), read off the Result sections
 * the mechanism filled: one function, so a run judges its SLOs and a reader of a stored Result
 * finds the same figure. The scope names were checked when the scenario compiled; a scope the
 * run did not report (no such section) measures null, which fails the SLO.
 *
 * - writesLost, writeAvailability: the replicated service's or database's writes (acknowledged
 *   over acknowledged + failed; writes still in flight at the end are not judged).
 * - rpo, rto (a database): the worst failover; no failover means nothing lost and no downtime
 *   (0); a failover that never recovered (no RTO) is null. A region: its DNS failovers' RTO,
 *   and the worst RPO of the databases that failed over with it.
 * - detectionTime: the longest detection delay of the detector (or health check); null when it
 *   detected nothing. falseSuspicionsPerHour: its false suspicions over the run's hours.
 * - batchMeanWait, makespan: the policy's mean queue wait and makespan (null unless every job finished).
 * - cacheHitRatio, originPeak: the cache's hit ratio and busiest window's origin requests per second.
 */
import type { MechanismSloSpec } from "../metrics/slo";
import type { ResultCore } from "./headline-metrics";

/** The sections a mechanism SLO reads: a Result without its series, or one being built. */
export type MechanismSections = Pick<ResultCore, "durationMs" | "faults" | "replicated" | "batch" | "caches" | "databases" | "multiRegion">;

/** The value `spec` judges, in its kind's unit; null when the run has none (which fails it). */
export function measureMechanismSlo(spec: MechanismSloSpec, result: MechanismSections): number | null {
  const name = spec.scope.name;
  switch (spec.kind) {
    case "writesLost": {
      const owner = result.replicated.find((r) => r.service === name) ?? result.databases.find((d) => d.service === name);
      return owner === undefined ? null : owner.writesLost;
    }
    case "writeAvailability": {
      const owner = result.replicated.find((r) => r.service === name) ?? result.databases.find((d) => d.service === name);
      if (owner === undefined) return null;
      const judged = owner.writes.acknowledged + owner.writes.failed;
      return judged > 0 ? owner.writes.acknowledged / judged : null;
    }
    case "rpo":
    case "rto":
      return spec.scope.kind === "region" ? regionFigure(spec.kind, name, result) : databaseFigure(spec.kind, name, result);
    case "detectionTime":
      return observer(name, result)?.detectMs.max ?? null;
    case "falseSuspicionsPerHour": {
      const found = observer(name, result);
      return found === undefined || result.durationMs <= 0 ? null : (found.falseSuspicions * 3_600_000) / result.durationMs;
    }
    case "batchMeanWait":
      return result.batch?.policies.find((p) => p.policy === name)?.queueWaitMs.mean ?? null;
    case "makespan":
      return result.batch?.policies.find((p) => p.policy === name)?.makespanMs ?? null;
    case "cacheHitRatio":
      return result.caches.find((c) => c.service === name)?.hitRatio ?? null;
    case "originPeak": {
      const cache = result.caches.find((c) => c.service === name);
      return cache === undefined ? null : cache.fetchesPerSPeak;
    }
  }
}

/** A database's worst failover: RPO as the lost writes' age span (0 when none were lost), RTO as writes unavailable. */
function databaseFigure(kind: "rpo" | "rto", name: string, result: MechanismSections): number | null {
  const database = result.databases.find((d) => d.service === name);
  if (database === undefined) return null;
  return worst(database.failovers.map((f) => (kind === "rto" ? f.rtoMs : f.rpoWrites === 0 ? 0 : f.rpoMs)));
}

/** A region's worst DNS failover (or, active-active, its leaving): RTO as the drill's, RPO over its databases. */
function regionFigure(kind: "rpo" | "rto", name: string, result: MechanismSections): number | null {
  if (result.multiRegion === null) return null;
  const events = result.multiRegion.events.filter((e) => e.region === name && (e.kind === "failover" || e.kind === "region-down"));
  if (kind === "rto") return worst(events.map((e) => e.rtoMs));
  return worst(events.flatMap((e) => e.databases.map((f) => (f.rpoWrites === 0 ? 0 : f.rpoMs))));
}

/** The largest value, 0 for none, null when any is null (a failover that never finished). */
function worst(values: ReadonlyArray<number | null>): number | null {
  let largest = 0;
  for (const value of values) {
    if (value === null) return null;
    if (value > largest) largest = value;
  }
  return largest;
}

function observer(name: string, result: MechanismSections) {
  return result.faults.detectors.find((d) => d.name === name) ?? result.faults.healthChecks.find((h) => h.name === name);
}
