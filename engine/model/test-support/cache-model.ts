/**
 * A cache model for tests: clients call a cache service (group 0, hashed by key by default),
 * whose misses call an origin service (group 1); the caller picks rate, popularity, TTL.
 */
import type { DistributionSpec } from "../../core/distributions";
import type { CacheSpec, PopularitySpec } from "../cache/cache-spec";
import type { ModelExtension } from "../extension";
import { ModelRun } from "../run";
import type { BalancerPolicy, ModelSpec, StepSpec } from "../spec";
import type { Result } from "../../result/result";
import { singleTier, step } from "./specs";

/** A constant distribution. */
export const constant = (value: number): DistributionSpec => ({ type: "constant", value });

/** The shape of {@link cacheModel}'s model; times in ms. */
export interface CacheModelOptions {
  cacheNodes?: number;
  policy?: BalancerPolicy;
  ratePerS: number;
  durationMs: number;
  warmupMs?: number;
  windowMs?: number;
  cacheTime?: DistributionSpec;
  originTime?: DistributionSpec;
  originTimeoutMs?: number;
  popularity: PopularitySpec;
  capacity: number;
  ttlMs?: number;
  ttlJitter?: number;
  coalesce?: boolean;
  cachePolicy?: CacheSpec["policy"];
}

/** Clients -> cache service (group 0, hash by default) -> origin service (group 1). */
export function cacheModel(o: CacheModelOptions): { spec: ModelSpec; cache: CacheSpec } {
  const spec = singleTier({
    nodes: o.cacheNodes ?? 1, cores: 64, ratePerS: o.ratePerS, serviceTime: o.cacheTime ?? constant(0.01), policy: o.policy ?? "hash",
    durationMs: o.durationMs, warmupMs: o.warmupMs ?? 0, windowMs: o.windowMs ?? 1000,
  });
  spec.groups.push({ name: "origin", count: 2, cores: 256, speed: 1, queueCapacity: Infinity, zoneIndexes: [0], pricePerHour: 1 });
  spec.services.push({ name: "origin", groupIndexes: [1], policy: "round-robin", choices: 2, weights: [1], serviceTime: o.originTime ?? constant(0.01), deadlineAware: false, patience: null });
  const origin: StepSpec = step(1, { timeoutMs: o.originTimeoutMs ?? Infinity });
  spec.classes[0]!.root = step(0, { stages: [{ step: origin, count: 1, waitFor: 1 }] });
  const cache: CacheSpec = {
    serviceIndex: 0, policy: o.cachePolicy ?? "lru", capacity: o.capacity, ttlMs: o.ttlMs ?? Infinity, ttlJitter: o.ttlJitter ?? 0, coalesce: o.coalesce ?? false,
    keys: { popularity: o.popularity, hot: [] },
  };
  return { spec, cache };
}

/** Runs a cache model to its end with `seed`. */
export function run(model: { spec: ModelSpec; cache: CacheSpec }, seed: number, more: ModelExtension[] = []): Result {
  const r = new ModelRun({ model: model.spec, caches: [model.cache] }, { seed, engineVersion: "test", extensions: more });
  r.advance();
  return r.result();
}
