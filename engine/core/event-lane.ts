/**
 * A FIFO lane of the event queue: pending events that arrive already sorted, kept in a ring
 * buffer instead of the heap.
 *
 * Events scheduled a fixed delay after the current time (a constant network latency, say) are
 * scheduled in nondecreasing time order, since the clock never goes back, and with increasing
 * sequence numbers: a FIFO of them is already sorted by (time, seq), the heap's order. The
 * queue (event-queue.ts) merges the heads of its lanes with the heap's root when it pops, so an
 * event fires at the same place in the global order whichever structure held it, and each
 * such event costs two array writes and a comparison instead of a heap push and a heap removal
 * (which sift through log2(pending) levels); the heap also stays smaller for everything else.
 * The same idea as the per-duration timer lists of timer wheels, and as timeout-list.ts in the
 * model.
 *
 * A lane holds typed records only (kind, target, data; no object payload) and hands out no
 * handles: what goes into a lane is never cancelled. Memory is bounded by the events pending
 * in it (the ring doubles when full).
 */
import { registerSnapshotClass } from "./snapshot-codec";
import { unwrappedRing } from "./typed-arrays";

const CAPACITY_INITIAL = 64;

/** One FIFO lane (see the file comment); owned and read by EventQueue. */
export class EventLane {
  /** Ring buffer of the pending events' fields; capacity is a power of two. */
  timeMs = new Float64Array(CAPACITY_INITIAL);
  /** Sequence numbers (the queue's counter when each event was scheduled). */
  seq = new Float64Array(CAPACITY_INITIAL);
  kind = new Int32Array(CAPACITY_INITIAL);
  target = new Int32Array(CAPACITY_INITIAL);
  data = new Float64Array(CAPACITY_INITIAL);
  /** Ring index of the oldest pending event. */
  head = 0;
  /** Number of pending events. */
  size = 0;
  /** Time of the event pushed last, ms: a lane accepts no earlier event. */
  lastTimeMs = -Infinity;

  /** Appends an event; `timeMs` must not be before {@link lastTimeMs} (the queue checks). */
  push(timeMs: number, seq: number, kind: number, target: number, data: number): void {
    if (this.size === this.timeMs.length) this.grow();
    const at = (this.head + this.size) & (this.timeMs.length - 1);
    this.timeMs[at] = timeMs;
    this.seq[at] = seq;
    this.kind[at] = kind;
    this.target[at] = target;
    this.data[at] = data;
    this.size++;
    this.lastTimeMs = timeMs;
  }

  /** Drops the oldest event (the caller has read its fields at `head`). */
  shift(): void {
    this.head = (this.head + 1) & (this.timeMs.length - 1);
    this.size--;
  }

  /** Doubles the ring (called when full), the oldest event first. */
  private grow(): void {
    this.timeMs = unwrappedRing(this.timeMs, this.head);
    this.seq = unwrappedRing(this.seq, this.head);
    this.kind = unwrappedRing(this.kind, this.head);
    this.target = unwrappedRing(this.target, this.head);
    this.data = unwrappedRing(this.data, this.head);
    this.head = 0;
  }
}

registerSnapshotClass("EventLane", EventLane);
