/**
 * Reads of a database cluster (database.ts): Poisson reads from the writers' client zones,
 * served by the primary (the endpoint) or spread over the replicas, round-robin over those
 * the HA manager considers up.
 *
 * A replica serves a read only if it believes itself fresh enough: its own staleness
 * estimate (the age of the oldest entry it received and has not applied, or its silence
 * beyond one heartbeat interval if its primary went quiet) must be within the bound. A
 * replica that is too stale sends the client to the primary (one more round trip) or fails
 * the read, by setting, as MongoDB's maxStalenessSeconds and ProxySQL's max_replication_lag
 * do. The estimate can be wrong: a replica cut off for less than a heartbeat, or one whose
 * primary died with writes it never shipped, looks fresh.
 *
 * A read returned stale data when the replica had not applied a write acknowledged to a
 * client longer ago than the staleness bound (without a bound: any acknowledged write, so a
 * client could see its own write vanish), or when a deposed primary served it after the new
 * primary acknowledged writes. The first is what the bound promises; the replica's estimate
 * is what enforces it, and the difference is what this counts.
 * Counts and a latency histogram only: no per-read records beyond those in flight.
 */
import { createDistribution, type Distribution } from "../../core/distributions";
import { NO_EVENT } from "../../core/event-queue";
import type { RandomStream } from "../../core/rng";
import { LatencyHistogram } from "../../metrics/histogram";
import type { ManagedDatabase } from "./database";
import { ROLE_PRIMARY } from "./database-state";
import type { DatabaseReadsSpec } from "./data-tier-spec";
import { WritePool } from "../replication/replicated-clients";

/** Stale reads whose times are kept for the per-failover count. */
export const STALE_TIMES_KEPT = 4096;

const ANSWER_OK = 0;
const ANSWER_TOO_STALE = 1;

export class DatabaseReads {
  sent = 0;
  servedByPrimary = 0;
  servedByReplicas = 0;
  /** Reads a replica was too stale for, sent on to the primary. */
  redirected = 0;
  /** Reads a replica was too stale for, failed (whenStale: fail). */
  rejectedStale = 0;
  timedOut = 0;
  /** Reads that returned data missing an already acknowledged write. */
  stale = 0;
  readonly latency = new LatencyHistogram();
  private readonly pool = new WritePool();
  private readonly arrivals: RandomStream;
  private readonly interarrival: Distribution;
  private readonly net: { latency: RandomStream; loss: RandomStream };
  private replicaCursor = 0;
  /** Times of the latest stale reads (a ring), to count those since a failure began. */
  private readonly staleTimesMs = new Float64Array(STALE_TIMES_KEPT);

  constructor(private readonly db: ManagedDatabase, private readonly spec: DatabaseReadsSpec, private readonly isAvailable: (r: number) => boolean) {
    const streams = db.model.sim.streams;
    this.arrivals = streams.get(`database/${db.name}/reads`);
    this.net = { latency: streams.get(`database/${db.name}/reads/latency`), loss: streams.get(`database/${db.name}/reads/loss`) };
    this.interarrival = createDistribution({ type: "exponential", mean: spec.ratePerS > 0 ? 1000 / spec.ratePerS : 1 });
  }

  start(): void {
    if (this.spec.ratePerS > 0 && this.db.count > 0) this.schedule();
  }

  /** Stale reads served at or after `fromMs` (at most the last STALE_TIMES_KEPT are remembered). */
  staleSince(fromMs: number): number {
    const kept = Math.min(this.stale, STALE_TIMES_KEPT);
    let count = 0;
    while (count < kept && this.staleTimesMs[(this.stale - 1 - count) % STALE_TIMES_KEPT]! >= fromMs) count++;
    return count;
  }

  private schedule(): void {
    const sim = this.db.model.sim;
    const atMs = sim.nowMs + this.interarrival.sample(this.arrivals);
    if (atMs >= this.db.model.spec.durationMs) return;
    sim.callMethodAt(atMs, this, "readArrives");
  }

  /** The next read of the stream arrives (a kernel event). */
  readArrives(): void {
    this.newRead();
    this.schedule();
  }

  private newRead(): void {
    const slot = this.db.clients.nextSlot();
    if (slot < 0) return;
    const pool = this.pool;
    const sim = this.db.model.sim;
    const id = pool.allocate();
    pool.zone[id] = this.db.clients.zones[slot]!;
    pool.sentMs[id] = sim.nowMs;
    this.sent++;
    pool.timeoutHandle[id] = sim.callMethodAfter(this.spec.timeoutMs, this, "readTimesOut", [id, pool.gen[id]!]);
    this.send(id, this.spec.from === "primary" ? this.db.endpoint : this.pickReplica());
  }

  /** Read `id`'s client stops waiting (a kernel event), unless it was answered meanwhile. */
  readTimesOut([id, gen]: readonly [number, number]): void {
    const pool = this.pool;
    if (pool.gen[id] !== gen || pool.done[id] === 1) return;
    pool.timeoutHandle[id] = NO_EVENT;
    this.timedOut++;
    pool.release(id);
  }

  /** The next replica (round-robin) that is up in the manager's view and not the endpoint; the endpoint if none. */
  private pickReplica(): number {
    const n = this.db.count;
    for (let k = 0; k < n; k++) {
      const r = (this.replicaCursor + k) % n;
      if (r !== this.db.endpoint && this.isAvailable(r)) {
        this.replicaCursor = (r + 1) % n;
        return r;
      }
    }
    return this.db.endpoint;
  }

  private send(id: number, r: number): void {
    const db = this.db;
    const pool = this.pool;
    const delayMs = db.model.network.delayWithStreamsMs(this.net, pool.zone[id]!, db.zoneOf(r), db.replicaNodes[r]!, -1);
    if (delayMs < 0) return;
    db.model.sim.callMethodAfter(delayMs, this, "readReachesReplica", [id, pool.gen[id]!, r]);
  }

  /** Read `id` reaches replica `r` (a kernel event). */
  readReachesReplica([id, gen, r]: readonly [number, number, number]): void {
    const db = this.db;
    const pool = this.pool;
    if (pool.gen[id] !== gen || pool.done[id] === 1 || !db.serving(r)) return;
    if (db.role[r] !== ROLE_PRIMARY && db.estimatedStalenessMs(r) > this.spec.maxStalenessMs) return this.answer(id, gen, r, ANSWER_TOO_STALE);
    if (db.role[r] === ROLE_PRIMARY) this.servedByPrimary++;
    else this.servedByReplicas++;
    if (this.returnsStale(r)) this.countStale();
    this.answer(id, gen, r, ANSWER_OK);
  }

  private answer(id: number, gen: number, r: number, answer: number): void {
    const db = this.db;
    const pool = this.pool;
    const delayMs = db.model.network.delayWithStreamsMs(this.net, db.zoneOf(r), pool.zone[id]!, -1, db.replicaNodes[r]!);
    if (delayMs < 0) return;
    db.model.sim.callMethodAfter(delayMs, this, "answerArrives", [id, gen, answer]);
  }

  /** A replica's answer to read `id` reaches its client (a kernel event). */
  answerArrives([id, gen, answer]: readonly [number, number, number]): void {
    const db = this.db;
    const pool = this.pool;
    if (pool.gen[id] !== gen || pool.done[id] === 1) return;
    if (answer === ANSWER_TOO_STALE) {
      if (this.spec.whenStale === "primary") {
        this.redirected++;
        return this.send(id, db.endpoint);
      }
      this.rejectedStale++;
    } else {
      this.latency.record(db.model.sim.nowMs - pool.sentMs[id]!);
    }
    if (pool.timeoutHandle[id] !== NO_EVENT) db.model.sim.cancel(pool.timeoutHandle[id]!);
    pool.timeoutHandle[id] = NO_EVENT;
    pool.release(id);
  }

  /**
   * Whether a read served by `r` now misses an acknowledged write older than the staleness
   * bound (any acknowledged write when there is no bound); a deposed primary misses every
   * write of the new one.
   */
  private returnsStale(r: number): boolean {
    const db = this.db;
    if (db.reign[r]! < db.reigns.latest) return db.reigns.latestHasAcked;
    if (db.role[r] === ROLE_PRIMARY) return false;
    const stalenessMs = db.stalenessMs(r);
    return this.spec.maxStalenessMs === Infinity ? stalenessMs > 0 : stalenessMs > this.spec.maxStalenessMs;
  }

  private countStale(): void {
    this.staleTimesMs[this.stale % STALE_TIMES_KEPT] = this.db.model.sim.nowMs;
    this.stale++;
  }
}
