/**
 * Installs the cluster-operations mechanisms of an OperationsSpec on a ClusterModel and
 * collects their part of the Result.
 *
 * They form one ModelExtension (extension.ts): built before the model starts, they schedule
 * their own (rare) events on the model's kernel and act through the model's hooks
 * (provisionNode, retireNode, setNodeEligible, note). The extension keeps the installed set,
 * so its Result sections come from it without the model knowing about any of them. Order of
 * installation is fixed (autoscalers, rolling updates, placement, replicated services, batch)
 * because it orders what they schedule at time 0.
 */
import { assert } from "../../core/assert";
import type { OperationsResult } from "../../result/operations-result";
import { Autoscaler } from "./autoscaler";
import { BatchCluster } from "./batch-cluster";
import type { ClusterModel } from "../cluster-model";
import type { OperationsSpec } from "./operations-spec";
import { PlacementScheduler } from "./placement";
import { ReplicatedService } from "../replication/replicated-service";
import { replicatedSummary } from "../replication/replicated-summary";
import { RollingUpdate } from "./rolling-update";
import type { ModelExtension } from "../extension";

/** The mechanisms installed on one model. */
export interface InstalledOperations {
  autoscalers: Autoscaler[];
  rollingUpdates: RollingUpdate[];
  placement: PlacementScheduler | null;
  replicated: ReplicatedService[];
  batch: BatchCluster | null;
}

/** The extension installing every mechanism of an OperationsSpec. */
export class OperationsExtension implements ModelExtension {
  /** What `install` built (null before). */
  installed: InstalledOperations | null = null;

  constructor(private readonly spec: OperationsSpec) {}

  /** The run's length, ms (the replicated services' summaries need it). */
  private durationMs = 0;

  /** Builds and starts the mechanisms (before `model.start()`). */
  install(model: ClusterModel): void {
    this.installed = installOperations(model, this.spec);
    this.durationMs = model.spec.durationMs;
  }

  /** The operations sections (empty ones when the spec switches nothing on). */
  result(): OperationsResult {
    const ops = this.installed;
    assert(ops !== null, "the operations' result was asked for before they were installed");
    return {
      autoscaling: ops.autoscalers.map((a) => a.summary()),
      rollingUpdates: ops.rollingUpdates.map((u) => u.summary()),
      placement: ops.placement ? ops.placement.summary() : null,
      replicated: ops.replicated.map((r) => replicatedSummary(r, this.durationMs)),
      batch: ops.batch ? ops.batch.summary() : null,
    };
  }
}

function installOperations(model: ClusterModel, spec: OperationsSpec): InstalledOperations {
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
  return ops;
}
