/**
 * Result sections of the data tier and disaster recovery (issue 9): database clusters with
 * their replication, failovers (RTO, RPO), reads and replica lag, and regions with their DNS
 * failovers and outages. Times in ms, shares as fractions; null where a figure has no value.
 */
import type { LatencySummary, UnavailabilityWindow, WritesSummary } from "./common";

/** One failover (unplanned) or switchover (planned) of a database cluster. */
export interface FailoverReport {
  kind: "failover" | "switchover";
  /** The primary before and after (null when no replica could be promoted before the run ended). */
  from: string;
  to: string | null;
  /**
   * When the failure began: the region outage behind it if there is one, else the injected
   * fault on the old primary (its crash, or the partition, isolation or link fault that cut it
   * off), else (a false suspicion, no fault behind it) the last heartbeat a majority of the
   * manager's witnesses received from it; a switchover: its start. Detection and RTO count from here.
   */
  failedAtMs: number;
  /** Where failedAtMs comes from: "region-outage", "fault", "last-heartbeat" or "switchover". */
  failedSince: "region-outage" | "fault" | "last-heartbeat" | "switchover";
  /** When the last write acknowledged before the failure was detected was acknowledged. */
  lastAckMs: number | null;
  detectedAtMs: number;
  fencedAtMs: number | null;
  promotedAtMs: number | null;
  /** When clients started sending to the new primary. */
  reconnectedAtMs: number | null;
  /** When the new primary acknowledged its first write. */
  firstAckMs: number | null;
  /**
   * The phases, ms: detection (from the failure), fencing (0 without), promotion (choosing,
   * applying what the replica had received, promoting), reconnection, and the first write
   * (clients reconnected to the new primary acknowledging a write: one client round trip).
   * They sum to rtoMs, switchovers (fail back) included: a phase still running at the first
   * write (a switchover's clients writing to the new primary before DNS moved them) is cut there,
   * so reconnectMs is then promotion to first write and firstWriteMs 0 (reconnectedAtMs is when
   * the reconnection really completed).
   */
  detectionMs: number | null;
  fencingMs: number | null;
  promotionMs: number | null;
  reconnectMs: number | null;
  firstWriteMs: number | null;
  /**
   * Time writes were unavailable: from the failure (failedAtMs: the injected fault) to the
   * first write the new primary acknowledged; exactly detection + fencing + promotion +
   * reconnection + first write. Only a false suspicion (failedSince "last-heartbeat") counts
   * from the last heartbeat heard.
   */
  rtoMs: number | null;
  /** Acknowledged writes the new primary did not have (lost), and their age span. */
  rpoWrites: number;
  rpoMs: number | null;
  /** Writes the old primary acknowledged after the new one was promoted (without fencing). */
  splitBrainWrites: number;
  /** Reads that returned stale data from the failure until clients reconnected. */
  staleReads: number;
}

/** One replica of a database cluster. */
export interface ReplicaSummary {
  name: string;
  zone: string;
  /** Role when the run ended. */
  role: "primary" | "replica" | "fenced" | "detached";
  /** Entries received and applied, by the end. */
  received: number;
  applied: number;
  /** Replication lag of the entries it applied (append on the primary to apply here), ms. */
  lagMs: LatencySummary;
}

/** Reads of a database cluster. */
export interface ReadsSummary {
  sent: number;
  servedByPrimary: number;
  servedByReplicas: number;
  /** A replica was too stale (by its own estimate): sent on to the primary, or failed. */
  redirectedToPrimary: number;
  rejectedStale: number;
  timedOut: number;
  /** Reads that missed a write already acknowledged when they were served. */
  stale: number;
  latencyMs: LatencySummary;
}

/** A database cluster (a service with `database:`). */
export interface DatabaseSummary {
  service: string;
  mode: "sync" | "semi-sync" | "async";
  /** sync: confirmations a commit waits for; semi-sync 1; async 0. */
  confirmations: number;
  fencing: boolean;
  replicas: ReplicaSummary[];
  writes: WritesSummary;
  reads: ReadsSummary | null;
  failovers: FailoverReport[];
  /** Acknowledged writes missing from the surviving history at the end (all failovers). */
  writesLost: number;
  /** Writes acknowledged by a primary after a newer one was promoted (two primaries acknowledging at once). */
  splitBrainWrites: number;
  /** semi-sync: times the primary stopped waiting for replicas after the timeout. */
  semiSyncFallbacks: number;
  /** Replica lag per metrics window (same windows as `series`): the largest lag in the window, ms. */
  lag: {
    maxMs: Array<number | null>;
    replicas: Array<{ name: string; maxMs: Array<number | null> }>;
  };
  /** Windows in which a client zone could not write (see the replicated services). */
  unavailability: UnavailabilityWindow[];
  unavailabilityWindowsOmitted: number;
}

/** What a region event did to requests, from its start to the next event (or the end of the run). */
export interface RegionImpact {
  fromMs: number;
  toMs: number;
  requestsOffered: number;
  requestsFailed: number;
  successRate: number | null;
  /** Highest windowed p99 latency in the period, ms. */
  latencyP99MsMax: number | null;
  /** Per SLO: availability SLOs the share of the run's error budget burned in the period; latency SLOs (p99) windows over the threshold. */
  slos: Array<{ name: string; budgetBurned: number | null; windowsOver: number | null }>;
}

/** A DNS failover, fail back, or (active-active) a region leaving or rejoining. */
export interface RegionEventReport {
  kind: "failover" | "fail-back" | "region-down" | "region-up";
  region: string;
  /** Where traffic went (failover, fail back). */
  to: string | null;
  /** When the outage behind it began (an outage the scenario injected), else null. */
  outageAtMs: number | null;
  detectedAtMs: number;
  /** Decision + DNS TTL + propagation. */
  trafficMovedAtMs: number | null;
  /** Outage to traffic served from the other region, ms. */
  requestsRtoMs: number | null;
  /** The database failovers or switchovers that belong to it. */
  databases: Array<{ service: string } & FailoverReport>;
  /** The drill's RTO: the longest of the databases' write RTOs and the requests' RTO, ms. */
  rtoMs: number | null;
  /** RPO: acknowledged writes lost, over its databases. */
  rpoWrites: number;
  /** Request-serving capacity (cores x speed) of the region left and of the one taking over, and the shortfall (1 - to/from, ≥ 0). */
  capacity: { fromCores: number; toCores: number; shortfall: number; toUtilisationPeak: number | null } | null;
  impact: RegionImpact;
}

/** Regions and their global traffic manager. */
export interface RegionsSummary {
  deployment: "active-passive" | "active-active";
  home: string;
  dnsDelayMs: number;
  regions: Array<{ name: string; zones: string[]; cores: number; servingAtEnd: boolean }>;
  outages: Array<{ region: string; fromMs: number; toMs: number | null }>;
  outagesOmitted: number;
  events: RegionEventReport[];
}

/** The data tier's part of the Result. */
export interface DataTierResult {
  databases: DatabaseSummary[];
  multiRegion: RegionsSummary | null;
}
