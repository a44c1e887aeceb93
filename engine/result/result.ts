/**
 * The Result of one run: versioned, JSON-serialisable plain data with a fixed key order, so
 * the same scenario and seed give the same bytes in Node and in the browser.
 *
 * Conventions: times in ms (`...Ms`), rates per second (`...PerS`), shares as fractions in
 * [0, 1]. A statistic that has no value (a percentile of zero requests) is `null`, never NaN.
 * Statistics cover the measurement period: requests that arrived after warm-up; node and
 * group figures are integrated from the end of warm-up to the end of the run. The series
 * cover the whole run, warm-up included, so charts show it (`warmupMs` says where it ends).
 *
 * This file is the top level; each section's shape has its own file: requests-result.ts
 * (`requests`, `classes`, `littlesLaw`, `services`), nodes-result.ts (`groups`, `nodes`,
 * `cost`), series-result.ts (`series`), faults-result.ts, operations-result.ts,
 * cache-result.ts and data-tier-result.ts; common.ts holds what several sections share. The
 * SLO verdicts are engine/metrics/slo.ts's `SloOutcome`, beside the judge that makes them.
 * index.ts re-exports the whole contract.
 */
import type { CacheSummary } from "./cache-result";
import type { DatabaseSummary, RegionsSummary } from "./data-tier-result";
import type { AutoscalerSummary, BatchSummary, PlacementSummary, ReplicatedSummary, RollingUpdateSummary } from "./operations-result";
import type { FaultReport } from "./faults-result";
import type { HybridSummary } from "./hybrid-result";
import type { CostSummary, GroupSummary, NodeSummary } from "./nodes-result";
import type { LittlesLaw, RequestSummary, ServiceSummary } from "./requests-result";
import type { Series } from "./series-result";
import type { SloOutcome } from "../metrics/slo";

/** Version of the Result shape; bumped on any incompatible change. */
export const RESULT_VERSION = 1;

/** Something that happened at a moment: a fault, a detection, an election, a scaling step. */
export interface TimelineEvent {
  atMs: number;
  kind: string;
  subject: string;
  detail: string;
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
  /** Faults injected, and how health checks and failure detectors saw them (faults-result.ts). */
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
  /**
   * The hybrid engine's per-window modes and error estimates (hybrid-result.ts); only present
   * when the scenario runs with `run.fidelity: hybrid` (exact Results have no such key).
   */
  hybrid?: HybridSummary;
}
