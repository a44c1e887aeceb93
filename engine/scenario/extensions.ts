/**
 * Mechanisms beyond the core request model that a scenario switches on: faults, health
 * checks, failure detectors, autoscaling, rolling updates, replicated services, batch queues.
 * Each is a ModelExtension (engine/model/run.ts) built from the validated scenario and the
 * compiled spec, installed on the model before it starts. Order matters only for what each
 * schedules at time 0, so it is fixed here.
 */
import { cachesExtension } from "../model/cache/caches";
import { dataTierExtension } from "../model/data-tier/data-tier";
import { faultsExtension } from "../model/faults/faults";
import { operationsExtension } from "../model/operations/operations";
import type { ModelExtension } from "../model/run";
import type { ModelSpec } from "../model/spec";
import type { Scenario } from "./schema";
import { compileCaches } from "./compile-cache";
import { compileFaults } from "./compile-faults";
import { compileOperations } from "./compile-operations";
import { compileDataTier } from "./compile-data";

/** Builds the extensions a scenario needs, in a fixed order. */
export function scenarioExtensions(scenario: Scenario, spec: ModelSpec): ModelExtension[] {
  const extensions: ModelExtension[] = [];
  extensions.push(faultsExtension(compileFaults(scenario, spec).plan)); // faults, health checks, detectors
  extensions.push(cachesExtension(compileCaches(scenario).specs)); // caches on services
  extensions.push(operationsExtension(compileOperations(scenario, spec).spec)); // autoscaling, updates, placement, replication, batch
  extensions.push(dataTierExtension(compileDataTier(scenario, spec).spec)); // databases, regions (after faults: shares its balancer vetoes)
  void scenario;
  void spec;
  return extensions;
}
