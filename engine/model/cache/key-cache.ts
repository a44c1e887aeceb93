/**
 * The contents of one cache node: which objects (integer keys) it holds, which to evict when
 * full, and when an object expires. Two eviction policies share one interface:
 *
 * - lru (lru-cache.ts): evict the least recently used object. A doubly linked list over slot
 *   indexes plus a {@link KeyMap}; O(1) per operation.
 * - lfu (lfu-cache.ts): evict the least frequently used object, the one that reached that
 *   frequency longest ago among equals. O(1) frequency buckets (Shah, Mitra & Matani, "An O(1)
 *   algorithm for implementing the LFU cache eviction scheme", 2010). Counts are kept while
 *   an object is cached ("in-cache LFU") and never decay: under a static popularity this keeps
 *   the most popular objects and beats LRU; when popularity shifts, yesterday's hits stay.
 *
 * Either policy can add a TTL: an object expires `ttlMs` after it was inserted (or refreshed
 * by a later insert). Expiry is lazy, as in memcached: an expired object is found and removed
 * by the lookup that asks for it (a miss, counted as expired), and until then it occupies its
 * slot and can be evicted like any other. A fill may be given a shorter lifetime than `ttlMs`
 * (jittered expiry, drawn by the tier), so objects filled together do not expire together.
 *
 * Memory is bounded by the capacity: slot arrays start small and double up to `capacity`, so
 * a cache that never fills never allocates its full size; once full, no operation allocates.
 * Per object: 20 bytes of slot arrays for LRU, at most 48 for LFU (slots and buckets), plus
 * 16 to 32 for the key map (2 to 4 slots of 8 bytes).
 */
/** Outcomes of {@link KeyCache.lookup}. */
export const LOOKUP_MISS = 0;
export const LOOKUP_HIT = 1;
/** The object was cached but had expired: removed, and a miss. */
export const LOOKUP_EXPIRED = 2;

/** Eviction policies. */
export type CachePolicy = "lru" | "lfu";

/** One cache node's contents. Keys are integers in [0, 2^31). */
export interface KeyCache {
  readonly policy: CachePolicy;
  /** Objects it can hold. */
  readonly capacity: number;
  /** Time an object lives after insertion, ms; Infinity for no expiry. */
  readonly ttlMs: number;
  /** Objects held now (expired ones not yet found included). */
  readonly size: number;
  /** Objects evicted to make room, over the cache's life. */
  readonly evictions: number;
  /**
   * Looks `key` up at `nowMs`: LOOKUP_HIT (the object counts as used), LOOKUP_MISS, or
   * LOOKUP_EXPIRED (it was there but had expired; it is removed).
   */
  lookup(key: number, nowMs: number): number;
  /**
   * Puts `key` in (after a fetch), evicting by policy when full; returns whether it evicted.
   * A key already there is refreshed: its expiry restarts, LRU counts it as used, LFU leaves
   * its count and place alone. `lifetimeMs` is this fill's lifetime (default `ttlMs`); a tier
   * with `ttlJitter` draws it per fill (cache-tier.ts).
   */
  insert(key: number, nowMs: number, lifetimeMs?: number): boolean;
  /** Whether `key` is held (expired or not), without counting a use. */
  has(key: number): boolean;
  /** Empties the cache (a restarted node), keeping the memory it has grown. */
  clear(): void;
  /** Keys in eviction order, next victim first (tests and debugging; allocates). */
  evictionOrder(): number[];
}

/** Slots allocated at first (or `capacity` if smaller); they double as the cache fills. */
export const INITIAL_SLOTS = 1024;
