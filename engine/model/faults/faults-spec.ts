/**
 * FaultPlan: the compiled, unit-free description of the faults a run injects, the balancers'
 * health checks and the cluster manager's failure detectors (issue 4). Like ModelSpec: every
 * time in ms, every reference an index, except node names, which are resolved when a fault
 * starts (the autoscaler may have added nodes by then). Built by
 * engine/scenario/compile-faults.ts; tests and benchmarks may build one directly.
 */
import type { DistributionSpec } from "../../core/distributions";

/**
 * Nodes a fault hits, chosen when it starts. Either named nodes, or every node of a group
 * and/or zone (-1 = any) that is not retired; then `count` or `fraction` of those, chosen
 * with the fault's own random stream.
 */
export type NodeTarget =
  | { kind: "named"; names: string[] }
  | { kind: "set"; groupIndex: number; zoneIndex: number; count: number | null; fraction: number };

/** When a fault acts: from `atMs` for `forMs` (Infinity = to the end of the run). */
interface Timed {
  /** Where the fault is declared, e.g. "faults[2]"; names its random stream and incidents. */
  label: string;
  atMs: number;
  forMs: number;
}

/** Nodes crash at `atMs` and are repaired `forMs` later (losing their queues and work). */
export interface CrashFault extends Timed {
  kind: "crash";
  target: NodeTarget;
}

/**
 * Every node of a group (and zone, -1 = any) fails and is repaired independently, forever:
 * up for a time drawn from `timeToFailure`, down for one from `timeToRepair` (ms).
 */
export interface CrashRepairFault {
  kind: "crash-repair";
  label: string;
  groupIndex: number;
  zoneIndex: number;
  timeToFailure: DistributionSpec;
  timeToRepair: DistributionSpec;
  /** Failure clocks start here (ms): no failures before it. */
  fromMs: number;
}

/** Gray failure: nodes serve `factor` times slower but answer health checks and heartbeats. */
export interface SlowFault extends Timed {
  kind: "slow";
  target: NodeTarget;
  factor: number;
}

/**
 * Nodes stall (a long GC pause, a frozen VM): for `forMs` they answer nothing, requests,
 * probes or heartbeats, yet lose nothing. Modelled as isolation both ways, so work in progress
 * finishes unseen; callers time out, and a detector may declare the nodes dead.
 */
export interface PauseFault extends Timed {
  kind: "pause";
  target: NodeTarget;
}

/** Messages between two sets of zones are lost (one way: only first side -> second side). */
export interface PartitionFault extends Timed {
  kind: "partition";
  sides: [number[], number[]];
  oneWay: boolean;
}

/** Named nodes are cut off: messages to and from them are lost (one way: only from them). */
export interface IsolateFault extends Timed {
  kind: "isolate";
  target: NodeTarget;
  oneWay: boolean;
}

/** A link between two zones gets extra one-way delay (ms) and loss (probability). */
export interface LinkFault extends Timed {
  kind: "link";
  fromZone: number;
  toZone: number;
  extraDelayMs: number;
  extraLoss: number;
  oneWay: boolean;
}

/**
 * A downstream service fails: `unavailable` (its balancer has no node: callers fail at once),
 * `timeout` (its nodes stop answering: callers time out) or `slow` (`factor` times slower).
 */
export interface DependencyFault extends Timed {
  kind: "dependency";
  serviceIndex: number;
  mode: "unavailable" | "timeout" | "slow";
  factor: number;
}

/** Any fault. */
export type FaultSpec = CrashFault | CrashRepairFault | SlowFault | PauseFault | PartitionFault | IsolateFault | LinkFault | DependencyFault;

/** A balancer's active health check (AWS ELB / Envoy style). */
export interface HealthCheckSpec {
  serviceIndex: number;
  /** Time between probe rounds, ms. */
  intervalMs: number;
  /** A probe without an answer after this long fails, ms (< intervalMs). */
  timeoutMs: number;
  /** Consecutive failed probes that mark a node unhealthy (out of rotation). */
  unhealthyThreshold: number;
  /** Consecutive good probes that mark it healthy again. */
  healthyThreshold: number;
  /** Zone probes come from; -1 = each node's own zone (a per-zone balancer). */
  fromZone: number;
}

/** One failure detector over the cluster manager's heartbeat stream. */
export type DetectorOptionsSpec =
  | { name: string; kind: "timeout"; timeoutMs: number }
  | { name: string; kind: "phi-accrual"; threshold: number; window: number; minStdDevMs: number; acceptablePauseMs: number };

/** Heartbeats from nodes to a cluster manager, judged by one or more failure detectors. */
export interface DetectorSpec {
  heartbeatIntervalMs: number;
  /** Zone of the cluster manager (heartbeats cross the network to it). */
  managerZone: number;
  /** Groups whose nodes send heartbeats. */
  groupIndexes: number[];
  /** The manager evaluates its detectors this often, ms. */
  checkIntervalMs: number;
  detectors: DetectorOptionsSpec[];
  /** Index of the detector whose suspicions take nodes out of every balancer; -1 = none. */
  evictWith: number;
}

/** Everything issue 4's mechanisms need for one run. */
export interface FaultPlan {
  faults: FaultSpec[];
  healthChecks: HealthCheckSpec[];
  detector: DetectorSpec | null;
}
