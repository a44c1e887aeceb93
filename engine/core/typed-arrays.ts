/**
 * Growing typed arrays. The engine keeps records as struct-of-arrays (one typed array per
 * field: nodes, balancer members, write pools, cache slots, the event queue's slots), and when
 * an index passes the end it replaces every field's array by a longer copy. These helpers make
 * that copy: a new array of the requested length, the old contents at its front, and the new
 * slots set to `fill` (0 unless given), as `new Int32Array(length).fill(fill)` followed by
 * `set(old)` would.
 *
 * The growth policy stays with the caller, which knows its minimum size; callers double
 * (`Math.max(16, index * 2)` and the like), so n appends copy O(n) elements in total.
 * Growing is rare and off the hot path; the helpers allocate by design.
 */
import { assert } from "./assert";

function checkLength(oldLength: number, length: number): void {
  if (!(Number.isInteger(length) && length >= oldLength)) assert(false, `a typed array grows from ${oldLength} to at least as long, got length ${length}`);
}

/**
 * A copy of `array` with length `length`; slots past the old end hold `fill` (default 0).
 * @throws AssertionError if `length` is not an integer at least `array.length`.
 */
export function grownInt32(array: Int32Array, length: number, fill = 0): Int32Array<ArrayBuffer> {
  checkLength(array.length, length);
  const grown = new Int32Array(length);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

/**
 * A copy of `array` with length `length`; slots past the old end hold `fill` (default 0;
 * NaN and infinities allowed).
 * @throws AssertionError if `length` is not an integer at least `array.length`.
 */
export function grownFloat64(array: Float64Array, length: number, fill = 0): Float64Array<ArrayBuffer> {
  checkLength(array.length, length);
  const grown = new Float64Array(length);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

/**
 * A copy of `array` with length `length`; slots past the old end hold `fill` (default 0).
 * @throws AssertionError if `length` is not an integer at least `array.length`.
 */
export function grownUint8(array: Uint8Array, length: number, fill = 0): Uint8Array<ArrayBuffer> {
  checkLength(array.length, length);
  const grown = new Uint8Array(length);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

/**
 * A copy of `array` with length `length`; slots past the old end are 0.
 * @throws AssertionError if `length` is not an integer at least `array.length`.
 */
export function grownUint32(array: Uint32Array, length: number): Uint32Array<ArrayBuffer> {
  checkLength(array.length, length);
  const grown = new Uint32Array(length);
  grown.set(array);
  return grown;
}

/**
 * Grows a full ring buffer (every slot held, `head` the oldest): a new array of twice the
 * length with the contents oldest first from index 0, so the ring's new head is 0 and its
 * tail `ring.length`. How the engine's typed FIFOs (event-lane.ts, the model's timeout list)
 * grow, one field at a time.
 * @throws AssertionError if `head` is not a slot of `ring`.
 */
export function unwrappedRing(ring: Float64Array, head: number): Float64Array<ArrayBuffer>;
export function unwrappedRing(ring: Int32Array, head: number): Int32Array<ArrayBuffer>;
export function unwrappedRing(ring: Float64Array | Int32Array, head: number): Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> {
  if (!(Number.isInteger(head) && head >= 0 && head < Math.max(ring.length, 1))) assert(false, `a ring's head is one of its ${ring.length} slots, got ${head}`);
  const grown = ring instanceof Float64Array ? new Float64Array(ring.length * 2) : new Int32Array(ring.length * 2);
  grown.set(ring.subarray(head));
  grown.set(ring.subarray(0, head), ring.length - head);
  return grown;
}
