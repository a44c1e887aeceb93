/**
 * Compiles the scenario's caches (`services[i].cache`, schema-cache.ts) into CacheSpecs for
 * engine/model/cache/caches.ts, and checks what the schema cannot see field by field: launches
 * whose shares add up to more than all requests at some moment, and a catalogue plus launch
 * keys that overflow the key space. A launch at or after the end of the run has no effect
 * (like a fault after the end), so a run shortened with --duration stays valid.
 */
import type { CacheSpec, HotKeysSpec } from "../model/cache/cache-spec";
import { formatDurationMs } from "../input/units";
import type { PathSegment } from "../input/problems";
import type { CompileContext } from "./compile-context";
import type { Scenario } from "./schema";

const KEY_LIMIT = 0x7fffffff;

/**
 * Compiles every service's cache; specs in service order. Problems go to `context` (the specs
 * are only usable when the compile as a whole found none).
 */
export function compileCaches(context: CompileContext, scenario: Scenario): CacheSpec[] {
  const specs: CacheSpec[] = [];
  scenario.services.forEach((service, serviceIndex) => {
    const cache = service.cache;
    if (cache === undefined) return;
    const at = (...rest: PathSegment[]): PathSegment[] => ["services", serviceIndex, "cache", "keys", ...rest];
    const popularity = cache.keys.table !== undefined
      ? { kind: "table" as const, weights: cache.keys.table }
      : { kind: "zipf" as const, exponent: cache.keys.zipf ?? 0, count: cache.keys.count ?? 1 };
    let nextKey = popularity.kind === "table" ? popularity.weights.length : popularity.count;
    const hot: HotKeysSpec[] = cache.keys.hot.map((h) => {
      const spec: HotKeysSpec = { atMs: h.at, rampMs: h.ramp, untilMs: h.for === undefined ? Infinity : h.at + h.for, share: h.share, count: h.keys, firstKey: nextKey };
      nextKey += h.keys;
      return spec;
    });
    if (nextKey > KEY_LIMIT) context.problem(at("count"), `the catalogue and launch keys must number at most ${KEY_LIMIT}, got ${nextKey}`);
    hot.forEach((h, i) => {
      // Shares only add up while launches overlap; the total peaks when one of them starts.
      let total = 0;
      for (const other of hot) if (other.atMs <= h.atMs && h.atMs < other.untilMs) total += other.share;
      if (total > 1 + 1e-12) context.problem(at("hot", i, "share"), `launches running at ${formatDurationMs(h.atMs)} take ${formatShare(total)} of requests together (at most 100%)`);
    });
    specs.push({
      serviceIndex,
      policy: cache.policy,
      capacity: cache.capacity,
      ttlMs: cache.ttl ?? Infinity,
      ttlJitter: cache.ttlJitter ?? 0,
      coalesce: cache.coalesce,
      keys: { popularity, hot },
    });
  });
  return specs;
}

function formatShare(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}
