/**
 * The log positions one primary acknowledged to waiting clients, as sorted disjoint ranges.
 *
 * A primary acknowledges in log order, so positions only ever extend the last range or start
 * a new one after a gap; a gap is a write that was committed but whose client had already
 * given up (a semi-sync primary falling back to async acknowledges a backlog, of which the
 * oldest clients have timed out). Counting lost writes then needs no per-write record: the
 * writes lost are the acknowledged positions outside the range the surviving history kept.
 * Ranges are few (one per burst of timeouts); past RANGES_MAX the two oldest merge, which
 * can only count a gap as acknowledged (an overstatement of loss, never an understatement).
 */
import { assert } from "../../core/assert";

/** Ranges kept exactly; beyond, the oldest merge. */
export const RANGES_MAX = 1024;

export class AckedRanges {
  private starts: number[] = [];
  private ends: number[] = [];
  /** Positions acknowledged. */
  count = 0;

  /** Records position `index` (above every position recorded so far). */
  add(index: number): void {
    const last = this.ends.length - 1;
    assert(last < 0 || index > this.ends[last]!, "acknowledgements must come in log order");
    if (last >= 0 && this.ends[last] === index - 1) this.ends[last] = index;
    else {
      if (this.starts.length === RANGES_MAX) {
        this.count += this.starts[1]! - this.ends[0]! - 1; // the gap now counts as acknowledged
        this.starts.splice(1, 1);
        this.ends.splice(0, 1);
      }
      this.starts.push(index);
      this.ends.push(index);
    }
    this.count++;
  }

  /** Acknowledged positions outside [from, to] (all of them when `kept` is null). */
  countOutside(kept: [number, number] | null): number {
    if (kept === null) return this.count;
    let inside = 0;
    for (let k = 0; k < this.starts.length; k++) {
      inside += Math.max(0, Math.min(this.ends[k]!, kept[1]) - Math.max(this.starts[k]!, kept[0]) + 1);
    }
    return this.count - inside;
  }
}
