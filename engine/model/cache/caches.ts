/**
 * Installs cache tiers (cache-tier.ts) on a ClusterModel as one ModelExtension, and reads
 * their part of the Result back. The installed tiers are remembered per model, so the result
 * builder asks for `cacheResult(model)` without the model knowing what a cache is.
 */
import type { CacheSummary } from "../../result/cache-result";
import type { ClusterModel } from "../cluster-model";
import type { CacheSpec } from "./cache-spec";
import { CacheTier } from "./cache-tier";
import type { ModelExtension } from "../run";

const installed = new WeakMap<ClusterModel, CacheTier[]>();

/** A ModelExtension making each spec's service a cache; specs in service order. */
export function cachesExtension(specs: readonly CacheSpec[]): ModelExtension {
  return (model) => {
    installCaches(model, specs);
  };
}

/** Makes each spec's service a cache (before `model.start()`); returns the tiers. */
export function installCaches(model: ClusterModel, specs: readonly CacheSpec[]): CacheTier[] {
  const tiers = specs.map((spec) => {
    const service = model.services[spec.serviceIndex]!;
    if (service.cache !== null) throw new Error(`internal error: service ${service.name} has two caches`);
    const tier = new CacheTier(model, spec);
    service.cache = tier;
    return tier;
  });
  if (tiers.length > 0) installed.set(model, tiers);
  return tiers;
}

/** The cache tiers installed on `model` (tests and tools). */
export function cacheTiersOf(model: ClusterModel): readonly CacheTier[] {
  return installed.get(model) ?? [];
}

/** The caches part of the Result: one summary per cache service, in service order. */
export function cacheResult(model: ClusterModel): CacheSummary[] {
  const tiers = installed.get(model) ?? [];
  return [...tiers].sort((a, b) => a.spec.serviceIndex - b.spec.serviceIndex).map((tier) => tier.summary());
}
