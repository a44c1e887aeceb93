/**
 * DataTierSpec: the compiled, unit-free description of the data tier and disaster recovery
 * (issue 9): database clusters with primary/replica replication managed by an HA cluster
 * manager, and regions behind a DNS-based global traffic manager. Like ModelSpec (spec.ts):
 * every duration in ms, every rate per second, every reference an integer index.
 * engine/scenario/compile-data.ts builds it; engine/model/data-tier/data-tier.ts installs it.
 */
import type { DistributionSpec } from "../../core/distributions";
import type { FailureDetectorOptions } from "../faults/failure-detector";

/**
 * What a commit waits for before the client is acknowledged:
 * - sync: confirmations from `syncReplicas` replicas (any of them; PostgreSQL's ANY n);
 * - semi-sync: the first confirmation from any replica, for at most `semiSyncTimeoutMs`, then
 *   none until a replica has caught up again (MySQL's semi-synchronous replication);
 * - async: nothing; replicas apply the log when it reaches them.
 */
export type ReplicationMode = "sync" | "semi-sync" | "async";

/** A database cluster: the nodes of a service's groups as one primary and its replicas. */
export interface DatabaseSpec {
  serviceIndex: number;
  replication: {
    mode: ReplicationMode;
    /** sync: replicas that must confirm an entry (1 ≤ n ≤ replicas - 1). */
    syncReplicas: number;
    /** A replica confirms an entry once it has received it (flushed to its log) or once it has applied it. */
    confirmOn: "received" | "applied";
    /** semi-sync: longest wait for a confirmation before falling back to async, ms. */
    semiSyncTimeoutMs: number;
    /** Time a replica's single applier spends on one entry, ms (its capacity is 1 / mean). */
    applyTime: DistributionSpec;
  };
  failover: {
    /** Every replica sends a heartbeat to every witness this often, ms. */
    heartbeatIntervalMs: number;
    /** The witnesses run their detectors this often, ms. */
    checkIntervalMs: number;
    detector: FailureDetectorOptions;
    /** Zones of the manager's witnesses; a replica is down when a majority of them suspect it. */
    witnessZoneIndexes: number[];
    /** STONITH: cut the old primary off before promoting a replica. */
    fencing: boolean;
    /** Time from the decision to a confirmed fence, ms. */
    fencingDelayMs: number;
    /** Time to promote the chosen replica once it has applied what it received, ms. */
    promotionMs: number;
    /** Time from promotion to clients sending to the new primary, ms; -1: the regions' DNS delay. */
    reconnectMs: number;
  };
  writes: {
    ratePerS: number;
    timeoutMs: number;
    /** Zones the writing clients sit in, spread evenly (indexes into zones). */
    clientZoneIndexes: number[];
    /** Only clients in regions that get traffic are active (the application moves with DNS). */
    followTraffic: boolean;
    /** Pause before a client retries a write a non-primary refused, ms. */
    retryBackoffMs: number;
  };
  reads: DatabaseReadsSpec | null;
}

/** Reads of a database cluster, from the same client zones as its writes. */
export interface DatabaseReadsSpec {
  ratePerS: number;
  timeoutMs: number;
  /** Read from the primary, or spread over the replicas. */
  from: "primary" | "replicas";
  /** A replica that estimates itself staler than this does not serve the read, ms; Infinity = no bound. */
  maxStalenessMs: number;
  /** What happens to a read a replica is too stale for: sent on to the primary, or failed. */
  whenStale: "primary" | "fail";
}

/** A region outage: scheduled (a drill pulling the plug) or a failure process. */
export type RegionOutageSpec =
  | { kind: "scheduled"; label: string; regionIndex: number; atMs: number; forMs: number }
  | { kind: "process"; label: string; regionIndex: number; timeToFailure: DistributionSpec; timeToRepair: DistributionSpec };

/** Regions behind a global traffic manager (DNS failover). */
export interface RegionsSpec {
  /** Regions in topology order with their zones. */
  regions: Array<{ name: string; zoneIndexes: number[] }>;
  /** active-passive: one region serves, the others are warm standbys; active-active: all serve. */
  deployment: "active-passive" | "active-active";
  /** The region serving at the start (active-passive) and the one to fail back to. */
  homeRegion: number;
  /** Clients follow a changed DNS answer after the record's TTL plus propagation, ms. */
  dnsTtlMs: number;
  dnsPropagationMs: number;
  /** The traffic manager probes each region this often; a region changes state after this many probes in a row. */
  healthCheck: { intervalMs: number; unhealthyThreshold: number; healthyThreshold: number };
  /** Fail back to the home region once it has been healthy this long, ms; Infinity = stay. */
  failBackAfterMs: number;
  outages: RegionOutageSpec[];
}

/** Everything issue 9's data-tier and DR mechanisms need for one run. */
export interface DataTierSpec {
  databases: DatabaseSpec[];
  regions: RegionsSpec | null;
}

/** A DataTierSpec with nothing switched on. */
export function emptyDataTier(): DataTierSpec {
  return { databases: [], regions: null };
}
