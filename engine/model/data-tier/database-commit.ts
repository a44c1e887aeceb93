/**
 * When a database primary may acknowledge a write (database.ts): the commit rule of its
 * replication mode (data-tier-spec.ts).
 *
 * - async: at once.
 * - sync: once `syncReplicas` of the replicas following it have confirmed the entry: the
 *   commit position is the syncReplicas-th highest confirmation (PostgreSQL's ANY n).
 * - semi-sync: once one replica has confirmed it; but if the oldest waiting write has waited
 *   `semiSyncTimeoutMs`, the primary acknowledges everything waiting and stops waiting
 *   (async) until a replica has confirmed all it has, as MySQL's semi-synchronous
 *   replication does. Each switch is noted on the timeline.
 *
 * State is per primary (writes waiting, commit position, semi-sync state) and per replica
 * (its latest confirmation to its primary); a few small arrays, no per-write objects beyond
 * the writes waiting.
 */
import type { DatabaseState } from "./database-state";

/** A write the primary appended and has not acknowledged yet. */
interface PendingWrite {
  index: number;
  write: number;
  gen: number;
  appendMs: number;
}

/** Acknowledges entry `index` (write `id` of generation `gen`) of primary `p`. */
export type Acknowledge = (p: number, index: number, id: number, gen: number) => void;

export class CommitRule {
  /** Confirmations a commit needs: syncReplicas (sync), 1 (semi-sync), 0 (async). */
  readonly needs: number;
  semiSyncFallbacks = 0;
  private readonly pending: PendingWrite[][];
  private readonly commitIndex: Int32Array;
  private readonly semiSyncOff: Uint8Array;
  private readonly semiSyncTimer: Uint8Array;
  /** Per replica: the highest position it confirmed to its primary. */
  private readonly confirmed: Int32Array;
  /** Scratch: confirmations of a primary's followers. */
  private readonly marks: Int32Array;

  constructor(private readonly db: DatabaseState, private readonly acknowledge: Acknowledge) {
    const n = db.count;
    const r = db.spec.replication;
    this.needs = r.mode === "sync" ? r.syncReplicas : r.mode === "semi-sync" ? 1 : 0;
    this.pending = Array.from({ length: n }, () => []);
    this.commitIndex = new Int32Array(n);
    this.semiSyncOff = new Uint8Array(n);
    this.semiSyncTimer = new Uint8Array(n);
    this.confirmed = new Int32Array(n);
    this.marks = new Int32Array(n);
  }

  /** `p` became primary with a log ending at `lastIndex`. */
  primaryStarted(p: number, lastIndex: number): void {
    this.commitIndex[p] = lastIndex;
    this.semiSyncOff[p] = 0;
    this.pending[p]!.length = 0;
  }

  /** `p` crashed, was fenced or stepped down: its waiting writes are never answered. */
  forget(p: number): void {
    this.pending[p]!.length = 0;
  }

  /** Replica `f` starts following a primary, sharing its log up to `index`. */
  followerReset(f: number, index: number): void {
    this.confirmed[f] = index;
  }

  /** Primary `p` (of `reign`) appended write `id` at `index`: acknowledges it now or makes it wait. */
  appended(p: number, reign: number, index: number, id: number, gen: number): void {
    if (this.needs === 0 || this.semiSyncOff[p] === 1) {
      this.commitIndex[p] = index;
      return this.acknowledge(p, index, id, gen);
    }
    this.pending[p]!.push({ index, write: id, gen, appendMs: this.db.model.sim.nowMs });
    if (this.db.spec.replication.mode === "semi-sync") this.armSemiSyncTimer(p, reign);
  }

  /** Replica `f` confirmed position `index` to its primary `p`. */
  confirmedBy(p: number, f: number, index: number): void {
    if (index > this.confirmed[f]!) this.confirmed[f] = index;
    const db = this.db;
    const need = this.needs;
    const last = db.log[p]!.lastIndex;
    const marks = this.marks;
    let count = 0;
    let caughtUp = false;
    for (let g = 0; g < db.count; g++) {
      if (db.primaryOf[g] !== p) continue;
      marks[count++] = this.confirmed[g]!;
      if (this.confirmed[g]! >= last) caughtUp = true;
    }
    if (this.semiSyncOff[p] === 1 && caughtUp) {
      this.semiSyncOff[p] = 0;
      db.model.note("semi-sync-on", db.name, `${db.nameOf(p)} waits for a replica again`);
    }
    if (count < need) return;
    // The need-th highest confirmation (replicas are few: a partial selection sort).
    for (let k = 0; k < need; k++) {
      let best = k;
      for (let j = k + 1; j < count; j++) if (marks[j]! > marks[best]!) best = j;
      const t = marks[k]!;
      marks[k] = marks[best]!;
      marks[best] = t;
    }
    const commit = marks[need - 1]!;
    if (commit <= this.commitIndex[p]!) return;
    this.commitIndex[p] = commit;
    this.acknowledgeUpTo(p, commit);
  }

  private acknowledgeUpTo(p: number, upTo: number): void {
    const pending = this.pending[p]!;
    let k = 0;
    while (k < pending.length && pending[k]!.index <= upTo) {
      const w = pending[k]!;
      this.acknowledge(p, w.index, w.write, w.gen);
      k++;
    }
    if (k > 0) pending.splice(0, k);
  }

  /** semi-sync: when the oldest waiting write has waited the timeout, stop waiting. */
  private armSemiSyncTimer(p: number, reign: number): void {
    const db = this.db;
    const pending = this.pending[p]!;
    const timeoutMs = db.spec.replication.semiSyncTimeoutMs;
    if (this.semiSyncTimer[p] === 1 || pending.length === 0) return;
    this.semiSyncTimer[p] = 1;
    db.model.sim.callMethodAt(pending[0]!.appendMs + timeoutMs, this, "semiSyncTimerFires", [p, reign]);
  }

  /** Primary `p`'s semi-sync timer (reign `reign`) fires (a kernel event). */
  semiSyncTimerFires([p, reign]: readonly [number, number]): void {
    const db = this.db;
    const pending = this.pending[p]!;
    const timeoutMs = db.spec.replication.semiSyncTimeoutMs;
    this.semiSyncTimer[p] = 0;
    if (!db.isPrimaryOf(p, reign) || pending.length === 0) return;
    // The same sum as the schedule above (a difference could round below the timeout and re-arm forever).
    if (db.model.sim.nowMs < pending[0]!.appendMs + timeoutMs) return this.armSemiSyncTimer(p, reign);
    this.semiSyncOff[p] = 1;
    this.semiSyncFallbacks++;
    db.model.note("semi-sync-off", db.name, `${db.nameOf(p)}: no replica confirmed within ${timeoutMs} ms; acknowledging without (async)`);
    this.acknowledgeUpTo(p, db.log[p]!.lastIndex);
  }
}
