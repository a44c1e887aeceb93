/**
 * Cache tiers (cache-tier.ts) as one ModelExtension: installing it makes each spec's service
 * a cache, and its Result section is one summary per cache service. The extension keeps the
 * tiers it built, so the model never needs to know what a cache is.
 */
import { assert } from "../../core/assert";
import type { ClusterModel } from "../cluster-model";
import type { ExtensionSections, ModelExtension } from "../extension";
import type { CacheSpec } from "./cache-spec";
import { CacheTier } from "./cache-tier";

/** The extension making each spec's service a cache; specs in service order. */
export class CachesExtension implements ModelExtension {
  /** The tiers built by `install`, in spec order (empty before). */
  tiers: readonly CacheTier[] = [];

  constructor(private readonly specs: readonly CacheSpec[]) {}

  /** Makes each spec's service a cache (before `model.start()`). */
  install(model: ClusterModel): void {
    this.tiers = this.specs.map((spec) => {
      const service = model.services[spec.serviceIndex]!;
      assert(service.cache === null, `service ${service.name} has two caches`);
      const tier = new CacheTier(model, spec);
      service.cache = tier;
      return tier;
    });
  }

  /** The caches section: one summary per cache service, in service order. */
  result(): Pick<ExtensionSections, "caches"> {
    return { caches: [...this.tiers].sort((a, b) => a.spec.serviceIndex - b.spec.serviceIndex).map((tier) => tier.summary()) };
  }
}
