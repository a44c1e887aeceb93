/**
 * The cache data structures fuzzed against simple models: the open-addressing KeyMap against
 * a Map, the typed-array LRU against a Map-based LRU (a Map keeps insertion order, so
 * delete-then-set moves a key to the back and the first key is the least recently used), and
 * the LFU buckets against a list scanned for the smallest (count, time it reached that count).
 * Each case is a seeded loop; a failure names the seed and the step that diverged.
 */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../core/rng";
import { LOOKUP_EXPIRED, LOOKUP_HIT, LOOKUP_MISS, type KeyCache } from "./key-cache";
import { KEY_NOT_FOUND, KeyMap } from "./key-map";
import { LfuCache } from "./lfu-cache";
import { LruCache } from "./lru-cache";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** A cheap per-step check (expect() per step would dominate the run time). */
function same<T>(actual: T, expected: T, where: string): void {
  if (actual !== expected) throw new Error(`${where}: got ${String(actual)}, the model says ${String(expected)}`);
}

/** Map-based LRU with lazy TTL expiry: the reference model. */
class ModelLru {
  readonly entries = new Map<number, number>(); // key -> expiresMs, oldest use first
  evictions = 0;
  constructor(readonly capacity: number, readonly ttlMs: number) {}
  lookup(key: number, nowMs: number): number {
    const expires = this.entries.get(key);
    if (expires === undefined) return LOOKUP_MISS;
    this.entries.delete(key);
    if (expires <= nowMs) return LOOKUP_EXPIRED;
    this.entries.set(key, expires);
    return LOOKUP_HIT;
  }
  insert(key: number, nowMs: number): boolean {
    if (this.entries.has(key)) {
      this.entries.delete(key);
      this.entries.set(key, nowMs + this.ttlMs);
      return false;
    }
    let evicted = false;
    if (this.entries.size === this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
      this.evictions++;
      evicted = true;
    }
    this.entries.set(key, nowMs + this.ttlMs);
    return evicted;
  }
  order(): number[] {
    return [...this.entries.keys()];
  }
  clear(): void {
    this.entries.clear();
  }
  get size(): number {
    return this.entries.size;
  }
}

/** List-based LFU: evict the smallest count, then the earliest time it reached that count. */
class ModelLfu {
  readonly entries: Array<{ key: number; count: number; since: number; expiresMs: number }> = [];
  private clock = 0;
  evictions = 0;
  constructor(readonly capacity: number, readonly ttlMs: number) {}
  lookup(key: number, nowMs: number): number {
    const at = this.entries.findIndex((e) => e.key === key);
    if (at < 0) return LOOKUP_MISS;
    const e = this.entries[at]!;
    if (e.expiresMs <= nowMs) {
      this.entries.splice(at, 1);
      return LOOKUP_EXPIRED;
    }
    e.count++;
    e.since = this.clock++;
    return LOOKUP_HIT;
  }
  insert(key: number, nowMs: number): boolean {
    const found = this.entries.find((e) => e.key === key);
    if (found) {
      found.expiresMs = nowMs + this.ttlMs;
      return false;
    }
    let evicted = false;
    if (this.entries.length === this.capacity) {
      this.entries.splice(this.entries.indexOf(this.order()[0]!), 1);
      this.evictions++;
      evicted = true;
    }
    this.entries.push({ key, count: 1, since: this.clock++, expiresMs: nowMs + this.ttlMs });
    return evicted;
  }
  order(): Array<{ key: number; count: number; since: number; expiresMs: number }> {
    return [...this.entries].sort((a, b) => a.count - b.count || a.since - b.since);
  }
  clear(): void {
    this.entries.length = 0;
  }
  get size(): number {
    return this.entries.length;
  }
}

/** Drives a cache and its model with the same random operations and compares every answer. */
function fuzzCache(seed: number, make: (capacity: number, ttlMs: number) => { cache: KeyCache; model: ModelLru | ModelLfu; order: () => number[] }): void {
  const rng = new RandomStreams(seed).get("fuzz");
  const capacity = 1 + Math.floor(rng.next() * 40);
  const keySpace = capacity + 1 + Math.floor(rng.next() * 3 * capacity);
  const ttlMs = rng.next() < 0.5 ? Infinity : 5 + rng.next() * 50;
  const { cache, model, order } = make(capacity, ttlMs);
  let nowMs = 0;
  for (let step = 0; step < 4000; step++) {
    nowMs += rng.next();
    // Skewed keys so some stay hot: the square of a uniform favours small keys.
    const key = Math.floor(rng.next() ** 2 * keySpace);
    const op = rng.next();
    const where = `seed ${seed}, step ${step} (capacity ${capacity}, ttl ${ttlMs}): key ${key}`;
    if (op < 0.6) same(cache.lookup(key, nowMs), model.lookup(key, nowMs), `${where} lookup`);
    else if (op < 0.98) same(cache.insert(key, nowMs), model.insert(key, nowMs), `${where} insert`);
    else {
      cache.clear();
      model.clear();
    }
    same(cache.size, model.size, `${where} size`);
    if (step % 97 === 0) expect(cache.evictionOrder(), `${where} eviction order`).toEqual(order());
  }
  expect(cache.evictions).toBe(model.evictions);
}

describe("KeyMap", () => {
  it("agrees with a Map under random sets, gets and deletes", () => {
    for (const seed of SEEDS) {
      const rng = new RandomStreams(seed).get("fuzz");
      const map = new KeyMap(4);
      const model = new Map<number, number>();
      const keySpace = 1 + Math.floor(rng.next() * 2000);
      for (let step = 0; step < 20000; step++) {
        const key = Math.floor(rng.next() * keySpace);
        const op = rng.next();
        if (op < 0.4) {
          const value = Math.floor(rng.next() * 1e6);
          map.set(key, value);
          model.set(key, value);
        } else if (op < 0.7) {
          same(map.delete(key), model.delete(key), `seed ${seed}, step ${step}: delete ${key}`);
        } else {
          same(map.get(key), model.get(key) ?? KEY_NOT_FOUND, `seed ${seed}, step ${step}: get ${key}`);
        }
        same(map.size, model.size, `seed ${seed}, step ${step}: size`);
      }
      for (let key = 0; key < keySpace; key++) same(map.get(key), model.get(key) ?? KEY_NOT_FOUND, `seed ${seed}: final get ${key}`);
    }
  });

  it("never grows past twice the entries it was sized for", () => {
    const map = new KeyMap(1000);
    const slots = map.slotCount;
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 1000; k++) map.set(round * 1000 + k, k);
      for (let k = 0; k < 1000; k++) map.delete(round * 1000 + k);
    }
    expect(map.slotCount).toBe(slots);
    expect(slots).toBeLessThanOrEqual(2048);
  });

  it("finds keys whose probe runs wrap around the end of the table", () => {
    const map = new KeyMap(8);
    // Large keys hash anywhere; fill to the load limit so runs wrap, then delete from the middle.
    const keys = Array.from({ length: 8 }, (_, i) => 0x7fffffff - i * 7919);
    keys.forEach((k, i) => map.set(k, i));
    map.delete(keys[3]!);
    keys.forEach((k, i) => expect(map.get(k)).toBe(i === 3 ? KEY_NOT_FOUND : i));
  });
});

describe("LRU cache", () => {
  it("agrees with a Map-based LRU (hits, expiry, evictions, order)", () => {
    for (const seed of SEEDS) {
      fuzzCache(seed, (capacity, ttlMs) => {
        const model = new ModelLru(capacity, ttlMs);
        return { cache: new LruCache(capacity, ttlMs), model, order: () => model.order() };
      });
    }
  });

  it("evicts the least recently used object", () => {
    const cache = new LruCache(2, Infinity);
    cache.insert(1, 0);
    cache.insert(2, 0);
    expect(cache.lookup(1, 1)).toBe(LOOKUP_HIT);
    expect(cache.insert(3, 2)).toBe(true); // 2 was least recently used
    expect(cache.has(2)).toBe(false);
    expect(cache.evictionOrder()).toEqual([1, 3]);
  });

  it("grows its arrays only up to its capacity", () => {
    const cache = new LruCache(3000, Infinity);
    for (let key = 0; key < 10_000; key++) cache.insert(key, key);
    expect(cache.size).toBe(3000);
    expect(cache.evictions).toBe(7000);
    expect(cache.evictionOrder().slice(0, 3)).toEqual([7000, 7001, 7002]);
  });
});

describe("LFU cache", () => {
  it("agrees with a list-based LFU (counts, ties by age at the count, expiry)", () => {
    for (const seed of SEEDS) {
      fuzzCache(seed, (capacity, ttlMs) => {
        const model = new ModelLfu(capacity, ttlMs);
        return { cache: new LfuCache(capacity, ttlMs), model, order: () => model.order().map((e) => e.key) };
      });
    }
  });

  it("keeps a frequently used object over a recently used one", () => {
    const cache = new LfuCache(2, Infinity);
    cache.insert(1, 0);
    for (let i = 0; i < 5; i++) cache.lookup(1, i);
    cache.insert(2, 10);
    cache.insert(3, 11); // evicts 2 (count 1), not 1 (count 6)
    expect(cache.has(1)).toBe(true);
    expect(cache.has(2)).toBe(false);
    expect(cache.countOf(1)).toBe(6);
  });

  it("expires an object ttl after its fill, as a miss the lookup reports", () => {
    const cache = new LfuCache(4, 100);
    cache.insert(7, 0);
    expect(cache.lookup(7, 99.9)).toBe(LOOKUP_HIT);
    expect(cache.lookup(7, 100)).toBe(LOOKUP_EXPIRED);
    expect(cache.lookup(7, 101)).toBe(LOOKUP_MISS);
  });
});
