/**
 * The ledger of a database cluster's reigns: a reign is one primary's time in office,
 * numbered by the cluster (log entries carry it, raft-log.ts). Per reign it keeps what the
 * safety accounting needs: its primary, its first log position, the positions it acknowledged
 * to waiting clients (acked-ranges.ts), when it acknowledged its first and last write, and
 * its split-brain writes (acknowledged after a newer reign began).
 *
 * Lost writes are counted against a surviving history (a log): an acknowledged position is
 * lost when the history holds another reign's entry there, or nothing.
 */
import { AckedRanges } from "../replication/acked-ranges";
import type { RaftLog } from "../replication/raft-log";

export class ReignLedger {
  /** Per reign (index 0 unused): the primary (replica index), its first log position. */
  readonly primary: number[] = [-1];
  readonly firstWrite: number[] = [0];
  /** Highest position acknowledged, and all of them. */
  readonly ackedMax: number[] = [0];
  readonly acked: AckedRanges[] = [new AckedRanges()];
  readonly splitBrain: number[] = [0];
  /** When the reign acknowledged its first and its last write, ms (NaN: none). */
  readonly ackFirstMs: number[] = [NaN];
  readonly ackLastMs: number[] = [NaN];
  /** The failover record that started the reign, or -1. */
  readonly failover: number[] = [-1];
  /** The newest reign. */
  latest = 0;
  /** Highest position acknowledged in the latest primary's history (what a fresh read must see). */
  ackedHighWater = 0;
  /** When the latest reign last acknowledged a write, ms. */
  lastAckMs = NaN;

  /** Opens the reign of `primary`, whose log ends at `lastIndex`; returns its number. */
  open(primary: number, lastIndex: number): number {
    const reign = this.primary.length;
    this.primary.push(primary);
    this.firstWrite.push(lastIndex + 1);
    this.ackedMax.push(lastIndex);
    this.acked.push(new AckedRanges());
    this.splitBrain.push(0);
    this.ackFirstMs.push(NaN);
    this.ackLastMs.push(NaN);
    this.failover.push(-1);
    this.latest = reign;
    // Acknowledged writes the new primary lacks are lost, not merely unseen.
    this.ackedHighWater = Math.min(this.ackedHighWater, lastIndex);
    return reign;
  }

  /** Records that `reign` acknowledged position `index` to a waiting client at `nowMs`. */
  recordAck(reign: number, index: number, nowMs: number): void {
    this.acked[reign]!.add(index);
    if (index > this.ackedMax[reign]!) this.ackedMax[reign] = index;
    if (Number.isNaN(this.ackFirstMs[reign]!)) this.ackFirstMs[reign] = nowMs;
    this.ackLastMs[reign] = nowMs;
    if (reign < this.latest) {
      this.splitBrain[reign]!++;
      return;
    }
    if (index > this.ackedHighWater) this.ackedHighWater = index;
    this.lastAckMs = nowMs;
  }

  /** Whether the latest reign has acknowledged any write. */
  get latestHasAcked(): boolean {
    return this.acked[this.latest]!.count > 0;
  }

  /** Split-brain writes of every reign. */
  get splitBrainTotal(): number {
    let total = 0;
    for (const n of this.splitBrain) total += n;
    return total;
  }

  /** Writes acknowledged to clients (by every reign so far) that `history` does not hold. */
  lostWrites(history: RaftLog): number {
    let lost = 0;
    for (let reign = 1; reign < this.primary.length; reign++) lost += this.acked[reign]!.countOutside(history.rangeOf(reign));
    return lost;
  }
}
