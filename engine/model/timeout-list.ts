/**
 * Timeouts of one hop, kept in a FIFO instead of the event queue.
 *
 * Every attempt of a hop arms the same timeout duration, so deadlines are armed in
 * nondecreasing order: a FIFO is already sorted. Only the earliest live deadline needs a
 * kernel event. Cancelling is O(1) (the job disarms its timeout; the entry dies in place and
 * is skipped later). This replaces one heap push and one heap removal per attempt (the
 * commonest pair of operations in a busy model: nearly every timeout is cancelled) by two
 * array writes, and the list schedules about one kernel event per timeout duration instead
 * of one per request. The same trick as the per-duration timer lists of Linux's and Netty's
 * timer wheels.
 *
 * Memory is bounded by the number of attempts armed within one timeout duration.
 */
import { unwrappedRing } from "../core/typed-arrays";

export class TimeoutList {
  private deadlineMs = new Float64Array(64);
  private jobIds = new Int32Array(64);
  private jobGens = new Int32Array(64);
  private head = 0;
  private tail = 0;
  private size = 0;
  /** Whether a kernel event is scheduled for this list. */
  tickPending = false;

  constructor(readonly id: number, readonly timeoutMs: number) {}

  /** Number of entries (live or dead) held. */
  get length(): number {
    return this.size;
  }

  /** Arms a timeout for job (id, gen) at `deadlineMs`; must not be earlier than the last armed. */
  push(deadlineMs: number, jobId: number, jobGen: number): void {
    if (this.size === this.deadlineMs.length) this.grow();
    const mask = this.deadlineMs.length - 1;
    this.deadlineMs[this.tail] = deadlineMs;
    this.jobIds[this.tail] = jobId;
    this.jobGens[this.tail] = jobGen;
    this.tail = (this.tail + 1) & mask;
    this.size++;
  }

  /** Deadline of the oldest entry, ms; Infinity when empty. */
  headDeadlineMs(): number {
    return this.size > 0 ? this.deadlineMs[this.head]! : Infinity;
  }

  headJobId(): number {
    return this.jobIds[this.head]!;
  }

  headJobGen(): number {
    return this.jobGens[this.head]!;
  }

  /** Removes the oldest entry. */
  shift(): void {
    this.head = (this.head + 1) & (this.deadlineMs.length - 1);
    this.size--;
  }

  /** Doubles the ring (called when full), the oldest entry first. */
  private grow(): void {
    this.deadlineMs = unwrappedRing(this.deadlineMs, this.head);
    this.jobIds = unwrappedRing(this.jobIds, this.head);
    this.jobGens = unwrappedRing(this.jobGens, this.head);
    this.head = 0;
    this.tail = this.size;
  }
}
