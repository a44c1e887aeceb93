/**
 * Caches (issue 9):
 * - cache-structures: the typed-array LRU and the O(1)-bucket LFU on their own, 100k objects,
 *   Zipf 0.9 keys over 1M objects, 5M requests each (a lookup, and an insert on a miss);
 *   "model events" are requests here. Sanity: the LRU hit ratio against Che's approximation.
 *   Peak RSS shows the bounded memory: both caches full stay near 10 MB of arrays.
 * - model-cache-stampede: scenarios/cache-stampede.yaml with coalescing, 6 simulated minutes
 *   at 3k requests/s through the whole model. Sanity: availability.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { RandomStreams } from "../engine/core/rng";
import { simulate } from "../engine/index";
import { cheHitRatio } from "../engine/theory/cache";
import { LOOKUP_HIT, type KeyCache } from "../engine/model/cache/key-cache";
import { ZipfSampler, zipfProbabilities } from "../engine/model/cache/key-popularity";
import { LfuCache } from "../engine/model/cache/lfu-cache";
import { LruCache } from "../engine/model/cache/lru-cache";
import type { BenchRecord } from "./record";

const KEYS = 1_000_000;
const CAPACITY = 100_000;
const REQUESTS = 5_000_000;

function drive(cache: KeyCache, keys: Int32Array): { wallMs: number; hitRatio: number } {
  let hits = 0;
  const startMs = performance.now();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (cache.lookup(key, i) === LOOKUP_HIT) hits++;
    else cache.insert(key, i);
  }
  return { wallMs: performance.now() - startMs, hitRatio: hits / keys.length };
}

export function benchCacheStructures(): BenchRecord[] {
  // Draw the keys first so the timing is the cache's alone.
  const stream = new RandomStreams(1).get("bench/keys");
  const sampler = new ZipfSampler(KEYS, 0.9);
  const keys = new Int32Array(REQUESTS);
  for (let i = 0; i < REQUESTS; i++) keys[i] = sampler.sample(stream) - 1;
  const che = cheHitRatio(zipfProbabilities(KEYS, 0.9), CAPACITY);
  drive(new LruCache(CAPACITY, Infinity), keys.subarray(0, 500_000)); // warm the JIT
  drive(new LfuCache(CAPACITY, Infinity), keys.subarray(0, 500_000));
  const lru = drive(new LruCache(CAPACITY, Infinity), keys);
  const lfu = drive(new LfuCache(CAPACITY, Infinity), keys);
  return [
    {
      name: "cache-lru-100k-zipf0.9",
      modelEventsPerS: REQUESTS / (lru.wallMs / 1000),
      wallMs: lru.wallMs,
      // The run includes the cold start (10x the capacity in requests), so it sits a little below Che.
      sanity: { label: "hit ratio vs Che", value: lru.hitRatio, expected: che, ok: Math.abs(lru.hitRatio - che) < 0.02 },
      notes: `${REQUESTS} requests (lookup, insert on a miss) over ${KEYS} keys`,
    },
    {
      name: "cache-lfu-100k-zipf0.9",
      modelEventsPerS: REQUESTS / (lfu.wallMs / 1000),
      wallMs: lfu.wallMs,
      sanity: { label: "hit ratio (> LRU)", value: lfu.hitRatio, ok: lfu.hitRatio > lru.hitRatio },
    },
  ];
}

export function benchModelCacheStampede(): BenchRecord[] {
  const text = readFileSync(path.join(process.cwd(), "scenarios/cache-stampede.yaml"), "utf8");
  const coalesce = "services.cache.cache.coalesce=true";
  simulate(text, { overrides: [coalesce, "run.duration=20s", "run.warmup=0s"] }); // warm the JIT
  const startMs = performance.now();
  const result = simulate(text, { overrides: [coalesce] });
  const wallMs = performance.now() - startMs;
  const availability = result.requests.successRate ?? 0;
  return [{
    name: "model-cache-stampede-6min",
    modelEventsPerS: result.events / (wallMs / 1000),
    wallMs,
    sanity: { label: "availability", value: availability, ok: availability > 0.995 },
    notes: `${result.requests.completed} requests, ${result.events} kernel events, hit ratio ${result.caches[0]!.hitRatio!.toFixed(3)}`,
  }];
}
