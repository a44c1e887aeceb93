// Re-exports of the Result types for engine/index.ts (kept apart so index.ts stays a list).
export type { Result, RequestSummary, Series, TimelineEvent, LatencySummary, GroupSummary, NodeSummary, ServiceSummary, CostSummary, LittlesLaw } from "./result";
export type { SloOutcome, SloSpec } from "../metrics/slo";
export type { FaultReport, Incident, IncidentObservation, DetectorSummary, HealthCheckSummary, ObserverSummary, TimeSummary } from "./faults-result";
