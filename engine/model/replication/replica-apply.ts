/**
 * The two logs behind a replica's lag, without an event per applied entry.
 *
 * {@link ApplyQueue}: a replica receives log entries in order and a single applier applies
 * them one at a time (MySQL's SQL thread, PostgreSQL's startup process). That is a FIFO
 * single-server queue, so each entry's completion follows Lindley's recursion,
 * done_k = max(arrival_k, done_(k-1)) + S_k, computed when the entry arrives. The queue keeps
 * the entries received and not yet applied (index, append time on the primary, completion)
 * and advances lazily: whoever asks "what has this replica applied by now?" pops the entries
 * done by then. Each popped entry's replication lag, done - append, goes to a sink (the lag
 * histogram and window series). Memory is bounded by the replica's backlog.
 *
 * {@link AppendTimes}: a primary's append time per log index, kept from the oldest index a
 * follower that is up may still need (trimmed as followers catch up), so entries shipped
 * again after a link broke carry their true age. A replica that was down longer comes back
 * to entries whose times are gone: their lag is left out of the histogram, and its lag now
 * is measured from the oldest time kept (a lower bound).
 */
import { assert } from "../../core/assert";

/** Receives the lag of each applied entry: (lag ms, completion time ms). */
export type LagSink = (lagMs: number, doneMs: number) => void;

export class ApplyQueue {
  private index = new Float64Array(16);
  private appendMs = new Float64Array(16);
  private doneMs = new Float64Array(16);
  private head = 0;
  /** Entries received and not yet applied (as of the last advance). */
  length = 0;
  /** Index of the last applied entry. */
  applied = 0;
  /** When the applier finishes the last queued entry, ms (≤ now when idle). */
  freeAtMs = 0;
  /** True while the replica is down: nothing is applied until {@link restart}. */
  paused = false;

  /** Queues entry `index`, appended on the primary at `appendMs`, arriving now; returns its completion, ms. */
  push(index: number, appendMs: number, nowMs: number, applyMs: number): number {
    if (this.length === this.index.length) this.grow();
    const done = (this.paused ? Infinity : Math.max(nowMs, this.freeAtMs)) + applyMs;
    const at = (this.head + this.length) & (this.index.length - 1);
    this.index[at] = index;
    this.appendMs[at] = appendMs;
    this.doneMs[at] = done;
    this.length++;
    if (!this.paused) this.freeAtMs = done;
    return done;
  }

  /** Applies every entry done by `nowMs`, in order, reporting each one's lag. */
  advance(nowMs: number, sink: LagSink | null): void {
    const mask = this.index.length - 1;
    while (this.length > 0 && this.doneMs[this.head]! <= nowMs) {
      const done = this.doneMs[this.head]!;
      this.applied = this.index[this.head]!;
      if (sink !== null && Number.isFinite(this.appendMs[this.head]!)) sink(done - this.appendMs[this.head]!, done);
      this.head = (this.head + 1) & mask;
      this.length--;
    }
  }

  /** Append time of the oldest entry received and not applied, ms; NaN when none. */
  get headAppendMs(): number {
    return this.length > 0 ? this.appendMs[this.head]! : NaN;
  }

  /** Index of the last entry received (applied or queued). */
  get lastIndex(): number {
    return this.length > 0 ? this.index[(this.head + this.length - 1) & (this.index.length - 1)]! : this.applied;
  }

  /** The replica went down: its applier stops (entries already done by `nowMs` count as applied). */
  pause(nowMs: number, sink: LagSink | null): void {
    this.advance(nowMs, sink);
    this.paused = true;
  }

  /** The replica is back: it replays what it received and had not applied, from `nowMs`. */
  restart(nowMs: number, sample: () => number): void {
    this.paused = false;
    let free = nowMs;
    const mask = this.index.length - 1;
    for (let k = 0; k < this.length; k++) {
      const at = (this.head + k) & mask;
      free += sample();
      this.doneMs[at] = free;
    }
    this.freeAtMs = free;
  }

  /** Forgets entries after `index` (a log truncated to a new primary's); the applied state rolls back too. */
  truncateAfter(index: number): void {
    const mask = this.index.length - 1;
    while (this.length > 0 && this.index[(this.head + this.length - 1) & mask]! > index) this.length--;
    if (this.applied > index) this.applied = index;
    this.freeAtMs = this.length > 0 ? this.doneMs[(this.head + this.length - 1) & mask]! : 0;
  }

  /** Marks everything up to `index` applied with nothing queued (a primary applies as it appends). */
  resetTo(index: number): void {
    this.length = 0;
    this.head = 0;
    this.applied = index;
  }

  private grow(): void {
    const size = this.index.length * 2;
    const mask = this.index.length - 1;
    const copy = (old: Float64Array) => {
      const next = new Float64Array(size);
      for (let k = 0; k < this.length; k++) next[k] = old[(this.head + k) & mask]!;
      return next;
    };
    this.index = copy(this.index);
    this.appendMs = copy(this.appendMs);
    this.doneMs = copy(this.doneMs);
    this.head = 0;
  }
}

/** A primary's append times by log index, from `first` to `last` (a growable ring). */
export class AppendTimes {
  private times = new Float64Array(64);
  private head = 0;
  /** Index of the oldest time kept; the ring covers [first, first + length). */
  first = 1;
  length = 0;

  /** Starts over after `lastIndex` (a new primary keeps no times for entries it received). */
  reset(lastIndex: number): void {
    this.first = lastIndex + 1;
    this.head = 0;
    this.length = 0;
  }

  /** Records the append time of entry first + length. */
  push(index: number, timeMs: number): void {
    assert(index === this.first + this.length, "append times must be recorded in index order");
    if (this.length === this.times.length) this.grow();
    this.times[(this.head + this.length) & (this.times.length - 1)] = timeMs;
    this.length++;
  }

  /** Append time of `index`, ms; NaN when not kept (never recorded, or trimmed away). */
  timeOf(index: number): number {
    if (index < this.first || index >= this.first + this.length) return NaN;
    return this.times[(this.head + index - this.first) & (this.times.length - 1)]!;
  }

  /** A lower bound on the age of `index` for lags: its time, or the oldest kept when trimmed away; NaN when after the last. */
  timeAtMost(index: number): number {
    if (this.length === 0 || index >= this.first + this.length) return NaN;
    return this.times[(this.head + Math.max(0, index - this.first)) & (this.times.length - 1)]!;
  }

  /** Drops times of entries below `index` (every follower has them). */
  trimBelow(index: number): void {
    const drop = Math.min(this.length, index - this.first);
    if (drop <= 0) return;
    this.head = (this.head + drop) & (this.times.length - 1);
    this.first += drop;
    this.length -= drop;
  }

  private grow(): void {
    const mask = this.times.length - 1;
    const next = new Float64Array(this.times.length * 2);
    for (let k = 0; k < this.length; k++) next[k] = this.times[(this.head + k) & mask]!;
    this.times = next;
    this.head = 0;
  }
}
