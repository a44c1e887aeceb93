/**
 * The Result's sections for cluster operations: autoscalers, rolling updates, the placement
 * scheduler, replicated services and the batch cluster. Same conventions as result.ts: times
 * in ms, rates per second, shares as fractions, `null` for a statistic without a value.
 *
 * Unlike the request statistics, these sections cover the whole run (warm-up included):
 * they describe what the mechanisms did, and a scaling step or an election during warm-up
 * is part of that story.
 */
import type { LatencySummary, UnavailabilityWindow, WritesSummary } from "./common";

/** The autoscaler's state at each evaluation. */
export interface AutoscalerSeries {
  atMs: number[];
  /** The measured metric over the interval before atMs (utilisation fraction or requests/s per node). */
  metric: Array<number | null>;
  /** The size it decided on (clamped to min/max). */
  desired: number[];
  /** Nodes in the group after the decision: booting and up (not draining, not retired). */
  nodes: number[];
  /** Of those, nodes up and serving. */
  nodesUp: number[];
}

/** What one autoscaler did. */
export interface AutoscalerSummary {
  group: string;
  nodesMin: number;
  nodesMax: number;
  target: { kind: "utilisation" | "requests-per-node"; value: number };
  evaluations: number;
  scaleUps: number;
  scaleDowns: number;
  nodesAdded: number;
  nodesRemoved: number;
  /** Largest and smallest size after any evaluation (the starting size included). */
  nodesPeak: number;
  nodesLow: number;
  /** Jobs still on nodes whose drain timed out (lost). */
  jobsLostDraining: number;
  series: AutoscalerSeries;
}

/** What one rolling update did. */
export interface RollingUpdateSummary {
  group: string;
  startedAtMs: number;
  /** null when the update had not finished by the end of the run. */
  finishedAtMs: number | null;
  /** Nodes in the group when the update started (the size it keeps). */
  nodes: number;
  replaced: number;
  maxUnavailable: number;
  maxSurge: number;
  /** Fewest nodes up and eligible, and most nodes alive (not retired), during the update. */
  availableMin: number;
  totalMax: number;
  /** Jobs still on old nodes whose drain timed out (lost). */
  jobsLostDraining: number;
  /** Requests that finished between start and end of the update, and how many of them failed. */
  requestsCompleted: number;
  requestsFailed: number;
  /**
   * Time at the group's nodes by version over the run after warm-up: jobs that finished their
   * service on an old-version node (every node before the update) or on a node the update
   * started, and their time there (queue wait plus service, from reaching the node or the
   * service's central queue), ms.
   */
  timeAtNode: { old: VersionTimes; new: VersionTimes };
}

/** Jobs served by one version of a rolling update's group, and their time at the node. */
export interface VersionTimes {
  jobs: number;
  latencyMs: LatencySummary;
}

/** Where one service's instances ended up. */
export interface PlacedServiceSummary {
  service: string;
  instances: number;
  /** Instances running at the end of the run, and waiting for a host. */
  running: number;
  pending: number;
  /** Instances per host at the end of the run (hosts with none omitted), by node name. */
  hosts: Array<{ node: string; zone: string; instances: number }>;
  /** Instances per zone at the end of the run. */
  zones: Array<{ zone: string; instances: number }>;
}

/** What the placement scheduler did. */
export interface PlacementSummary {
  policy: string;
  services: PlacedServiceSummary[];
  /** Instances lost with a failed host. */
  evicted: number;
  /** Evicted instances placed again, and the time they took (from the host failing), ms. */
  rescheduled: number;
  rescheduleDelayMsMean: number | null;
  rescheduleDelayMsMax: number | null;
  /** Placements that found no host with room (each instance counts once per episode). */
  unschedulable: number;
  /** Instance-time spent waiting for a host, instance x ms. */
  pendingInstanceMs: number;
}

/** What one replicated service did. */
export interface ReplicatedSummary {
  service: string;
  quorum: boolean;
  replicas: number;
  writes: WritesSummary;
  /** Elections started (candidacies) and won (new leaders), and the highest term reached. */
  electionsStarted: number;
  electionsWon: number;
  termMax: number;
  /** Time during which two or more replicas both acted as leader, ms. */
  multipleLeadersMs: number;
  /** Most leaders at once. */
  leadersMax: number;
  /** Acknowledged writes later discarded from the surviving history. */
  writesLost: number;
  /** Log positions at which two leaders each acknowledged a different write. */
  writesConflicting: number;
  unavailability: UnavailabilityWindow[];
  /** Windows beyond the first UNAVAILABILITY_WINDOWS_MAX are only counted. */
  unavailabilityWindowsOmitted: number;
}

/** One job-queue policy run over the batch cluster's job stream. */
export interface BatchPolicySummary {
  policy: string;
  jobsSubmitted: number;
  jobsCompleted: number;
  /** Jobs started out of order by backfilling. */
  jobsBackfilled: number;
  /** Busy core-time over total core-time from the first submission to the last completion (or the end). */
  utilisation: number | null;
  /** Time from submission to start of started jobs, ms. */
  queueWaitMs: LatencySummary;
  /** Mean bounded slowdown: (wait + run) / max(run, 10 s). */
  boundedSlowdownMean: number | null;
  /** Last completion minus first submission, ms; null unless every job completed. */
  makespanMs: number | null;
  /** Times the queue's head started later than its reservation (0 for EASY: the invariant). */
  headReservationMisses: number;
}

/** The batch cluster's part of the Result. */
export interface BatchSummary {
  nodes: number;
  coresPerNode: number;
  cores: number;
  policies: BatchPolicySummary[];
}

/** Everything the operations mechanisms add to the Result. */
export interface OperationsResult {
  autoscaling: AutoscalerSummary[];
  rollingUpdates: RollingUpdateSummary[];
  placement: PlacementSummary | null;
  replicated: ReplicatedSummary[];
  batch: BatchSummary | null;
}
