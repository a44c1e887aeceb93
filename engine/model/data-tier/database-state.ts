/**
 * What the files of a database cluster share: the replica roles, the record of a failover,
 * and {@link DatabaseState}, the cluster as its clients (database-clients.ts) and its commit
 * rule (database-commit.ts) see it. ManagedDatabase (database.ts) builds those two parts, so
 * they must not import database.ts back; they hold the cluster through this interface, which
 * ManagedDatabase implements. The HA manager, the reads and the summaries are built from
 * outside (data-tier.ts) and take ManagedDatabase itself.
 */
import type { ClusterModel } from "../cluster-model";
import type { RaftLog } from "../replication/raft-log";
import type { DatabaseSpec } from "./data-tier-spec";

/** Role of a replica: following a primary (or detached, fenced, a candidate). */
export const ROLE_REPLICA = 0;
/** Role of a replica: acting as primary of its reign (possibly deposed without knowing it). */
export const ROLE_PRIMARY = 1;

/** One failover or switchover, as it happened (times in ms; NaN: did not happen). */
export interface FailoverRecord {
  kind: "failover" | "switchover";
  oldPrimary: number;
  /** The promoted replica; -1 until chosen. */
  newPrimary: number;
  /** Reign of the new primary, and the reign it ended; 0 until promoted. */
  reign: number;
  deposedReign: number;
  /** When the last write acknowledged before detection was acknowledged. */
  lastAckMs: number;
  /**
   * When the failure began: the injected fault behind it (crash, partition, isolation, link
   * fault), else (a false suspicion) the last heartbeat a majority of witnesses received from
   * the old primary; a switchover: its start. A region outage overrides it (outageAtMs).
   */
  failedAtMs: number;
  /** Where failedAtMs comes from. */
  failedSince: "fault" | "last-heartbeat" | "switchover";
  detectedAtMs: number;
  fencedAtMs: number;
  chosenAtMs: number;
  promotedAtMs: number;
  reconnectedAtMs: number;
  /** When the new primary acknowledged its first write. */
  firstAckMs: number;
  /** Acknowledged writes the new primary did not have when promoted. */
  rpoWrites: number;
  /** Age span of those writes: append time of the newest lost minus the oldest the new primary lacks. */
  rpoMs: number;
  /** Stale reads from the failure to detection, and the stale-read counter at detection and at reconnection. */
  staleReadsBefore: number;
  staleReadsAtDetection: number;
  staleReadsAtReconnect: number;
  /** A region outage behind this failover (set by the traffic manager). */
  outageAtMs: number;
}

/** The database cluster as its clients and its commit rule see it (implemented by ManagedDatabase). */
export interface DatabaseState {
  readonly model: ClusterModel;
  readonly spec: DatabaseSpec;
  /** The service's name. */
  readonly name: string;
  /** Replicas, by replica index: their nodes, and how many. */
  readonly replicaNodes: number[];
  readonly count: number;
  /** Per replica: its durable log. */
  readonly log: RaftLog[];
  /** Per replica: the replica it follows, -1 for a primary or a replica taken out. */
  readonly primaryOf: Int32Array;
  /** The replica clients send writes to. */
  readonly endpoint: number;
  /** Replica `r`'s zone index. */
  zoneOf(r: number): number;
  /** Replica `r`'s node name. */
  nameOf(r: number): string;
  /** Alive and not fenced: replica `r` takes part in the cluster. */
  serving(r: number): boolean;
  /** Whether `p` is still the primary of `reign`. */
  isPrimaryOf(p: number, reign: number): boolean;
  /** One-way delay of a cluster message between zones (nodes at either end for isolation, -1 for none), ms; -1 when lost. */
  networkDelayMs(fromZone: number, toZone: number, toNode: number, fromNode: number): number;
  /** Write `id` of generation `gen` reached replica `r`. */
  onWriteAt(r: number, id: number, gen: number): void;
}
