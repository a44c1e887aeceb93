/**
 * An open-addressing hash map from non-negative int32 keys to non-negative int32 values, on
 * typed arrays: no allocation per operation once grown, O(1) expected time per get, set and
 * delete. Caches use it to find an object's slot, and fetches in flight by key.
 *
 * Linear probing with Fibonacci hashing (multiply by 2^32 / phi and keep the high bits, which
 * spreads consecutive keys such as Zipf ranks over the table; Knuth, TAOCP vol. 3, 6.4). The
 * load factor stays at or below 1/2, and deletion shifts later entries of the probe run back
 * (Knuth's algorithm R) instead of leaving tombstones, so probe runs stay short however many
 * deletions a long run makes. The table doubles when half full; a map that never holds more
 * than n entries never grows past the smallest power of two ≥ 2n slots.
 */
import { assert } from "../../core/assert";

/** Returned by {@link KeyMap.get} for a key that is not in the map. */
export const KEY_NOT_FOUND = -1;

const EMPTY = -1;
const SLOTS_MIN = 16;
/** 2^32 / golden ratio, the multiplier of Fibonacci hashing. */
const FIBONACCI = 0x9e3779b9;

export class KeyMap {
  private keys: Int32Array;
  private values: Int32Array;
  /** log2 of the slot count; a key's home slot is the top `bits` bits of key * FIBONACCI. */
  private bits: number;
  /** Entries in the map. */
  size = 0;

  /** A map sized for `entriesExpected` entries without growing (it grows past that). */
  constructor(entriesExpected = 8) {
    assert(entriesExpected >= 0 && Number.isInteger(entriesExpected), "KeyMap: entriesExpected must be an integer ≥ 0");
    let bits = 4;
    while ((1 << bits) < Math.max(SLOTS_MIN, entriesExpected * 2) && bits < 30) bits++;
    this.bits = bits;
    this.keys = new Int32Array(1 << bits).fill(EMPTY);
    this.values = new Int32Array(1 << bits);
  }

  /** Slots in the table (for tests of the memory bound). */
  get slotCount(): number {
    return this.keys.length;
  }

  /** The value stored for `key`, or KEY_NOT_FOUND. */
  get(key: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === key) return this.values[i]!;
      if (k === EMPTY) return KEY_NOT_FOUND;
    }
  }

  /** Stores `value` (≥ 0) for `key` (≥ 0), replacing any value it had. */
  set(key: number, value: number): void {
    if (!(key >= 0 && key <= 0x7fffffff && value >= 0)) assert(false, `KeyMap.set: key and value must be int32 ≥ 0, got ${key} -> ${value}`);
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === key) {
        this.values[i] = value;
        return;
      }
      if (k === EMPTY) {
        keys[i] = key;
        this.values[i] = value;
        this.size++;
        if (this.size * 2 > keys.length) this.grow();
        return;
      }
    }
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: number): boolean {
    const keys = this.keys;
    const values = this.values;
    const mask = keys.length - 1;
    let hole = this.home(key);
    for (; ; hole = (hole + 1) & mask) {
      const k = keys[hole]!;
      if (k === key) break;
      if (k === EMPTY) return false;
    }
    // Backward shift: move each later entry of the run into the hole unless its home slot
    // lies cyclically in (hole, j], where moving it would put it before its home.
    for (let j = (hole + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.home(keys[j]!);
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      keys[hole] = keys[j]!;
      values[hole] = values[j]!;
      hole = j;
    }
    keys[hole] = EMPTY;
    this.size--;
    return true;
  }

  /** Removes every entry, keeping the table's size. */
  clear(): void {
    if (this.size === 0) return;
    this.keys.fill(EMPTY);
    this.size = 0;
  }

  private home(key: number): number {
    return Math.imul(key, FIBONACCI) >>> (32 - this.bits);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.bits++;
    this.keys = new Int32Array(1 << this.bits).fill(EMPTY);
    this.values = new Int32Array(1 << this.bits);
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== EMPTY) this.set(oldKeys[i]!, oldValues[i]!);
  }
}
