/**
 * The pending-event set: an indexed binary min-heap over struct-of-arrays event records.
 *
 * An event is a record of one shape, `{timeMs, seq, kind, target, data, ref}`, stored in
 * parallel typed arrays at a slot index; no object is allocated per event. The heap orders by
 * `(timeMs, seq)`, where `seq` is a counter set when the event is scheduled, so events at equal
 * times fire in insertion order (a total order: two different events never compare equal).
 *
 * Cancellation is eager: every slot knows its heap position, so `cancel` removes the event in
 * O(log n) and frees its slot. A cluster model schedules a timeout for nearly every request and
 * cancels nearly all of them; lazy deletion ("mark and skip on pop") would let those dead
 * timeouts pile up in the heap and slow every operation, eager removal keeps the heap at the
 * true pending count. Handles carry a generation number so cancelling an event that already
 * fired (or was cancelled) is a harmless no-op rather than cancelling the slot's next tenant.
 *
 * The heap keeps copies of each entry's time and sequence next to the slot index, so sifting
 * compares contiguous memory instead of chasing slot indexes (measured in `npm run bench`).
 * A calendar queue (Brown 1988, resized, one record per slot) was measured in its place on
 * 2026-12-07: equal on three-tier's ~500 pending events (bench `queue-stress` replays that
 * run's operations; the whole run alike), slower where few events wait (model-mmc 10-15 %,
 * mmc-kernel 20-25 %) and on the million-event stress (3x), so the heap stayed.
 *
 * Beside the heap, FIFO lanes (event-lane.ts) hold events that arrive already in order (a
 * fixed delay after the current time), without a handle: `pop` takes the least (time, seq) of
 * the heap's root and the lanes' heads, so the firing order does not depend on where an event
 * waited.
 */
import { AssertionError, assert } from "./assert";
import { EventLane } from "./event-lane";
import { registerSnapshotClass } from "./snapshot-codec";
import { grownFloat64, grownInt32, grownUint32 } from "./typed-arrays";

/**
 * Identifies a scheduled event for {@link EventQueue.cancel}. Encodes slot and generation;
 * treat it as opaque. `NO_EVENT` (0) never names a live event.
 */
export type EventHandle = number;

/** A handle that refers to no event; cancelling it does nothing. */
export const NO_EVENT: EventHandle = 0;

const GENERATION_FACTOR = 2 ** 26; // slots < 2^26 (67M pending events); generations < 2^27
const GENERATION_MASK = 2 ** 27 - 1;
const CAPACITY_INITIAL = 1024;

/** A priority queue of events ordered by (time, insertion sequence). */
export class EventQueue {
  private capacity = 0;
  // Per-slot record fields.
  private slotTimeMs: Float64Array<ArrayBuffer> = new Float64Array(0);
  private slotKind = new Int32Array(0);
  private slotTarget = new Int32Array(0);
  private slotData = new Float64Array(0);
  private slotRef: unknown[] = [];
  private slotGeneration = new Uint32Array(0);
  private slotHeapIndex = new Int32Array(0);
  // Free slots, used as a stack.
  private freeSlots = new Int32Array(0);
  private freeCount = 0;
  // The heap: entry i is (heapTimeMs[i], heapSeq[i], heapSlot[i]). heapTimeMs is one longer
  // than the heap can grow and holds Infinity past the last entry, so sifting down reads a
  // right child without checking the size first.
  private heapTimeMs = new Float64Array(0);
  private heapSeq = new Float64Array(0);
  private heapSlot = new Int32Array(0);
  private heapSize = 0;
  private seqNext = 0;
  /** The FIFO lanes, and how many events they hold together. */
  private lanes: EventLane[] = [];
  private laneEventCount = 0;

  // The fields of the event last returned by `pop`, valid until the next `pop`.
  /** Time of the last popped event, ms. */
  poppedTimeMs = 0;
  /** Kind of the last popped event. */
  poppedKind = 0;
  /** Target of the last popped event. */
  poppedTarget = 0;
  /** Numeric payload of the last popped event. */
  poppedData = 0;
  /** Object payload of the last popped event (null when none). */
  poppedRef: unknown = null;

  constructor(capacityInitial = CAPACITY_INITIAL) {
    this.grow(Math.max(16, capacityInitial));
  }

  /** Number of pending (scheduled, not yet fired or cancelled) events. */
  get size(): number {
    return this.heapSize + this.laneEventCount;
  }

  /** Total events ever scheduled (the next sequence number). */
  get scheduledTotal(): number {
    return this.seqNext;
  }

  /** Time of the earliest pending event, ms; `Infinity` when empty. */
  peekTimeMs(): number {
    let timeMs = this.heapSize > 0 ? this.heapTimeMs[0]! : Infinity;
    if (this.laneEventCount > 0) {
      const lanes = this.lanes;
      for (let l = 0; l < lanes.length; l++) {
        const lane = lanes[l]!;
        if (lane.size > 0 && lane.timeMs[lane.head]! < timeMs) timeMs = lane.timeMs[lane.head]!;
      }
    }
    return timeMs;
  }

  /** Adds a FIFO lane (see the file comment) and returns its index for {@link pushToLane}. */
  addLane(): number {
    this.lanes.push(new EventLane());
    return this.lanes.length - 1;
  }

  /** Number of FIFO lanes. */
  get laneCount(): number {
    return this.lanes.length;
  }

  /**
   * Schedules a typed event that will never be cancelled (no handle, no object payload) in FIFO
   * lane `lane` from {@link addLane}: it fires exactly where `push` would have made it fire.
   * An event earlier than the lane's last one would break the lane's order, so it goes into the
   * heap instead (correct either way; the lane pays only when its events come in order).
   */
  pushToLane(lane: number, timeMs: number, kind: number, target: number, data: number): void {
    const into = this.lanes[lane]!;
    if (!(timeMs >= into.lastTimeMs)) {
      this.push(timeMs, kind, target, data, null);
      return;
    }
    if (!(timeMs - timeMs === 0)) throw new AssertionError(`event time must be finite, got ${timeMs}`);
    into.push(timeMs, this.seqNext++, kind, target, data);
    this.laneEventCount++;
  }

  /**
   * Schedules an event and returns its handle.
   * @param timeMs absolute simulated time, ms; must be finite.
   * @param kind small integer the dispatcher switches on.
   * @param target integer the event acts on (a node index, a request id); 0 when unused.
   * @param data numeric payload; 0 when unused.
   * @param ref object payload; null when unused (avoid in hot paths: it is a pointer store).
   */
  push(timeMs: number, kind: number, target: number, data: number, ref: unknown): EventHandle {
    return this.insert(this.seqNext++, timeMs, kind, target, data, ref);
  }

  /**
   * Schedules an event with a given sequence number instead of the next one: among events at
   * the same time it fires as if it had been scheduled when the counter stood at `seq` (a
   * fractional `seq` goes between two existing events). For forks that add an event the run
   * would have scheduled earlier (engine/model/run-fork.ts); the counter does not move.
   */
  pushAsIfAt(seq: number, timeMs: number, kind: number, target: number, data: number, ref: unknown): EventHandle {
    assert(seq < this.seqNext, `sequence ${seq} is not in the past of ${this.seqNext}`);
    return this.insert(seq, timeMs, kind, target, data, ref);
  }

  /** Stores an event in a free slot and places it in the heap with sequence `seq`; returns its handle. */
  private insert(seq: number, timeMs: number, kind: number, target: number, data: number, ref: unknown): EventHandle {
    // Written out so the message is only formatted on failure (this runs for every event).
    if (!(timeMs - timeMs === 0)) throw new AssertionError(`event time must be finite, got ${timeMs}`);
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    const slot = this.freeSlots[--this.freeCount]!;
    this.slotTimeMs[slot] = timeMs;
    this.slotKind[slot] = kind;
    this.slotTarget[slot] = target;
    this.slotData[slot] = data;
    if (ref !== null) this.slotRef[slot] = ref;
    const generation = this.slotGeneration[slot]!;
    this.siftUp(this.heapSize++, timeMs, seq, slot);
    return generation * GENERATION_FACTOR + slot + 1;
  }

  /**
   * Removes the earliest event and exposes its fields in `popped*`.
   * @returns false when the queue was empty (the `popped*` fields are then unchanged).
   */
  pop(): boolean {
    if (this.laneEventCount > 0 && this.popLane()) return true;
    if (this.heapSize === 0) return false;
    const slot = this.heapSlot[0]!;
    this.poppedTimeMs = this.heapTimeMs[0]!;
    this.poppedKind = this.slotKind[slot]!;
    this.poppedTarget = this.slotTarget[slot]!;
    this.poppedData = this.slotData[slot]!;
    this.poppedRef = this.slotRef[slot] ?? null;
    this.removeAt(0);
    this.release(slot);
    return true;
  }

  /** Pops the head of a lane if one precedes the heap's root; false when none does. */
  private popLane(): boolean {
    let best: EventLane | null = null;
    let bestTimeMs = Infinity;
    let bestSeq = Infinity;
    if (this.heapSize > 0) {
      bestTimeMs = this.heapTimeMs[0]!;
      bestSeq = this.heapSeq[0]!;
    }
    const lanes = this.lanes;
    for (let l = 0; l < lanes.length; l++) {
      const lane = lanes[l]!;
      if (lane.size === 0) continue;
      const timeMs = lane.timeMs[lane.head]!;
      if (timeMs < bestTimeMs || (timeMs === bestTimeMs && lane.seq[lane.head]! < bestSeq)) {
        best = lane;
        bestTimeMs = timeMs;
        bestSeq = lane.seq[lane.head]!;
      }
    }
    if (best === null) return false;
    const head = best.head;
    this.poppedTimeMs = bestTimeMs;
    this.poppedKind = best.kind[head]!;
    this.poppedTarget = best.target[head]!;
    this.poppedData = best.data[head]!;
    this.poppedRef = null;
    best.shift();
    this.laneEventCount--;
    return true;
  }

  /**
   * Cancels a pending event. Cancelling an event that already fired, was already cancelled,
   * or {@link NO_EVENT} returns false and changes nothing.
   */
  cancel(handle: EventHandle): boolean {
    if (handle <= 0) return false;
    const slot = (handle - 1) % GENERATION_FACTOR;
    const generation = (handle - 1 - slot) / GENERATION_FACTOR;
    if (slot >= this.capacity || this.slotGeneration[slot] !== generation) return false;
    const index = this.slotHeapIndex[slot]!;
    if (index < 0) return false;
    this.removeAt(index);
    this.release(slot);
    return true;
  }

  /** Whether `handle` names an event that is still pending. */
  isPending(handle: EventHandle): boolean {
    if (handle <= 0) return false;
    const slot = (handle - 1) % GENERATION_FACTOR;
    const generation = (handle - 1 - slot) / GENERATION_FACTOR;
    return slot < this.capacity && this.slotGeneration[slot] === generation && this.slotHeapIndex[slot]! >= 0;
  }

  /** Scheduled time of a pending event, ms; NaN if it is not pending. */
  timeOf(handle: EventHandle): number {
    if (!this.isPending(handle)) return NaN;
    return this.slotTimeMs[(handle - 1) % GENERATION_FACTOR]!;
  }

  /** The object payloads of the pending events, in slot order (for forks and inspection). */
  pendingRefs(): unknown[] {
    const refs: unknown[] = [];
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.slotHeapIndex[slot]! >= 0 && this.slotRef[slot] !== null) refs.push(this.slotRef[slot]);
    }
    return refs;
  }

  /** Checks the heap property over the whole heap and the lanes' order; for tests. @throws AssertionError */
  checkInvariants(): void {
    for (let i = 1; i < this.heapSize; i++) {
      const parent = (i - 1) >> 1;
      assert(!this.less(i, parent), `heap order broken at ${i}`);
      assert(this.slotHeapIndex[this.heapSlot[i]!] === i, `slot index broken at ${i}`);
    }
    for (let i = this.heapSize; i < this.heapTimeMs.length; i++) assert(this.heapTimeMs[i] === Infinity, `heap time past the end is not Infinity at ${i}`);
    let laneEvents = 0;
    for (const lane of this.lanes) {
      const mask = lane.timeMs.length - 1;
      for (let i = 1; i < lane.size; i++) {
        const at = (lane.head + i) & mask;
        const before = (lane.head + i - 1) & mask;
        assert(lane.timeMs[before]! <= lane.timeMs[at]! && lane.seq[before]! < lane.seq[at]!, `lane order broken at ${i}`);
      }
      laneEvents += lane.size;
    }
    assert(laneEvents === this.laneEventCount, `lanes hold ${laneEvents} events, counted ${this.laneEventCount}`);
  }

  private less(i: number, j: number): boolean {
    const ti = this.heapTimeMs[i]!;
    const tj = this.heapTimeMs[j]!;
    return ti < tj || (ti === tj && this.heapSeq[i]! < this.heapSeq[j]!);
  }

  /** Places (time, seq, slot) at or above hole `index`, moving larger parents down. */
  private siftUp(index: number, timeMs: number, seq: number, slot: number): void {
    const heapTimeMs = this.heapTimeMs;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const slotHeapIndex = this.slotHeapIndex;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const tp = heapTimeMs[parent]!;
      if (tp < timeMs || (tp === timeMs && heapSeq[parent]! < seq)) break;
      heapTimeMs[i] = tp;
      heapSeq[i] = heapSeq[parent]!;
      const moved = heapSlot[parent]!;
      heapSlot[i] = moved;
      slotHeapIndex[moved] = i;
      i = parent;
    }
    heapTimeMs[i] = timeMs;
    heapSeq[i] = seq;
    heapSlot[i] = slot;
    slotHeapIndex[slot] = i;
  }

  /** Places (time, seq, slot) at or below hole `index`, moving smaller children up. */
  private siftDown(index: number, timeMs: number, seq: number, slot: number): void {
    const heapTimeMs = this.heapTimeMs;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const slotHeapIndex = this.slotHeapIndex;
    const size = this.heapSize;
    let i = index;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      // The right child, or Infinity past the end (see heapTimeMs). Which child is less is a
      // coin toss, so a branch on it is mispredicted half the time: the index is computed from
      // the comparison instead (no branch), and only a tie (rare) takes one.
      const tl = heapTimeMs[child]!;
      const tr = heapTimeMs[child + 1]!;
      if (tr === tl) {
        if (heapSeq[child + 1]! < heapSeq[child]!) child++;
      } else {
        child += +(tr < tl);
      }
      const tc = heapTimeMs[child]!;
      if (timeMs < tc || (timeMs === tc && seq < heapSeq[child]!)) break;
      heapTimeMs[i] = tc;
      heapSeq[i] = heapSeq[child]!;
      const moved = heapSlot[child]!;
      heapSlot[i] = moved;
      slotHeapIndex[moved] = i;
      i = child;
    }
    heapTimeMs[i] = timeMs;
    heapSeq[i] = seq;
    heapSlot[i] = slot;
    slotHeapIndex[slot] = i;
  }

  /** Removes heap entry `index`, refilling the hole with the last entry. */
  private removeAt(index: number): void {
    const last = --this.heapSize;
    const timeMs = this.heapTimeMs[last]!;
    this.heapTimeMs[last] = Infinity;
    if (index === last) return;
    const seq = this.heapSeq[last]!;
    const slot = this.heapSlot[last]!;
    if (index > 0 && (timeMs < this.heapTimeMs[(index - 1) >> 1]! ||
        (timeMs === this.heapTimeMs[(index - 1) >> 1]! && seq < this.heapSeq[(index - 1) >> 1]!))) {
      this.siftUp(index, timeMs, seq, slot);
    } else {
      this.siftDown(index, timeMs, seq, slot);
    }
  }

  private release(slot: number): void {
    this.slotHeapIndex[slot] = -1;
    if (this.slotRef[slot] !== null) this.slotRef[slot] = null;
    // A new generation makes every old handle to this slot stale.
    this.slotGeneration[slot] = (this.slotGeneration[slot]! + 1) & GENERATION_MASK;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(capacityNew: number): void {
    const capacityOld = this.capacity;
    assert(capacityNew < GENERATION_FACTOR, `event queue cannot hold more than ${GENERATION_FACTOR - 1} pending events`);
    this.slotTimeMs = grownFloat64(this.slotTimeMs, capacityNew);
    this.slotKind = grownInt32(this.slotKind, capacityNew);
    this.slotTarget = grownInt32(this.slotTarget, capacityNew);
    this.slotData = grownFloat64(this.slotData, capacityNew);
    this.slotGeneration = grownUint32(this.slotGeneration, capacityNew);
    this.slotHeapIndex = grownInt32(this.slotHeapIndex, capacityNew);
    this.heapTimeMs = grownFloat64(this.heapTimeMs, capacityNew + 1, Infinity);
    this.heapSeq = grownFloat64(this.heapSeq, capacityNew);
    this.heapSlot = grownInt32(this.heapSlot, capacityNew);
    this.freeSlots = grownInt32(this.freeSlots, capacityNew);
    for (let slot = capacityOld; slot < capacityNew; slot++) this.slotRef.push(null);
    // Push new slots so the lowest index is handed out first (deterministic, cache friendly).
    for (let slot = capacityNew - 1; slot >= capacityOld; slot--) {
      this.slotHeapIndex[slot] = -1;
      this.freeSlots[this.freeCount++] = slot;
    }
    this.capacity = capacityNew;
  }
}

// The fresh queue's slots hold the fresh run's own first events: never pair them with a snapshot's.
// `poppedRef` is only valid until the next pop, so it is not state.
registerSnapshotClass("EventQueue", EventQueue, { unmatched: ["slotRef"], transient: ["poppedRef"] });
