/**
 * The Result of one run: versioned, JSON-serialisable plain data with a fixed key order, so
 * the same scenario and seed give the same bytes in Node and in the browser.
 *
 * Conventions: times in ms (`...Ms`), rates per second (`...PerS`), shares as fractions in
 * [0, 1]. A statistic that has no value (a percentile of zero requests) is `null`, never NaN.
 * Statistics cover the measurement period: requests that arrived after warm-up; node and
 * group figures are integrated from the end of warm-up to the end of the run. The series
 * cover the whole run, warm-up included, so charts show it (`warmupMs` says where it ends).
 */
import type { CacheSummary } from "./cache-result";
import type { DatabaseSummary, RegionsSummary } from "./data-tier-result";
import type { LatencyHistogramJson } from "../metrics/histogram";
import type { AutoscalerSummary, BatchSummary, PlacementSummary, ReplicatedSummary, RollingUpdateSummary } from "./operations-result";
import type { FaultReport } from "./faults-result";
import type { SloOutcome } from "../metrics/slo";

/** Version of the Result shape; bumped on any incompatible change. */
export const RESULT_VERSION = 1;

/** Latency statistics of successful requests, ms. */
export interface LatencySummary {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  min: number | null;
  max: number | null;
}

/** Requests of one class (or all classes) in the measurement period. */
export interface RequestSummary {
  /** Requests that arrived. */
  offered: number;
  /** Requests that finished, successfully or not. */
  completed: number;
  succeeded: number;
  failed: number;
  failedByCause: { timeout: number; rejected: number; unavailable: number; "circuit-open": number; error: number };
  /** Requests still in flight when the run ended (neither success nor failure). */
  inFlightAtEnd: number;
  /** Completed requests per second of measurement period. */
  throughputPerS: number;
  /** Successful requests per second. */
  goodputPerS: number;
  /** succeeded / completed (null when none completed). */
  successRate: number | null;
  latencyMs: LatencySummary;
  /** Retries and hedged attempts made on behalf of these requests (all hops). */
  retries: number;
  hedges: number;
  /** The full latency histogram, so replications and shards merge exactly. */
  histogram: LatencyHistogramJson;
}

/** Little's law on the measured numbers: L (time-average in system) vs lambda * W. */
export interface LittlesLaw {
  /** Time-average number of requests in the system over the measurement period. */
  meanInSystem: number;
  /** Arrival rate of measured requests, per second. */
  arrivalRatePerS: number;
  /** Mean time in system of completed measured requests (failures included), ms. */
  meanTimeInSystemMs: number | null;
  /** lambda * W. */
  predictedInSystem: number | null;
}

/** One service: the hops that called it. */
export interface ServiceSummary {
  name: string;
  /** Attempts sent to the service (first tries, retries and hedges). */
  attempts: number;
  succeeded: number;
  failedByCause: { timeout: number; rejected: number; unavailable: number; "circuit-open": number; error: number };
  /** Requests dropped by a deadline-aware queue (their caller had already given up). */
  droppedExpired: number;
  retries: number;
  hedges: number;
  /** Latency of successful attempts as the caller saw it (network + queue + service + downstream). */
  latencyMs: LatencySummary;
  /** Busy core-time of this service's jobs over the core-time of its groups' nodes while up. */
  utilisation: number | null;
  /** Time-average and maximum jobs of this service waiting in queues (node queues and its central queue). */
  queueLengthMean: number;
  queueLengthMax: number;
  /** Time-average and maximum attempts in flight to this service, from the callers' view. */
  inFlightMean: number;
  inFlightMax: number;
}

/** One node group, integrated over the measurement period. */
export interface GroupSummary {
  name: string;
  nodes: number;
  /** Busy core-time over available core-time while up. */
  utilisation: number | null;
  /** Time-average queued jobs per node. */
  queueLengthMean: number;
  queueLengthMax: number;
  /** Time-average jobs at a node (in service plus queued). */
  inFlightMean: number;
  /** Time-average share of the group's nodes that were up. */
  upShare: number | null;
  nodeHours: number;
  cost: number;
}

/** One node, integrated over the measurement period. */
export interface NodeSummary {
  name: string;
  group: string;
  zone: string;
  /** The node's rack, or null when its zone has no racks. */
  rack: string | null;
  utilisation: number | null;
  queueLengthMean: number;
  queueLengthMax: number;
  /** Time-average jobs at the node (in service plus queued). */
  inFlightMean: number;
  served: number;
  upShare: number | null;
}

/** Per-window series over the whole run; index i covers [startMs[i], startMs[i] + windowMs). */
export interface Series {
  windowMs: number;
  startMs: number[];
  offeredPerS: number[];
  succeededPerS: number[];
  failedPerS: number[];
  /** failed / completed in the window (null when nothing completed). */
  errorRate: Array<number | null>;
  latencyP50Ms: Array<number | null>;
  latencyP99Ms: Array<number | null>;
  latencyP999Ms: Array<number | null>;
  /** Time-average requests in the system. */
  inSystem: number[];
  groups: Array<{ name: string; utilisation: Array<number | null>; queueLengthMean: number[]; nodesUp: number[]; nodesTotal: number[] }>;
  classes: Array<{ name: string; succeededPerS: number[]; failedPerS: number[]; latencyP99Ms: Array<number | null> }>;
}

/** Something that happened at a moment: a fault, a detection, an election, a scaling step. */
export interface TimelineEvent {
  atMs: number;
  kind: string;
  subject: string;
  detail: string;
}

/** Cost of the run. */
export interface CostSummary {
  /** Total over the whole run (warm-up included: the nodes were paid for), currency units. */
  total: number;
  /** Average spend rate over the run, per hour. */
  perHour: number;
  groups: Array<{ name: string; nodeHours: number; cost: number }>;
}

/** Everything a run returns. */
export interface Result {
  resultVersion: number;
  engineVersion: string;
  scenario: string;
  seed: number;
  durationMs: number;
  warmupMs: number;
  windowMs: number;
  /** Kernel events processed (all kinds). */
  events: number;
  requests: RequestSummary;
  classes: Array<{ name: string } & RequestSummary>;
  littlesLaw: LittlesLaw;
  services: ServiceSummary[];
  groups: GroupSummary[];
  nodes: NodeSummary[];
  slos: SloOutcome[];
  /** All SLOs passed (true when there are none). */
  slosPassed: boolean;
  cost: CostSummary;
  series: Series;
  timeline: TimelineEvent[];
  /** Faults injected, and how health checks and failure detectors saw them (result-faults.ts). */
  faults: FaultReport;
  // Cluster operations (operations-result.ts); each section covers the whole run.
  /** Per autoscaler: its decisions and its size at each evaluation. */
  autoscaling: AutoscalerSummary[];
  rollingUpdates: RollingUpdateSummary[];
  /** The placement scheduler, when the scenario has `placement`. */
  placement: PlacementSummary | null;
  /** Per replicated service: writes, elections, lost and conflicting writes, unavailability. */
  replicated: ReplicatedSummary[];
  /** The batch cluster, when the scenario has `batch`. */
  batch: BatchSummary | null;
  // Caches (cache-result.ts).
  /** Per service marked as a cache, in service order: hit ratio, origin load, stampedes, cold starts. */
  caches: CacheSummary[];
  // Data tier and disaster recovery (data-tier-result.ts).
  /** Per database cluster (a service with `database`), in service order: replication, failovers with RTO and RPO, reads, replica lag series. */
  databases: DatabaseSummary[];
  /** Regions behind DNS failover: outages, failovers and fail backs with RTO, RPO, capacity and SLO impact (null without `multiRegion`). */
  multiRegion: RegionsSummary | null;
}

/** Replaces NaN and infinities by null so JSON never carries them silently. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
