/**
 * A test's own extension: a function that acts on the model before it starts (schedules a
 * crash, keeps the model to read it afterwards). It owns no Result section.
 */
import type { ClusterModel } from "../cluster-model";
import type { ModelExtension } from "../extension";

/** An extension that only installs: `install(model)` runs before the model starts. */
export function hook(install: (model: ClusterModel) => void): ModelExtension {
  return { install, result: () => ({}) };
}
