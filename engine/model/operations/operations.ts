/**
 * Installs the cluster-operations mechanisms of an OperationsSpec on a ClusterModel and
 * collects their part of the Result.
 *
 * The mechanisms are ModelExtensions (run.ts): built before the model starts, they schedule
 * their own (rare) events on the model's kernel and act through the model's hooks
 * (provisionNode, retireNode, setNodeEligible, note). The installed set is remembered per
 * model, so the result builder can ask for `operationsResult(model)` without the model
 * knowing about any of them. Order of installation is fixed (autoscalers, rolling updates,
 * placement, replicated services, batch) because it orders what they schedule at time 0.
 */
import type { OperationsResult } from "../../result/operations-result";
import { Autoscaler } from "./autoscaler";
import { BatchCluster } from "./batch-cluster";
import type { ClusterModel } from "../cluster-model";
import type { OperationsSpec } from "./operations-spec";
import { PlacementScheduler } from "./placement";
import { ReplicatedService } from "../replication/replicated-service";
import { replicatedSummary } from "../replication/replicated-summary";
import { RollingUpdate } from "./rolling-update";
import type { ModelExtension } from "../run";

/** The mechanisms installed on one model. */
export interface InstalledOperations {
  autoscalers: Autoscaler[];
  rollingUpdates: RollingUpdate[];
  placement: PlacementScheduler | null;
  replicated: ReplicatedService[];
  batch: BatchCluster | null;
}

const installed = new WeakMap<ClusterModel, InstalledOperations>();

/** A ModelExtension installing every mechanism of `spec`. */
export function operationsExtension(spec: OperationsSpec): ModelExtension {
  return (model) => {
    installOperations(model, spec);
  };
}

/** Builds and starts the mechanisms of `spec` on `model` (before `model.start()`). */
export function installOperations(model: ClusterModel, spec: OperationsSpec): InstalledOperations {
  const autoscalers = spec.autoscalers.map((a) => new Autoscaler(model, a));
  const rollingUpdates = spec.rollingUpdates.map((u) => {
    const autoscaler = autoscalers.find((a) => a.spec.groupIndex === u.groupIndex) ?? null;
    return new RollingUpdate(model, u, autoscaler);
  });
  const placement = spec.placement ? new PlacementScheduler(model, spec.placement) : null;
  const replicated = spec.replicated.map((r) => new ReplicatedService(model, r));
  const batch = spec.batch ? new BatchCluster(model.sim, spec.batch, model.spec.durationMs) : null;
  const ops: InstalledOperations = { autoscalers, rollingUpdates, placement, replicated, batch };
  for (const a of autoscalers) a.start();
  for (const u of rollingUpdates) u.start();
  placement?.start();
  for (const r of replicated) r.start();
  batch?.start();
  installed.set(model, ops);
  return ops;
}

/** The mechanisms installed on `model`, or null when none were. */
export function installedOperations(model: ClusterModel): InstalledOperations | null {
  return installed.get(model) ?? null;
}

/** The operations part of the Result (empty sections when nothing was installed). */
export function operationsResult(model: ClusterModel): OperationsResult {
  const ops = installed.get(model);
  return {
    autoscaling: ops ? ops.autoscalers.map((a) => a.summary()) : [],
    rollingUpdates: ops ? ops.rollingUpdates.map((u) => u.summary()) : [],
    placement: ops?.placement ? ops.placement.summary() : null,
    replicated: ops ? ops.replicated.map((r) => replicatedSummary(r, model.spec.durationMs)) : [],
    batch: ops?.batch ? ops.batch.summary() : null,
  };
}
