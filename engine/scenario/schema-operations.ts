/**
 * Scenario schema for cluster operations: autoscaling, rolling updates, placement, replicated
 * stateful services and batch job queues (issue 4). Placeholder shapes until they land.
 */
import { s } from "./schema-dsl";

export const autoscalerSchema = s.object({}, { description: "Autoscaler (not yet available)." });
export const rollingUpdateSchema = s.object({}, { description: "Rolling update (not yet available)." });
export const placementSchema = s.object({}, { description: "Placement scheduler (not yet available)." });
export const replicatedSchema = s.object({}, { description: "Replicated stateful service (not yet available)." });
export const batchSchema = s.object({}, { description: "Batch job queue (not yet available)." });
