/**
 * The HA cluster manager of a database cluster (Patroni, Pacemaker, Orchestrator): it decides
 * when the primary is gone and replaces it, step by step, as those tools do.
 *
 * 1. Detection. Every replica sends heartbeats to each of the manager's witnesses (in the
 *    zones the scenario names) over the modelled network; each witness runs a failure
 *    detector (failure-detector.ts: fixed timeout or phi accrual) and checks it every check
 *    interval. A replica is down when a majority of witnesses suspect it (quorum), so a
 *    witness cut off from the primary alone cannot trigger a failover.
 * 2. Fencing (STONITH). With fencing on, the manager cuts the old primary off and waits for
 *    the fence to be confirmed (the fencing delay) before promoting anyone: from then on the
 *    old primary acknowledges nothing, so no write is acknowledged by two primaries. Without
 *    fencing, a primary that was only cut off keeps accepting writes from the clients that
 *    still reach it: split-brain writes, lost when it rejoins.
 * 3. Promotion of the most up-to-date replica the manager can reach (the newest log: highest
 *    reign, then highest index; ties go to the old primary's region, then the lowest index).
 *    It first applies everything it received, then takes the promotion time.
 * 4. Clients reconnect after the reconnect delay (a virtual IP moving, a proxy reloading, or
 *    a DNS record's TTL and propagation); until then they write to the old endpoint and fail
 *    (a live node that is not the primary tells them where it is, as a driver's "not
 *    primary" error does, database-clients.ts).
 *
 * Replicas the manager can reach again (the old primary included) rejoin as replicas of the
 * current primary once no failover is in progress: their logs are cut back to what they share
 * with it, which discards the writes only they had. A planned switchover (the DR fail back)
 * makes the primary read-only, waits for a replica in the target region to have everything,
 * then promotes it: no write is lost.
 *
 * Each failover or switchover leaves a {@link FailoverRecord}; database-summary.ts turns them
 * into the Result's RTO and RPO figures.
 */
import { FailureDetector } from "../faults/failure-detector";
import type { IncidentLog } from "../faults/faults-incidents";
import type { RandomStream } from "../../core/rng";
import type { DatabaseReads } from "./database-reads";
import type { ManagedDatabase } from "./database";
import { ROLE_REPLICA, type FailoverRecord } from "./database-state";

/** A planned switchover gives up when no replica of the target region catches up within this, ms. */
export const SWITCHOVER_WAIT_MAX_MS = 60_000;

export class HaManager {
  private readonly detectors: FailureDetector[] = [];
  /** Per replica: witnesses that suspect it now. */
  private readonly suspects: Int32Array;
  private readonly majority: number;
  private readonly phase: RandomStream;
  private readonly net: { latency: RandomStream; loss: RandomStream };
  private inProgress: FailoverRecord | null = null;
  private switchoverRegion = -1;
  /** Acknowledged writes already counted as lost by earlier failovers. */
  private lostCounted = 0;
  reads: DatabaseReads | null = null;

  constructor(
    private readonly db: ManagedDatabase,
    private readonly regionOfZone: number[],
    private readonly reconnectMs: number,
    private readonly incidents: IncidentLog | null = null,
  ) {
    const f = db.spec.failover;
    const n = db.count;
    this.suspects = new Int32Array(n);
    this.majority = Math.floor(f.witnessZoneIndexes.length / 2) + 1;
    const streams = db.model.sim.streams;
    this.phase = streams.get(`database/${db.name}/manager/phase`);
    this.net = { latency: streams.get(`database/${db.name}/manager/latency`), loss: streams.get(`database/${db.name}/manager/loss`) };
    for (let w = 0; w < f.witnessZoneIndexes.length; w++) {
      const listener = {
        suspect: (r: number) => { this.suspects[r]!++; },
        trust: (r: number) => { this.suspects[r]!--; },
      };
      this.detectors.push(new FailureDetector(f.detector, f.heartbeatIntervalMs, n, listener));
    }
  }

  /** Starts heartbeats (each replica at a random phase) and the witnesses' checks. */
  start(): void {
    const sim = this.db.model.sim;
    const f = this.db.spec.failover;
    for (let r = 0; r < this.db.count; r++) {
      for (const d of this.detectors) d.watch(r, 0);
      sim.callMethodAt(this.phase.next() * f.heartbeatIntervalMs, this, "beat", r);
    }
    sim.callMethodAt(f.checkIntervalMs, this, "checkDue");
  }

  /** Replica `r` sends its heartbeats and schedules the next (a kernel event). */
  beat(r: number): void {
    this.heartbeat(r);
    this.db.model.sim.callMethodAfter(this.db.spec.failover.heartbeatIntervalMs, this, "beat", r);
  }

  /** The witnesses check their detectors and the manager decides (a kernel event, periodic). */
  checkDue(): void {
    const sim = this.db.model.sim;
    for (const d of this.detectors) d.check(sim.nowMs);
    this.evaluate();
    sim.callMethodAfter(this.db.spec.failover.checkIntervalMs, this, "checkDue");
  }

  /** Whether a majority of witnesses suspect replica `r`. */
  isDown(r: number): boolean {
    return this.suspects[r]! >= this.majority;
  }

  /** Region of replica `r` (index into the regions of the topology). */
  regionOf(r: number): number {
    return this.regionOfZone[this.db.zoneOf(r)]!;
  }

  /** Asks for a planned switchover to a replica in region `region` (the DR fail back). */
  requestSwitchover(region: number): void {
    this.switchoverRegion = region;
  }

  /** A region starts or stops getting traffic: the clients in its zones (`isIn`) start or stop, if they follow traffic. */
  clientsFollow(on: boolean, isIn: (zone: number) => boolean): void {
    if (this.db.spec.writes.followTraffic) this.db.clients.setActive(isIn, on);
  }

  private heartbeat(r: number): void {
    const db = this.db;
    if (!db.alive(r)) return;
    const node = db.replicaNodes[r]!;
    const zones = db.spec.failover.witnessZoneIndexes;
    for (let w = 0; w < zones.length; w++) {
      const delayMs = db.model.network.delayWithStreamsMs(this.net, db.zoneOf(r), zones[w]!, -1, node);
      if (delayMs >= 0) db.model.sim.callMethodAfter(delayMs, this, "heartbeatArrives", [w, r]);
    }
  }

  /** Replica `r`'s heartbeat reaches witness `w` (a kernel event). */
  heartbeatArrives([w, r]: readonly [number, number]): void {
    this.detectors[w]!.heartbeat(r, this.db.model.sim.nowMs);
  }

  private evaluate(): void {
    if (this.inProgress !== null) return;
    const db = this.db;
    const p = db.primary;
    for (let r = 0; r < db.count; r++) {
      if (r === p || this.isDown(r) || !db.alive(r)) continue;
      if (db.primaryOf[r] === p && db.reign[r] === db.reign[p]) continue;
      const before = db.log[r]!.lastIndex;
      const wasPrimary = db.role[r] !== ROLE_REPLICA;
      db.follow(r, p);
      const discarded = before - db.log[r]!.lastIndex;
      db.model.note("rejoined", db.name, `${db.nameOf(r)} follows ${db.nameOf(p)} again${wasPrimary ? " (deposed primary)" : ""}${discarded > 0 ? `, ${discarded} entries discarded` : ""}`);
    }
    if (this.isDown(p)) return this.startFailover();
    if (this.switchoverRegion >= 0) this.startSwitchover();
  }

  private newRecord(kind: FailoverRecord["kind"]): FailoverRecord {
    const db = this.db;
    const reads = this.reads;
    const { failedAtMs, failedSince } = kind === "failover" ? this.failureStart(db.primary) : { failedAtMs: db.model.sim.nowMs, failedSince: "switchover" as const };
    const record: FailoverRecord = {
      kind, oldPrimary: db.primary, newPrimary: -1, reign: 0, deposedReign: 0, lastAckMs: db.reigns.lastAckMs, failedAtMs, failedSince,
      detectedAtMs: db.model.sim.nowMs, fencedAtMs: NaN, chosenAtMs: NaN, promotedAtMs: NaN, reconnectedAtMs: NaN, firstAckMs: NaN,
      rpoWrites: 0, rpoMs: 0,
      staleReadsBefore: reads === null ? 0 : reads.staleSince(failedAtMs), staleReadsAtDetection: reads === null ? 0 : reads.stale, staleReadsAtReconnect: NaN,
      outageAtMs: NaN,
    };
    db.failovers.push(record);
    this.inProgress = record;
    return record;
  }

  /**
   * When the failure of primary `p` began: the injected fault in progress on its node (crash,
   * partition, isolation, link fault) that began no later than two heartbeat intervals after a
   * majority last heard from it (a heartbeat lost in flight included), else that last heartbeat
   * (a false suspicion: no fault behind it).
   */
  private failureStart(p: number): Pick<FailoverRecord, "failedAtMs" | "failedSince"> {
    const heardMs = this.lastHeardByMajorityMs(p);
    const faultMs = this.incidents === null ? NaN : this.incidents.faultSinceMs(this.db.replicaNodes[p]!, heardMs + 2 * this.db.spec.failover.heartbeatIntervalMs);
    return Number.isFinite(faultMs) ? { failedAtMs: faultMs, failedSince: "fault" } : { failedAtMs: heardMs, failedSince: "last-heartbeat" };
  }

  /** The latest time by which a majority of witnesses had heard from replica `r`, ms. */
  private lastHeardByMajorityMs(r: number): number {
    const heard = this.detectors.map((d) => d.lastArrivalMs[r]!).sort((a, b) => b - a);
    const ms = heard[this.majority - 1]!;
    return Number.isFinite(ms) ? ms : this.db.model.sim.nowMs;
  }

  private startFailover(): void {
    const db = this.db;
    const record = this.newRecord("failover");
    const old = record.oldPrimary;
    db.model.note("primary-down", db.name, `${db.nameOf(old)} suspected by a majority of witnesses${db.spec.failover.fencing ? "; fencing it" : "; promoting without fencing"}`);
    if (!db.spec.failover.fencing) return this.choose(record);
    db.model.sim.callMethodAfter(db.spec.failover.fencingDelayMs, this, "fence", record);
  }

  /** The old primary of `record` is fenced (a kernel event); then a candidate is chosen. */
  fence(record: FailoverRecord): void {
    const db = this.db;
    const old = record.oldPrimary;
    db.fence(old);
    record.fencedAtMs = db.model.sim.nowMs;
    db.model.note("fenced", db.name, `${db.nameOf(old)} fenced (STONITH)`);
    this.choose(record);
  }

  /** Picks the best candidate and promotes it once it has applied its log; retries while none is reachable (also a kernel event). */
  choose(record: FailoverRecord): void {
    const db = this.db;
    const c = this.bestCandidate(record.oldPrimary, -1);
    if (c < 0) {
      db.model.sim.callMethodAfter(db.spec.failover.checkIntervalMs, this, "choose", record);
      return;
    }
    record.newPrimary = c;
    record.chosenAtMs = db.model.sim.nowMs;
    db.detach(c);
    const readyMs = Math.max(db.model.sim.nowMs + db.spec.failover.promotionMs, db.apply[c]!.freeAtMs);
    db.model.sim.callMethodAt(readyMs, this, "promote", record);
  }

  private startSwitchover(): void {
    const db = this.db;
    const region = this.switchoverRegion;
    this.switchoverRegion = -1;
    if (this.regionOf(db.primary) === region) return;
    const c = this.bestCandidate(db.primary, region);
    if (c < 0) {
      db.model.note("switchover-skipped", db.name, `no reachable replica in the target region`);
      return;
    }
    const record = this.newRecord("switchover");
    record.newPrimary = c;
    db.setReadOnly(record.oldPrimary, true);
    db.model.note("switchover", db.name, `${db.nameOf(record.oldPrimary)} read-only; waiting for ${db.nameOf(c)} to catch up`);
    this.awaitCatchUp(record, db.model.sim.nowMs + SWITCHOVER_WAIT_MAX_MS);
  }

  private awaitCatchUp(record: FailoverRecord, deadlineMs: number): void {
    const db = this.db;
    const c = record.newPrimary;
    const old = record.oldPrimary;
    const nowMs = db.model.sim.nowMs;
    if (!db.serving(c) || nowMs > deadlineMs) {
      db.setReadOnly(old, false);
      db.model.note("switchover-aborted", db.name, `${db.nameOf(c)} did not catch up`);
      this.inProgress = null;
      return;
    }
    if (db.log[c]!.lastIndex < db.log[old]!.lastIndex) {
      db.model.sim.callMethodAfter(db.spec.failover.checkIntervalMs, this, "catchUpCheck", [record, deadlineMs]);
      return;
    }
    record.chosenAtMs = nowMs;
    db.detach(c);
    db.model.sim.callMethodAt(Math.max(nowMs + db.spec.failover.promotionMs, db.apply[c]!.freeAtMs), this, "promote", record);
  }

  /** A switchover checks again whether its candidate caught up (a kernel event). */
  catchUpCheck([record, deadlineMs]: readonly [FailoverRecord, number]): void {
    this.awaitCatchUp(record, deadlineMs);
  }

  /** Promotes `record`'s candidate, if it still serves (a kernel event). */
  promote(record: FailoverRecord): void {
    const db = this.db;
    const c = record.newPrimary;
    if (!db.serving(c)) return this.choose(record); // the candidate failed meanwhile
    // Split-brain writes are lost too, but belong to the failover that deposed their primary.
    const lostNow = Math.max(0, db.reigns.lostWrites(db.log[c]!) - this.lostCounted - db.reigns.splitBrainTotal);
    record.rpoWrites = lostNow;
    this.lostCounted += lostNow;
    if (lostNow > 0) {
      const old = record.oldPrimary;
      const newest = db.appendTimeMs(old, db.reigns.ackedMax[db.reign[old]!]!);
      const oldest = db.appendTimeMs(old, db.log[c]!.lastIndex + 1);
      record.rpoMs = newest - oldest;
    }
    record.deposedReign = db.reigns.latest;
    const reign = db.becomePrimary(c);
    db.reigns.failover[reign] = db.failovers.indexOf(record);
    record.reign = reign;
    record.promotedAtMs = db.model.sim.nowMs;
    db.model.note("promoted", db.name, `${db.nameOf(c)} is primary${lostNow > 0 ? `; ${lostNow} acknowledged writes lost` : ""}`);
    for (let r = 0; r < db.count; r++) {
      if (r === c || this.isDown(r) || !db.alive(r)) continue;
      if (r === record.oldPrimary && record.kind === "failover") continue; // rejoins once the failover is over
      db.follow(r, c);
    }
    db.model.sim.callMethodAfter(this.reconnectMs, this, "clientsReconnect", [record, c]);
  }

  /** The clients reconnect to the new primary `c` (a kernel event): the failover is over. */
  clientsReconnect([record, c]: readonly [FailoverRecord, number]): void {
    const db = this.db;
    db.endpoint = c;
    record.reconnectedAtMs = db.model.sim.nowMs;
    record.staleReadsAtReconnect = this.reads === null ? 0 : this.reads.stale;
    db.model.note("clients-reconnected", db.name, `clients write to ${db.nameOf(c)}`);
    this.inProgress = null;
  }

  /** The most up-to-date replica that can be promoted, other than `exclude`, in `region` (-1: any); -1 if none. */
  private bestCandidate(exclude: number, region: number): number {
    const db = this.db;
    const homeRegion = this.regionOf(exclude);
    let best = -1;
    for (let r = 0; r < db.count; r++) {
      if (r === exclude || db.role[r] !== ROLE_REPLICA || this.isDown(r) || !db.serving(r)) continue;
      if (region >= 0 && this.regionOf(r) !== region) continue;
      if (best < 0 || this.better(r, best, homeRegion)) best = r;
    }
    return best;
  }

  private better(a: number, b: number, homeRegion: number): boolean {
    const la = this.db.log[a]!;
    const lb = this.db.log[b]!;
    if (la.lastReign !== lb.lastReign) return la.lastReign > lb.lastReign;
    if (la.lastIndex !== lb.lastIndex) return la.lastIndex > lb.lastIndex;
    const ha = this.regionOf(a) === homeRegion;
    const hb = this.regionOf(b) === homeRegion;
    return ha && !hb;
  }
}
