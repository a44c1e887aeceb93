/**
 * Scenario schema for faults, balancer health checks and failure detectors (issue 4).
 * Placeholder shapes until the mechanisms land: each accepts only its empty form.
 */
import { s } from "./schema-dsl";

/** Faults injected into the run. */
export const faultsSchema = s.array(s.object({ at: s.duration() }), { maxItems: 0, description: "Faults to inject (not yet available)." });
/** A balancer's active health check. */
export const healthCheckSchema = s.object({}, { description: "Active health checks (not yet available)." });
/** The cluster manager's failure detector. */
export const detectorSchema = s.object({}, { description: "Heartbeat failure detector (not yet available)." });
