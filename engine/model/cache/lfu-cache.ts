/**
 * Least-frequently-used eviction with O(1) frequency buckets (Shah, Mitra & Matani 2010), on
 * typed arrays (see key-cache.ts for the shared contract and the policy's known weakness).
 *
 * Objects live in slots. Each distinct use count present in the cache has a bucket; buckets
 * form a list in increasing count, and each holds its slots in a list from the most recent
 * arrival at that count (head) to the oldest (tail). A hit moves the slot to the head of the
 * next bucket (count + 1), creating it if needed, or bumps its bucket's count in place when
 * the slot is alone there. The victim is the tail of the first bucket: the least used object,
 * and among those the one that reached that count longest ago. A new object enters the
 * count-1 bucket. Every step touches a constant number of slots and buckets.
 *
 * There are never more non-empty buckets than objects, so bucket arrays are bounded by the
 * capacity (one spare covers the moment a hit needs a new bucket before freeing the old one).
 */
import { assert } from "../../core/assert";
import { KEY_NOT_FOUND, KeyMap } from "./key-map";
import { grownFloat64, grownInt32 } from "../../core/typed-arrays";
import { INITIAL_SLOTS, LOOKUP_EXPIRED, LOOKUP_HIT, LOOKUP_MISS, type KeyCache } from "./key-cache";

const NONE = -1;

export class LfuCache implements KeyCache {
  readonly policy = "lfu" as const;
  size = 0;
  evictions = 0;
  // Slots.
  private keyOf: Int32Array;
  private expiresMs: Float64Array;
  private prev: Int32Array;
  private next: Int32Array;
  private bucketOf: Int32Array;
  private slotsUsed = 0;
  private freeSlotTop = NONE;
  // Buckets.
  private count: Float64Array;
  private bucketHead: Int32Array;
  private bucketTail: Int32Array;
  private bucketPrev: Int32Array;
  private bucketNext: Int32Array;
  private bucketsUsed = 0;
  private freeBucketTop = NONE;
  /** The bucket with the lowest count. */
  private firstBucket = NONE;
  private readonly map: KeyMap;

  /** An empty cache of `capacity` objects whose objects live `ttlMs` (Infinity: forever). */
  constructor(readonly capacity: number, readonly ttlMs: number) {
    assert(Number.isInteger(capacity) && capacity >= 1, `LfuCache: capacity must be an integer ≥ 1, got ${capacity}`);
    assert(ttlMs > 0, `LfuCache: ttlMs must be > 0 (Infinity for none), got ${ttlMs}`);
    const slots = Math.min(capacity, INITIAL_SLOTS);
    this.keyOf = new Int32Array(slots);
    this.expiresMs = new Float64Array(slots);
    this.prev = new Int32Array(slots);
    this.next = new Int32Array(slots);
    this.bucketOf = new Int32Array(slots);
    this.count = new Float64Array(slots + 1);
    this.bucketHead = new Int32Array(slots + 1);
    this.bucketTail = new Int32Array(slots + 1);
    this.bucketPrev = new Int32Array(slots + 1);
    this.bucketNext = new Int32Array(slots + 1);
    this.map = new KeyMap(slots);
  }

  lookup(key: number, nowMs: number): number {
    const slot = this.map.get(key);
    if (slot === KEY_NOT_FOUND) return LOOKUP_MISS;
    if (this.expiresMs[slot]! <= nowMs) {
      this.detach(slot);
      this.map.delete(key);
      this.next[slot] = this.freeSlotTop;
      this.freeSlotTop = slot;
      this.size--;
      return LOOKUP_EXPIRED;
    }
    this.promote(slot);
    return LOOKUP_HIT;
  }

  insert(key: number, nowMs: number, lifetimeMs: number = this.ttlMs): boolean {
    let slot = this.map.get(key);
    if (slot !== KEY_NOT_FOUND) {
      this.expiresMs[slot] = nowMs + lifetimeMs;
      return false;
    }
    let evicted = false;
    if (this.size === this.capacity) {
      slot = this.bucketTail[this.firstBucket]!;
      this.detach(slot);
      this.map.delete(this.keyOf[slot]!);
      this.size--;
      this.evictions++;
      evicted = true;
    } else {
      slot = this.takeSlot();
    }
    this.keyOf[slot] = key;
    this.expiresMs[slot] = nowMs + lifetimeMs;
    let bucket = this.firstBucket;
    if (bucket === NONE || this.count[bucket] !== 1) bucket = this.newBucketAfter(NONE, 1);
    this.attach(slot, bucket);
    this.map.set(key, slot);
    this.size++;
    return evicted;
  }

  has(key: number): boolean {
    return this.map.get(key) !== KEY_NOT_FOUND;
  }

  /** Uses counted for `key` while cached, or 0 when absent (tests). */
  countOf(key: number): number {
    const slot = this.map.get(key);
    return slot === KEY_NOT_FOUND ? 0 : this.count[this.bucketOf[slot]!]!;
  }

  clear(): void {
    this.map.clear();
    this.size = 0;
    this.slotsUsed = 0;
    this.freeSlotTop = NONE;
    this.bucketsUsed = 0;
    this.freeBucketTop = NONE;
    this.firstBucket = NONE;
  }

  evictionOrder(): number[] {
    const keys: number[] = [];
    for (let b = this.firstBucket; b !== NONE; b = this.bucketNext[b]!) {
      for (let slot = this.bucketTail[b]!; slot !== NONE; slot = this.prev[slot]!) keys.push(this.keyOf[slot]!);
    }
    return keys;
  }

  /** A hit: move the slot from its bucket (count c) to the head of the count c + 1 bucket. */
  private promote(slot: number): void {
    const bucket = this.bucketOf[slot]!;
    const countNext = this.count[bucket]! + 1;
    const following = this.bucketNext[bucket]!;
    if (following !== NONE && this.count[following] === countNext) {
      this.detach(slot);
      this.attach(slot, following);
    } else if (this.bucketHead[bucket] === slot && this.bucketTail[bucket] === slot) {
      this.count[bucket] = countNext; // alone: the bucket moves up, order is kept
    } else {
      const created = this.newBucketAfter(bucket, countNext);
      this.detach(slot);
      this.attach(slot, created);
    }
  }

  /** Puts `slot` at the head of `bucket`. */
  private attach(slot: number, bucket: number): void {
    const head = this.bucketHead[bucket]!;
    this.prev[slot] = NONE;
    this.next[slot] = head;
    if (head === NONE) this.bucketTail[bucket] = slot;
    else this.prev[head] = slot;
    this.bucketHead[bucket] = slot;
    this.bucketOf[slot] = bucket;
  }

  /** Takes `slot` out of its bucket, freeing the bucket when it empties. */
  private detach(slot: number): void {
    const bucket = this.bucketOf[slot]!;
    const before = this.prev[slot]!;
    const after = this.next[slot]!;
    if (before === NONE) this.bucketHead[bucket] = after;
    else this.next[before] = after;
    if (after === NONE) this.bucketTail[bucket] = before;
    else this.prev[after] = before;
    if (this.bucketHead[bucket] === NONE) this.freeBucket(bucket);
  }

  /** A new empty bucket with count `count`, linked after `after` (NONE: first). */
  private newBucketAfter(after: number, count: number): number {
    let bucket: number;
    if (this.freeBucketTop !== NONE) {
      bucket = this.freeBucketTop;
      this.freeBucketTop = this.bucketNext[bucket]!;
    } else {
      if (this.bucketsUsed === this.count.length) this.growBuckets();
      bucket = this.bucketsUsed++;
    }
    const following = after === NONE ? this.firstBucket : this.bucketNext[after]!;
    this.count[bucket] = count;
    this.bucketHead[bucket] = NONE;
    this.bucketTail[bucket] = NONE;
    this.bucketPrev[bucket] = after;
    this.bucketNext[bucket] = following;
    if (after === NONE) this.firstBucket = bucket;
    else this.bucketNext[after] = bucket;
    if (following !== NONE) this.bucketPrev[following] = bucket;
    return bucket;
  }

  private freeBucket(bucket: number): void {
    const before = this.bucketPrev[bucket]!;
    const after = this.bucketNext[bucket]!;
    if (before === NONE) this.firstBucket = after;
    else this.bucketNext[before] = after;
    if (after !== NONE) this.bucketPrev[after] = before;
    this.bucketNext[bucket] = this.freeBucketTop;
    this.freeBucketTop = bucket;
  }

  private takeSlot(): number {
    if (this.freeSlotTop !== NONE) {
      const slot = this.freeSlotTop;
      this.freeSlotTop = this.next[slot]!;
      return slot;
    }
    if (this.slotsUsed === this.keyOf.length) this.growSlots();
    return this.slotsUsed++;
  }

  private growSlots(): void {
    const length = Math.min(this.capacity, this.keyOf.length * 2);
    if (!(length > this.keyOf.length)) assert(false, "LfuCache: grew past its capacity");
    this.keyOf = grownInt32(this.keyOf, length);
    this.expiresMs = grownFloat64(this.expiresMs, length);
    this.prev = grownInt32(this.prev, length);
    this.next = grownInt32(this.next, length);
    this.bucketOf = grownInt32(this.bucketOf, length);
  }

  private growBuckets(): void {
    const length = Math.min(this.capacity + 1, this.count.length * 2);
    if (!(length > this.count.length)) assert(false, "LfuCache: more buckets than objects");
    this.count = grownFloat64(this.count, length);
    this.bucketHead = grownInt32(this.bucketHead, length);
    this.bucketTail = grownInt32(this.bucketTail, length);
    this.bucketPrev = grownInt32(this.bucketPrev, length);
    this.bucketNext = grownInt32(this.bucketNext, length);
  }
}
