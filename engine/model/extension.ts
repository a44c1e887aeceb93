/**
 * How a mechanism attaches to the request core: a ModelExtension is an object the run holds
 * from start to end. Before the model starts, the run calls `install(model)`: the extension
 * builds its parts on the model, schedules its first (rare) events on the model's kernel and
 * keeps what it built. At the end, the result builder calls `result()` and puts the sections it
 * returns into the Result. The model itself knows nothing of caches, faults, operations or the
 * data tier; nothing is remembered anywhere but in the extension objects.
 *
 * The mechanisms (cache/caches.ts, faults/faults.ts, operations/operations.ts,
 * data-tier/data-tier.ts) are built from a RunSpec by engine/model/run.ts, in a fixed order.
 */
import type { Result } from "../result/result";
import type { ClusterModel } from "./cluster-model";
import type { ModelSpec } from "./spec";

/** The sections of a Result that mechanisms fill; every other section is the request core's. */
export type ExtensionSections = Pick<
  Result,
  "faults" | "autoscaling" | "rollingUpdates" | "placement" | "replicated" | "batch" | "caches" | "databases" | "multiRegion" | "hybrid"
>;

/** A mechanism installed on a model for one run. */
export interface ModelExtension {
  /**
   * Builds the mechanism on `model` and schedules its first events; called once, before
   * `model.start()`, in the run's fixed order (what each schedules at time 0 depends on it).
   */
  install(model: ClusterModel): void;
  /**
   * The Result sections this mechanism owns, read at the end of the run (after `install`).
   * Sections it does not return keep their empty value (result-builder.ts).
   */
  result(): Partial<ExtensionSections>;
  /**
   * The share of the run's work done at `nowMs`, in [0, 1], for a mechanism that changes what
   * the run's work is (the hybrid engine: a fluid window costs a fraction of its requests);
   * undefined leaves it to the run, which counts its expected requests (run-work.ts).
   */
  workShare?(nowMs: number): number | undefined;
  /**
   * Called on a fork (ModelRun.restoreAsFork) once the saved run is restored and the fork's
   * faults applied, with the RunSpec of the run that was saved (typed by its request core only:
   * the model does not know the RunSpec's layer): throws ForkError when this
   * mechanism already acted on a past the fork changes (the hybrid engine planned the window
   * under way without the fork's fault), so the fork would not be byte-identical to its run
   * from time 0.
   */
  checkFork?(saved: { readonly model: ModelSpec }): void;
}
