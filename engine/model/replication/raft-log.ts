/**
 * A replicated log in run-length form: the entries themselves carry no data in the model, only
 * which leadership ("reign") appended them, so a log is a short list of segments
 * (reign, last index) and stays small however many writes pass through it. Indexes start at 1.
 *
 * A reign is one leader's time in office, numbered globally by the replicated service. With
 * quorum on, reigns and Raft terms are one-to-one (at most one leader per term), and
 * comparing reigns is comparing terms (Raft's Log Matching property: same index and term,
 * same entries up to there). With quorum off two leaders can share a term, and the reign
 * still tells their entries apart.
 */
import { assert } from "../../core/assert";

/** One replica's log as segments (reign, last index); see the file comment. */
export class RaftLog {
  /** Reign of each segment, oldest first. */
  private reigns: number[] = [];
  /** Last index of each segment; segment k covers (ends[k-1], ends[k]]. */
  private ends: number[] = [];

  /** Index of the last entry; 0 when empty. */
  get lastIndex(): number {
    return this.ends.length === 0 ? 0 : this.ends[this.ends.length - 1]!;
  }

  /** Reign of the last entry; 0 when empty. */
  get lastReign(): number {
    return this.reigns.length === 0 ? 0 : this.reigns[this.reigns.length - 1]!;
  }

  /** Number of segments (for tests and message sizes). */
  get segmentCount(): number {
    return this.ends.length;
  }

  /** Reign of the entry at `index` (0 for index 0; -1 beyond the end). */
  reignAt(index: number): number {
    if (index === 0) return 0;
    if (index > this.lastIndex) return -1;
    // Segments are few (one per leadership), so a linear scan from the end is fastest.
    for (let k = this.ends.length - 1; k >= 0; k--) {
      if (k === 0 || this.ends[k - 1]! < index) return this.reigns[k]!;
    }
    return -1;
  }

  /** Appends `count` entries of `reign`; returns the new last index. */
  append(reign: number, count: number): number {
    assert(count >= 0, "append count must be ≥ 0");
    if (count === 0) return this.lastIndex;
    const last = this.reigns.length - 1;
    if (last >= 0 && this.reigns[last] === reign) this.ends[last]! += count;
    else {
      this.reigns.push(reign);
      this.ends.push(this.lastIndex + count);
    }
    return this.lastIndex;
  }

  /** Removes every entry after `index`. */
  truncateAfter(index: number): void {
    while (this.ends.length > 0) {
      const k = this.ends.length - 1;
      const start = k === 0 ? 1 : this.ends[k - 1]! + 1;
      if (start > index) {
        this.ends.pop();
        this.reigns.pop();
      } else {
        if (this.ends[k]! > index) this.ends[k] = index;
        return;
      }
    }
  }

  /** First index of the segment holding `index` (its reign's first entry in this log). */
  segmentStart(index: number): number {
    for (let k = this.ends.length - 1; k >= 0; k--) {
      const start = k === 0 ? 1 : this.ends[k - 1]! + 1;
      if (start <= index) return start;
    }
    return 1;
  }

  /** The entries after `index` as (reign, last index) pairs, for an AppendEntries message. */
  segmentsAfter(index: number): { reigns: number[]; ends: number[] } {
    const reigns: number[] = [];
    const ends: number[] = [];
    for (let k = 0; k < this.ends.length; k++) {
      if (this.ends[k]! > index) {
        reigns.push(this.reigns[k]!);
        ends.push(this.ends[k]!);
      }
    }
    return { reigns, ends };
  }

  /**
   * Makes this log hold the leader's entries (prevIndex, last of `segments`] after a matching
   * prevIndex: truncates at the first entry whose reign differs and appends the rest. Entries
   * beyond the leader's that agree are kept (a stale message must not shorten a log, Raft
   * §5.3). Returns the index from which entries were removed, or -1 if none were.
   */
  merge(prevIndex: number, segments: { reigns: number[]; ends: number[] }): number {
    let removedFrom = -1;
    let from = prevIndex + 1;
    for (let k = 0; k < segments.ends.length; k++) {
      const reign = segments.reigns[k]!;
      const end = segments.ends[k]!;
      if (end < from) continue;
      // Walk this segment: keep what agrees, replace from the first disagreement.
      while (from <= end) {
        const mine = this.reignAt(from);
        if (mine === reign) {
          from = Math.min(end, this.segmentEnd(from)) + 1;
          continue;
        }
        if (mine !== -1) {
          this.truncateAfter(from - 1);
          if (removedFrom < 0) removedFrom = from;
        }
        this.append(reign, end - from + 1);
        from = end + 1;
      }
    }
    return removedFrom;
  }

  /** Last index of the segment holding `index`. */
  private segmentEnd(index: number): number {
    for (let k = 0; k < this.ends.length; k++) if (this.ends[k]! >= index) return this.ends[k]!;
    return this.lastIndex;
  }

  /** Entries of `reign` in this log as [first, last], or null if it has none. */
  rangeOf(reign: number): [number, number] | null {
    for (let k = 0; k < this.ends.length; k++) {
      if (this.reigns[k] === reign) return [k === 0 ? 1 : this.ends[k - 1]! + 1, this.ends[k]!];
    }
    return null;
  }
}
