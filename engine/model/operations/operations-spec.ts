/**
 * OperationsSpec: the compiled, unit-free description of the cluster-operations mechanisms a
 * scenario switches on (autoscalers, rolling updates, the placement scheduler, replicated
 * services, the batch cluster). Like ModelSpec (spec.ts): every duration in ms, every rate
 * per second, every reference an integer index. engine/scenario/compile-operations.ts builds
 * it; engine/model/operations/operations.ts installs the mechanisms on a ClusterModel.
 */
import type { DistributionSpec } from "../../core/distributions";
import type { ReplicatedSpec } from "../replication/replicated-spec";

/** What an autoscaler keeps near its target. */
export type AutoscalerTarget =
  /** Busy cores / available cores of the group's up nodes, as a fraction (0.6 = 60%). */
  | { kind: "utilisation"; utilisation: number }
  /** Attempts sent to the group's services per second, per node. */
  | { kind: "requests-per-node"; ratePerS: number };

/** A target-tracking autoscaler on one node group (Kubernetes HPA semantics; see autoscaler.ts). */
export interface AutoscalerSpec {
  groupIndex: number;
  /** Services deployed on the group (their attempts feed the requests-per-node metric). */
  serviceIndexes: number[];
  nodesMin: number;
  nodesMax: number;
  target: AutoscalerTarget;
  /** Time between evaluations, ms; the metric is averaged over the last interval. */
  intervalMs: number;
  /** No change while |metric / target - 1| ≤ tolerance (HPA's 10%). */
  tolerance: number;
  /** Scale up to the lowest recommendation of this trailing window, ms (0 = react at once). */
  upStabilisationMs: number;
  /** Scale down to the highest recommendation of this trailing window, ms. */
  downStabilisationMs: number;
  /** Minimum time between two scaling actions, ms. */
  cooldownMs: number;
  /** Time from the decision to a new node serving, ms. */
  bootTime: DistributionSpec;
  /** A node being removed stops taking new work and is retired when idle or after this, ms. */
  drainTimeoutMs: number;
}

/** A share of a group's size or an absolute node count (Kubernetes "25%" or "1"). */
export type NodeBudget = { kind: "count"; count: number } | { kind: "share"; share: number };

/** A rolling update that replaces every node of a group, batch by batch. */
export interface RollingUpdateSpec {
  groupIndex: number;
  /** Start time, ms; an update due at or after the end of the run never starts. */
  atMs: number;
  /** Nodes that may be unavailable below the group's size (rounded down when a share). */
  maxUnavailable: NodeBudget;
  /** Extra nodes allowed above the group's size (rounded up when a share). */
  maxSurge: NodeBudget;
  /** Time for a replacement node to start serving, ms. */
  restartTime: DistributionSpec;
  drainTimeoutMs: number;
}

/** How the scheduler picks a host for an instance. */
export type PlacementPolicy = "spread" | "bin-pack";

/** Instances of one service that the placement scheduler places onto the service's hosts. */
export interface PlacedServiceSpec {
  serviceIndex: number;
  instances: number;
  /** Cores and bytes of memory each instance requests. */
  cpu: number;
  memoryBytes: number;
}

/** The placement scheduler (see placement.ts). */
export interface PlacementSpec {
  policy: PlacementPolicy;
  /** How often the scheduler looks at host states and pending instances, ms. */
  syncIntervalMs: number;
  /** Time from noticing a failed host to placing its instances elsewhere, ms. */
  rescheduleDelayMs: number;
  services: PlacedServiceSpec[];
  /** Memory per node of each group, bytes (Infinity when the group declares none). */
  groupMemoryBytes: number[];
}

/** Job-queue policies of the batch cluster. */
export type BatchPolicy = "fifo" | "easy-backfill";

/** A batch (HPC) cluster with a job queue (see batch-cluster.ts). */
export interface BatchSpec {
  nodes: number;
  coresPerNode: number;
  policies: BatchPolicy[];
  jobs: {
    /** Jobs submitted in all; Infinity = until the run ends. */
    count: number;
    /** Time between submissions (a constant 0 submits every job at time 0). */
    interarrival: DistributionSpec;
    /** Cores per job and the share of jobs of that size (weights sum to 1). */
    sizes: Array<{ cores: number; weight: number }>;
    runtime: DistributionSpec;
    /** Requested walltime = runtime x this (≥ 1): what the scheduler plans with. */
    estimateFactor: number;
  };
}

/** Everything the operations mechanisms need for one run. */
export interface OperationsSpec {
  autoscalers: AutoscalerSpec[];
  rollingUpdates: RollingUpdateSpec[];
  placement: PlacementSpec | null;
  replicated: ReplicatedSpec[];
  batch: BatchSpec | null;
}

/** An OperationsSpec with nothing switched on. */
export function emptyOperations(): OperationsSpec {
  return { autoscalers: [], rollingUpdates: [], placement: null, replicated: [], batch: null };
}
