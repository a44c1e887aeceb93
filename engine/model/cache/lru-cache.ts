/**
 * Least-recently-used eviction on typed arrays (see key-cache.ts for the shared contract).
 *
 * Objects live in slots; `prev`/`next` link the slots into one list from most recently used
 * (head) to least (tail), and a {@link KeyMap} finds a key's slot. A hit unlinks the slot and
 * relinks it at the head; an insert into a full cache reuses the tail's slot. Freed slots
 * (expired objects) form a stack threaded through `next`. Every operation is O(1) and, once
 * the arrays have grown to the capacity, allocation-free.
 */
import { assert } from "../../core/assert";
import { KEY_NOT_FOUND, KeyMap } from "./key-map";
import { grownFloat64, grownInt32 } from "../../core/typed-arrays";
import { INITIAL_SLOTS, LOOKUP_EXPIRED, LOOKUP_HIT, LOOKUP_MISS, type KeyCache } from "./key-cache";

const NONE = -1;

export class LruCache implements KeyCache {
  readonly policy = "lru" as const;
  size = 0;
  evictions = 0;
  private keyOf: Int32Array;
  private expiresMs: Float64Array;
  private prev: Int32Array;
  private next: Int32Array;
  /** Most and least recently used slots. */
  private head = NONE;
  private tail = NONE;
  /** Slots ever handed out since the last clear; slots at or past it are untouched. */
  private slotsUsed = 0;
  /** Top of the stack of freed slots (linked through `next`). */
  private freeTop = NONE;
  private readonly map: KeyMap;

  /** An empty cache of `capacity` objects whose objects live `ttlMs` (Infinity: forever). */
  constructor(readonly capacity: number, readonly ttlMs: number) {
    assert(Number.isInteger(capacity) && capacity >= 1, `LruCache: capacity must be an integer ≥ 1, got ${capacity}`);
    assert(ttlMs > 0, `LruCache: ttlMs must be > 0 (Infinity for none), got ${ttlMs}`);
    const slots = Math.min(capacity, INITIAL_SLOTS);
    this.keyOf = new Int32Array(slots);
    this.expiresMs = new Float64Array(slots);
    this.prev = new Int32Array(slots);
    this.next = new Int32Array(slots);
    this.map = new KeyMap(slots);
  }

  lookup(key: number, nowMs: number): number {
    const slot = this.map.get(key);
    if (slot === KEY_NOT_FOUND) return LOOKUP_MISS;
    if (this.expiresMs[slot]! <= nowMs) {
      this.remove(slot);
      return LOOKUP_EXPIRED;
    }
    if (slot !== this.head) {
      this.unlink(slot);
      this.linkHead(slot);
    }
    return LOOKUP_HIT;
  }

  insert(key: number, nowMs: number, lifetimeMs: number = this.ttlMs): boolean {
    let slot = this.map.get(key);
    if (slot !== KEY_NOT_FOUND) {
      this.expiresMs[slot] = nowMs + lifetimeMs;
      if (slot !== this.head) {
        this.unlink(slot);
        this.linkHead(slot);
      }
      return false;
    }
    let evicted = false;
    if (this.size === this.capacity) {
      slot = this.tail;
      this.unlink(slot);
      this.map.delete(this.keyOf[slot]!);
      this.size--;
      this.evictions++;
      evicted = true;
    } else {
      slot = this.takeFreeSlot();
    }
    this.keyOf[slot] = key;
    this.expiresMs[slot] = nowMs + lifetimeMs;
    this.linkHead(slot);
    this.map.set(key, slot);
    this.size++;
    return evicted;
  }

  has(key: number): boolean {
    return this.map.get(key) !== KEY_NOT_FOUND;
  }

  clear(): void {
    this.map.clear();
    this.size = 0;
    this.head = NONE;
    this.tail = NONE;
    this.slotsUsed = 0;
    this.freeTop = NONE;
  }

  evictionOrder(): number[] {
    const keys: number[] = [];
    for (let slot = this.tail; slot !== NONE; slot = this.prev[slot]!) keys.push(this.keyOf[slot]!);
    return keys;
  }

  private remove(slot: number): void {
    this.unlink(slot);
    this.map.delete(this.keyOf[slot]!);
    this.next[slot] = this.freeTop;
    this.freeTop = slot;
    this.size--;
  }

  private takeFreeSlot(): number {
    if (this.freeTop !== NONE) {
      const slot = this.freeTop;
      this.freeTop = this.next[slot]!;
      return slot;
    }
    if (this.slotsUsed === this.keyOf.length) this.grow();
    return this.slotsUsed++;
  }

  private grow(): void {
    const length = Math.min(this.capacity, this.keyOf.length * 2);
    if (!(length > this.keyOf.length)) assert(false, "LruCache: grew past its capacity");
    this.keyOf = grownInt32(this.keyOf, length);
    this.expiresMs = grownFloat64(this.expiresMs, length);
    this.prev = grownInt32(this.prev, length);
    this.next = grownInt32(this.next, length);
  }

  private unlink(slot: number): void {
    const before = this.prev[slot]!;
    const after = this.next[slot]!;
    if (before === NONE) this.head = after;
    else this.next[before] = after;
    if (after === NONE) this.tail = before;
    else this.prev[after] = before;
  }

  private linkHead(slot: number): void {
    this.prev[slot] = NONE;
    this.next[slot] = this.head;
    if (this.head === NONE) this.tail = slot;
    else this.prev[this.head] = slot;
    this.head = slot;
  }
}
