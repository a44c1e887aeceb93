/**
 * The writing clients of a database cluster (database.ts), and what they observe.
 *
 * Clients sit in zones (so a partition cuts them off like any node) and send writes, Poisson
 * in time, to the endpoint: the replica the virtual IP, proxy or DNS name points to, which the
 * HA manager moves after a failover (clients reconnect). A refused write (the node is not, or
 * no longer, the primary) comes back with the primary that node follows, as a driver's "not
 * primary" error does, and the client sends it there at once; a refusal without one (a
 * primary turning read-only for a switchover) is retried at the endpoint after a pause. A
 * write fails when it is not acknowledged within its timeout.
 *
 * In a multi-region deployment the writers are the application, so clients in a region that
 * gets no traffic are switched off (see {@link DatabaseClients.setActive}). Write records
 * live in a pool of parallel arrays bounded by the writes in flight; outcomes are counters,
 * a latency histogram and per-zone unavailability windows (replicated-clients.ts).
 */
import { createDistribution, type Distribution } from "../../core/distributions";
import { NO_EVENT } from "../../core/event-queue";
import type { RandomStream } from "../../core/rng";
import type { DatabaseState } from "./database-state";
import { WriteOutcomes, WritePool } from "../replication/replicated-clients";

export class DatabaseClients {
  /** Writes in flight; `zone` holds the client slot (an index into `zones`). */
  readonly pool = new WritePool();
  readonly outcomes: WriteOutcomes;
  /** Zone of each client slot. */
  readonly zones: number[];
  /** Per client slot: 1 while its clients write (and read). */
  readonly active: Uint8Array;
  private cursor = 0;
  private readonly arrivals: RandomStream;
  private readonly interarrival: Distribution;

  constructor(private readonly db: DatabaseState) {
    const spec = db.spec.writes;
    this.zones = spec.clientZoneIndexes;
    this.active = new Uint8Array(this.zones.length).fill(1);
    this.outcomes = new WriteOutcomes(this.zones.map((z) => db.model.spec.zones[z]!.name));
    this.arrivals = db.model.sim.streams.get(`database/${db.name}/writes`);
    this.interarrival = createDistribution({ type: "exponential", mean: spec.ratePerS > 0 ? 1000 / spec.ratePerS : 1 });
  }

  start(): void {
    if (this.db.spec.writes.ratePerS > 0) this.schedule();
  }

  /** Switches the clients in the zones `isIn` selects on or off (the application moved with DNS). */
  setActive(isIn: (zone: number) => boolean, active: boolean): void {
    for (let k = 0; k < this.zones.length; k++) if (isIn(this.zones[k]!)) this.active[k] = active ? 1 : 0;
  }

  /** The next active client slot, round-robin; -1 when none is active. */
  nextSlot(): number {
    const n = this.zones.length;
    for (let k = 0; k < n; k++) {
      const slot = this.cursor++ % n;
      if (this.active[slot] === 1) return slot;
    }
    return -1;
  }

  /** Whether write `id` (of generation `gen`) still waits for an answer. */
  isWaiting(id: number, gen: number): boolean {
    return this.pool.gen[id] === gen && this.pool.done[id] === 0;
  }

  private schedule(): void {
    const sim = this.db.model.sim;
    const atMs = sim.nowMs + this.interarrival.sample(this.arrivals);
    if (atMs >= this.db.model.spec.durationMs) return;
    sim.callMethodAt(atMs, this, "writeArrives");
  }

  /** The next write of the stream arrives (a kernel event). */
  writeArrives(): void {
    this.newWrite();
    this.schedule();
  }

  private newWrite(): void {
    const slot = this.nextSlot();
    if (slot < 0) return;
    const w = this.pool;
    const sim = this.db.model.sim;
    const timeoutMs = this.db.spec.writes.timeoutMs;
    const id = w.allocate();
    w.zone[id] = slot;
    w.sentMs[id] = sim.nowMs;
    w.deadlineMs[id] = sim.nowMs + timeoutMs;
    this.outcomes.sent++;
    const gen = w.gen[id]!;
    w.timeoutHandle[id] = sim.callMethodAfter(timeoutMs, this, "writeTimesOut", [id, gen]);
    this.send(id, this.db.endpoint);
  }

  /** Write `id`'s client stops waiting (a kernel event), unless it was answered meanwhile. */
  writeTimesOut([id, gen]: readonly [number, number]): void {
    if (!this.isWaiting(id, gen)) return;
    this.pool.timeoutHandle[id] = NO_EVENT;
    this.finish(id, false, true);
  }

  /** Sends write `id` to replica `r`. */
  private send(id: number, r: number): void {
    const db = this.db;
    const w = this.pool;
    w.target[id] = r;
    const delayMs = db.networkDelayMs(this.zones[w.zone[id]!]!, db.zoneOf(r), db.replicaNodes[r]!, -1);
    if (delayMs < 0) return;
    db.model.sim.callMethodAfter(delayMs, this, "writeReachesReplica", [id, w.gen[id]!, r]);
  }

  /** Write `id` reaches replica `r` (a kernel event). */
  writeReachesReplica([id, gen, r]: readonly [number, number, number]): void {
    if (this.isWaiting(id, gen) && this.db.serving(r)) this.db.onWriteAt(r, id, gen);
  }

  /**
   * Replica `r` answers write `id`: acknowledged (`ok`), or refused naming the primary it
   * follows (`hint`, -1: none).
   */
  answer(r: number, id: number, gen: number, ok: boolean, hint: number): void {
    const db = this.db;
    const w = this.pool;
    const delayMs = db.networkDelayMs(db.zoneOf(r), this.zones[w.zone[id]!]!, -1, db.replicaNodes[r]!);
    if (delayMs < 0) return;
    db.model.sim.callMethodAfter(delayMs, this, "answerArrives", [id, gen, ok, hint]);
  }

  /** A replica's answer to write `id` reaches its client (a kernel event; see {@link answer}). */
  answerArrives([id, gen, ok, hint]: readonly [number, number, boolean, number]): void {
    if (!this.isWaiting(id, gen)) return;
    if (ok) return this.finish(id, true, false);
    if (hint >= 0) return this.send(id, hint);
    const sim = this.db.model.sim;
    const backoffMs = this.db.spec.writes.retryBackoffMs;
    if (sim.nowMs + backoffMs >= this.pool.deadlineMs[id]!) return;
    sim.callMethodAfter(backoffMs, this, "retryWrite", [id, gen]);
  }

  /** After a pause, write `id` tries the endpoint again (a kernel event), unless it ended. */
  retryWrite([id, gen]: readonly [number, number]): void {
    if (this.isWaiting(id, gen)) this.send(id, this.db.endpoint);
  }

  private finish(id: number, ok: boolean, timedOut: boolean): void {
    const w = this.pool;
    const sim = this.db.model.sim;
    if (ok) {
      this.outcomes.succeeded(w.zone[id]!, w.sentMs[id]!, sim.nowMs - w.sentMs[id]!);
      if (w.timeoutHandle[id] !== NO_EVENT) sim.cancel(w.timeoutHandle[id]!);
    } else {
      this.outcomes.failedWrite(w.zone[id]!, w.sentMs[id]!, timedOut);
    }
    w.timeoutHandle[id] = NO_EVENT;
    w.release(id);
  }
}
