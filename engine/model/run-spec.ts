/**
 * RunSpec: a compiled scenario, the request core's ModelSpec (spec.ts) together with the spec of
 * every mechanism that extends it. It lives apart from spec.ts because the request core knows
 * nothing of its mechanisms; only the assembly (run.ts) and the compiler see them all.
 */
import type { CacheSpec } from "./cache/cache-spec";
import type { DataTierSpec } from "./data-tier/data-tier-spec";
import type { FaultPlan } from "./faults/faults-spec";
import type { OperationsSpec } from "./operations/operations-spec";
import type { ModelSpec } from "./spec";

/**
 * Everything one run needs, as `engine/scenario/compile.ts` makes it in one pass: the request
 * core's ModelSpec and the spec of each mechanism installed on it (engine/model/run.ts installs
 * them in this order: faults, caches, operations, data tier). A mechanism with nothing to do has
 * an empty spec, never a missing one.
 */
export interface RunSpec {
  model: ModelSpec;
  /** Faults, health checks and failure detectors (faults/faults-spec.ts). */
  faults: FaultPlan;
  /** Services that are caches, in service order (cache/cache-spec.ts). */
  caches: CacheSpec[];
  /** Autoscaling, rolling updates, placement, replicated services, batch (operations/operations-spec.ts). */
  operations: OperationsSpec;
  /** Databases and regions (data-tier/data-tier-spec.ts). */
  dataTier: DataTierSpec;
  /** `run.fidelity: hybrid`: the hybrid engine (engine/hybrid/) runs it; absent for exact runs. */
  fidelity?: "hybrid";
}
