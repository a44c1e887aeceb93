// The Result contract, section by section, for engine/index.ts (kept apart so index.ts stays a list).
export { RESULT_VERSION, type Result, type TimelineEvent } from "./result";
export type { LatencySummary, UnavailabilityWindow, WritesSummary } from "./common";
export type { RequestSummary, LittlesLaw, ServiceSummary } from "./requests-result";
export type { GroupSummary, NodeSummary, CostSummary } from "./nodes-result";
export type { Series } from "./series-result";
export type { MechanismSloKind, SloKind, SloOutcome, SloScopeKind, SloSpec, SloUnit } from "../metrics/slo";
export { MECHANISM_SLO_KIND_NAMES, MECHANISM_SLO_KINDS } from "../metrics/slo";
export type { FaultReport, Incident, IncidentKind, IncidentObservation, DetectorSummary, HealthCheckSummary, ObserverSummary, TimeSummary } from "./faults-result";
export type { AutoscalerSummary, AutoscalerSeries, RollingUpdateSummary, PlacementSummary, PlacedServiceSummary, ReplicatedSummary, BatchSummary, BatchPolicySummary } from "./operations-result";
export type { CacheSummary, CacheSeries, CacheRestart } from "./cache-result";
export type { HybridSummary, HybridWindows, HybridWindowMode } from "./hybrid-result";
export type { DatabaseSummary, ReplicaSummary, ReadsSummary, FailoverReport, RegionsSummary, RegionEventReport, RegionImpact } from "./data-tier-result";
