/**
 * A database cluster with primary/replica replication (issue 9): the nodes of a service's
 * groups are one primary and its replicas, with writes from clients of its own
 * (database-clients.ts) and optional reads (database-reads.ts). An HA cluster manager
 * (database-failover.ts) watches the replicas and fails over; this file is the data path.
 * Roles, the failover record and the view its clients and commit rule hold of it are in
 * database-state.ts.
 *
 * The primary appends each write to its log and ships it to each replica over the modelled
 * network, in order (a TCP stream: a message never overtakes an earlier one on the same link;
 * one still on its way when its sender crashes was in the sender's buffers, and is lost). A
 * replica stores what it receives (its durable log) and applies it with a single applier
 * (replica-apply.ts), so its lag is a queue's sojourn time: network latency plus waiting plus
 * apply time. When the client is acknowledged depends on the mode's commit rule
 * (database-commit.ts): at once (async), after the first replica confirms (semi-sync), or
 * after `syncReplicas` confirm (sync). A lost message breaks the link; the primary ships the
 * missing range again with its next keepalive (every heartbeat interval).
 *
 * A reign is one primary's time in office, numbered by the cluster (database-reigns.ts); log
 * entries carry it (raft-log.ts), so when a deposed primary rejoins, the entries only it had
 * are cut off, and the acknowledged ones among them counted as lost. A write acknowledged by
 * a primary after a newer reign started is a split-brain write. A fenced replica (STONITH) is
 * powered off for the cluster: it takes no writes and ships nothing until it rejoins. A
 * promoted replica has applied everything it received, so RPO counts what it never received.
 *
 * Messages are kernel callbacks (a few per write and replica), drawn from the cluster's own
 * random streams so the request model's numbers do not move.
 */
import { createDistribution, type Distribution } from "../../core/distributions";
import type { RandomStream } from "../../core/rng";
import type { ClusterModel } from "../cluster-model";
import type { DatabaseSpec } from "./data-tier-spec";
import { DatabaseClients } from "./database-clients";
import { CommitRule } from "./database-commit";
import { DatabaseLag } from "./database-lag";
import { ReignLedger } from "./database-reigns";
import { NODE_UP } from "../nodes";
import { RaftLog } from "../replication/raft-log";
import { AppendTimes, ApplyQueue } from "../replication/replica-apply";
import { ROLE_PRIMARY, ROLE_REPLICA, type DatabaseState, type FailoverRecord } from "./database-state";

/**
 * One database cluster: its replicas' roles, logs and appliers, the links from each primary to
 * its replicas, and the parts built on them (clients, commit rule, lag); see the file comment.
 */
/** Entries on their way from primary `p` to replica `f` (see ManagedDatabase.sendEntries). */
interface EntriesMessage {
  p: number;
  f: number;
  reign: number;
  from: number;
  to: number;
  segments: { reigns: number[]; ends: number[] } | null;
  entryReign: number;
  entryAppendMs: number;
  /** The sender's incarnation when it sent them. */
  incarnation: number;
}

export class ManagedDatabase implements DatabaseState {
  readonly name: string;
  readonly replicaNodes: number[];
  readonly count: number;
  // Per replica.
  readonly role: Uint8Array;
  readonly fenced: Uint8Array;
  readonly readOnly: Uint8Array;
  /** Reign a replica follows, or leads when primary. */
  readonly reign: Int32Array;
  /** Replica a replica follows; -1 for a primary or a replica taken out (candidate, fenced). */
  readonly primaryOf: Int32Array;
  readonly log: RaftLog[];
  readonly apply: ApplyQueue[];
  readonly lastHeardMs: Float64Array;
  private readonly incarnation: Int32Array;
  private readonly down: Uint8Array;
  // The link from a replica's primary to it, kept at the replica (it has one primary at a time).
  private readonly linkBroken: Uint8Array;
  private readonly linkSentIndex: Int32Array;
  private readonly linkDeliveryMs: Float64Array;
  // Per primary.
  private readonly appendTimes: AppendTimes[];
  /** The reigns: who was primary, what each acknowledged (database-reigns.ts). */
  readonly reigns = new ReignLedger();
  /** Replica clients send to. */
  endpoint = 0;
  readonly failovers: FailoverRecord[] = [];
  readonly clients: DatabaseClients;
  /** When a primary may acknowledge (database-commit.ts). */
  readonly commit: CommitRule;
  readonly lag: DatabaseLag;
  private readonly net: { latency: RandomStream; loss: RandomStream };
  private readonly applyTime: Distribution;
  private readonly applyStreams: RandomStream[];

  constructor(readonly model: ClusterModel, readonly spec: DatabaseSpec, primary: number) {
    const service = model.spec.services[spec.serviceIndex]!;
    this.name = service.name;
    const nodes = model.nodes;
    this.replicaNodes = [];
    for (let node = 0; node < nodes.count; node++) if (service.groupIndexes.includes(nodes.group[node]!)) this.replicaNodes.push(node);
    const n = (this.count = this.replicaNodes.length);
    this.role = new Uint8Array(n);
    this.fenced = new Uint8Array(n);
    this.readOnly = new Uint8Array(n);
    this.reign = new Int32Array(n);
    this.primaryOf = new Int32Array(n).fill(-1);
    this.log = Array.from({ length: n }, () => new RaftLog());
    this.apply = Array.from({ length: n }, () => new ApplyQueue());
    this.lastHeardMs = new Float64Array(n);
    this.incarnation = new Int32Array(n);
    this.down = new Uint8Array(n);
    this.linkBroken = new Uint8Array(n);
    this.linkSentIndex = new Int32Array(n);
    this.linkDeliveryMs = new Float64Array(n);
    this.appendTimes = Array.from({ length: n }, () => new AppendTimes());
    const streams = model.sim.streams;
    this.net = { latency: streams.get(`database/${this.name}/network/latency`), loss: streams.get(`database/${this.name}/network/loss`) };
    this.applyTime = createDistribution(spec.replication.applyTime);
    this.applyStreams = this.replicaNodes.map((node) => streams.get(`database/${this.name}/${nodes.names[node]}/apply`));
    this.clients = new DatabaseClients(this);
    this.lag = new DatabaseLag(this, model.spec.windowMs);
    this.commit = new CommitRule(this, (p, index, id, gen) => this.acknowledge(p, index, id, gen));
    this.endpoint = primary;
  }

  /** Installs `primary` as the primary of reign 1 with every other replica following it; starts writes. */
  start(): void {
    if (this.count === 0) return;
    for (let r = 0; r < this.count; r++) this.incarnation[r] = this.model.nodes.incarnation[this.replicaNodes[r]!]!;
    this.becomePrimary(this.endpoint);
    for (let r = 0; r < this.count; r++) {
      if (r === this.endpoint) continue;
      this.follow(r, this.endpoint);
      this.linkBroken[r] = 0; // empty logs: nothing to catch up
    }
    this.lag.start();
    this.clients.start();
  }

  // ---------------------------------------------------------------- replicas

  /** Whether replica `r` is up; notices a crash or a restart since the last look. */
  alive(r: number): boolean {
    const node = this.replicaNodes[r]!;
    const nodes = this.model.nodes;
    if (nodes.state[node] !== NODE_UP) {
      if (this.down[r] === 0) this.wentDown(r);
      return false;
    }
    if (nodes.incarnation[node] !== this.incarnation[r] || this.down[r] === 1) {
      this.incarnation[r] = nodes.incarnation[node]!;
      if (this.down[r] === 0) this.wentDown(r);
      this.cameBack(r);
    }
    return true;
  }

  /** Alive and not fenced: takes part in the cluster. */
  serving(r: number): boolean {
    return this.alive(r) && this.fenced[r] === 0;
  }

  private wentDown(r: number): void {
    this.lag.observe(r);
    this.down[r] = 1;
    this.apply[r]!.pause(this.model.sim.nowMs, this.lag.sinkFor(r));
    if (this.role[r] === ROLE_PRIMARY) this.commit.forget(r); // clients time out
  }

  private cameBack(r: number): void {
    this.down[r] = 0;
    this.apply[r]!.restart(this.model.sim.nowMs, () => this.applyTime.sample(this.applyStreams[r]!));
    this.linkBroken[r] = 1;
    this.lastHeardMs[r] = this.model.sim.nowMs;
  }

  zoneOf(r: number): number {
    return this.model.nodes.zone[this.replicaNodes[r]!]!;
  }

  nameOf(r: number): string {
    return this.model.nodes.names[this.replicaNodes[r]!]!;
  }

  /** Whether `p` is still the primary of `reign`. */
  isPrimaryOf(p: number, reign: number): boolean {
    return this.role[p] === ROLE_PRIMARY && this.reign[p] === reign;
  }

  /** The primary of the latest reign. */
  get primary(): number {
    return this.reigns.primary[this.reigns.latest]!;
  }

  /** One-way delay of a cluster message between zones (nodes at either end for isolation), ms; -1 when lost. */
  networkDelayMs(fromZone: number, toZone: number, toNode: number, fromNode: number): number {
    return this.model.network.delayWithStreamsMs(this.net, fromZone, toZone, toNode, fromNode);
  }

  /** One-way delay from replica `from` to replica `to`, ms; -1 when lost. */
  private replicaDelayMs(from: number, to: number): number {
    return this.networkDelayMs(this.zoneOf(from), this.zoneOf(to), this.replicaNodes[to]!, this.replicaNodes[from]!);
  }

  // ---------------------------------------------------------------- roles (called by the manager)

  /** Starts reign `latestReign + 1` with `r` as primary; returns the reign. */
  becomePrimary(r: number): number {
    const log = this.log[r]!;
    this.lag.observe(r);
    this.apply[r]!.advance(this.model.sim.nowMs, this.lag.sinkFor(r));
    this.apply[r]!.resetTo(log.lastIndex);
    const reign = this.reigns.open(r, log.lastIndex);
    this.role[r] = ROLE_PRIMARY;
    this.reign[r] = reign;
    this.primaryOf[r] = -1;
    this.readOnly[r] = 0;
    this.commit.primaryStarted(r, log.lastIndex);
    this.appendTimes[r]!.reset(log.lastIndex);
    this.keepalive(r, reign);
    return reign;
  }

  /**
   * Makes `f` a replica of `p` (the current primary): a primary steps down, a fenced replica
   * is let back in. Its log is cut back to what it shares with `p`'s (pg_rewind), and `p`
   * ships it the rest with its next keepalive.
   */
  follow(f: number, p: number): void {
    this.lag.observe(f);
    if (this.role[f] === ROLE_PRIMARY) {
      this.role[f] = ROLE_REPLICA;
      this.commit.forget(f);
      this.apply[f]!.resetTo(this.log[f]!.lastIndex);
    }
    this.fenced[f] = 0;
    this.readOnly[f] = 0;
    const common = commonPrefix(this.log[f]!, this.log[p]!);
    this.log[f]!.truncateAfter(common);
    this.apply[f]!.truncateAfter(common);
    this.primaryOf[f] = p;
    this.reign[f] = this.reign[p]!;
    this.commit.followerReset(f, common);
    this.linkBroken[f] = 1;
    this.linkSentIndex[f] = common;
    this.linkDeliveryMs[f] = this.model.sim.nowMs;
    this.lastHeardMs[f] = this.model.sim.nowMs;
  }

  /** Takes candidate `c` out of replication while it is promoted (it takes no more entries). */
  detach(c: number): void {
    this.lag.observe(c);
    this.primaryOf[c] = -1;
  }

  /** STONITH: `r` is cut off; a primary's unacknowledged writes are never answered. */
  fence(r: number): void {
    this.lag.observe(r);
    this.fenced[r] = 1;
    this.commit.forget(r);
  }

  /** A primary in a planned switchover refuses writes (clients retry) until it steps down. */
  setReadOnly(r: number, readOnly: boolean): void {
    this.readOnly[r] = readOnly ? 1 : 0;
  }

  // ---------------------------------------------------------------- replication

  /** Ships new entries or a keepalive to every follower of `p`, every heartbeat interval. */
  private keepalive(p: number, reign: number): void {
    if (this.role[p] !== ROLE_PRIMARY || this.reign[p] !== reign) return;
    if (this.serving(p)) {
      const last = this.log[p]!.lastIndex;
      let trim = last + 1;
      for (let f = 0; f < this.count; f++) {
        if (this.primaryOf[f] !== p) continue;
        if (this.linkBroken[f] === 1) {
          this.linkBroken[f] = 0;
          this.linkSentIndex[f] = this.log[f]!.lastIndex; // the replica reports its position on reconnect
        }
        this.sendEntries(p, f, this.linkSentIndex[f]! + 1, last);
        if (this.down[f] === 0) trim = Math.min(trim, this.log[f]!.lastIndex + 1);
      }
      this.appendTimes[p]!.trimBelow(trim);
    }
    this.model.sim.callMethodAfter(this.spec.failover.heartbeatIntervalMs, this, "keepaliveDue", [p, reign]);
  }

  /** Primary `p`'s next keepalive of reign `reign` (a kernel event). */
  keepaliveDue([p, reign]: readonly [number, number]): void {
    this.keepalive(p, reign);
  }

  /** Sends entries [from, to] (none when from > to: a keepalive) from primary `p` to `f`. */
  private sendEntries(p: number, f: number, from: number, to: number): void {
    const delayMs = this.replicaDelayMs(p, f);
    if (delayMs < 0) {
      this.linkBroken[f] = 1;
      return;
    }
    const nowMs = this.model.sim.nowMs;
    const atMs = Math.max(nowMs + delayMs, this.linkDeliveryMs[f]!);
    this.linkDeliveryMs[f] = atMs;
    if (to > this.linkSentIndex[f]!) this.linkSentIndex[f] = to;
    const reign = this.reign[p]!;
    // One entry (the common case) travels as its reign and append time; a range as segments.
    const log = this.log[p]!;
    const segments = from < to ? log.segmentsAfter(from - 1) : null;
    const entryReign = from === to ? log.reignAt(from) : 0;
    const entryAppendMs = from === to ? this.appendTimes[p]!.timeOf(from) : NaN;
    const incarnation = this.model.nodes.incarnation[this.replicaNodes[p]!]!;
    this.model.sim.callMethodAt(atMs, this, "entriesArrive", { p, f, reign, from, to, segments, entryReign, entryAppendMs, incarnation });
  }

  /** Entries sent by {@link sendEntries} reach replica `m.f` (a kernel event). */
  entriesArrive(m: EntriesMessage): void {
    const { p, f } = m;
    // A message still on its way when its sender crashed was in the sender's buffers: lost.
    if (this.model.nodes.incarnation[this.replicaNodes[p]!] !== m.incarnation) {
      if (this.primaryOf[f] === p) this.linkBroken[f] = 1;
      return;
    }
    this.receive(f, p, m.reign, m.from, m.to, m.segments, m.entryReign, m.entryAppendMs);
  }

  private receive(f: number, p: number, reign: number, from: number, to: number, segments: { reigns: number[]; ends: number[] } | null, entryReign: number, entryAppendMs: number): void {
    if (this.primaryOf[f] !== p || this.reign[f] !== reign) return; // it follows another primary now
    if (!this.serving(f)) {
      this.linkBroken[f] = 1;
      return;
    }
    const nowMs = this.model.sim.nowMs;
    this.lastHeardMs[f] = nowMs;
    const log = this.log[f]!;
    const last = log.lastIndex;
    if (from > to || to <= last) {
      // A keepalive: confirm again what the replica has, in case a confirmation was lost.
      if (this.commit.needs > 0 && from > to) this.confirm(f, p, reign, this.spec.replication.confirmOn === "received" ? last : this.appliedIndex(f));
      return;
    }
    if (from > last + 1) {
      this.linkBroken[f] = 1; // a gap: an earlier message was lost
      return;
    }
    let doneMs = nowMs;
    if (segments === null) {
      log.append(entryReign, 1);
      doneMs = this.apply[f]!.push(to, entryAppendMs, nowMs, this.applyTime.sample(this.applyStreams[f]!));
    } else {
      const times = this.appendTimes[p]!;
      for (let k = 0; k < segments.ends.length; k++) {
        const start = k === 0 ? from : segments.ends[k - 1]! + 1;
        const end = Math.min(segments.ends[k]!, to);
        for (let i = Math.max(start, last + 1); i <= end; i++) {
          log.append(segments.reigns[k]!, 1);
          doneMs = this.apply[f]!.push(i, times.timeOf(i), nowMs, this.applyTime.sample(this.applyStreams[f]!));
        }
      }
    }
    if (this.commit.needs === 0) return;
    if (this.spec.replication.confirmOn === "received") this.confirm(f, p, reign, to);
    else this.model.sim.callMethodAt(Math.max(nowMs, doneMs), this, "appliedConfirm", [f, p, reign, to]);
  }

  /** Replica `f` has applied up to `index` and confirms it to `p` (a kernel event). */
  appliedConfirm([f, p, reign, index]: readonly [number, number, number, number]): void {
    this.confirm(f, p, reign, index);
  }

  private confirm(f: number, p: number, reign: number, index: number): void {
    if (this.reign[f] !== reign || !this.serving(f)) return;
    const delayMs = this.replicaDelayMs(f, p);
    if (delayMs < 0) return;
    this.model.sim.callMethodAfter(delayMs, this, "confirmationArrives", [f, p, reign, index]);
  }

  /** Replica `f`'s confirmation up to `index` reaches primary `p` (a kernel event). */
  confirmationArrives([f, p, reign, index]: readonly [number, number, number, number]): void {
    if (this.role[p] !== ROLE_PRIMARY || this.reign[p] !== reign || !this.serving(p)) return;
    if (this.primaryOf[f] === p) this.commit.confirmedBy(p, f, index);
  }

  // ---------------------------------------------------------------- writes

  /** Write `id` reached replica `r` (called by the clients). */
  onWriteAt(r: number, id: number, gen: number): void {
    if (this.role[r] !== ROLE_PRIMARY || this.readOnly[r] === 1) return this.clients.answer(r, id, gen, false, this.primaryOf[r]!);
    const nowMs = this.model.sim.nowMs;
    const reign = this.reign[r]!;
    const index = this.log[r]!.append(reign, 1);
    this.appendTimes[r]!.push(index, nowMs);
    this.commit.appended(r, reign, index, id, gen);
    for (let f = 0; f < this.count; f++) {
      if (this.primaryOf[f] === r && this.linkBroken[f] === 0) this.sendEntries(r, f, index, index);
    }
  }

  /** Acknowledges committed entry `index` to its client, if the client is still waiting. */
  private acknowledge(p: number, index: number, id: number, gen: number): void {
    if (!this.clients.isWaiting(id, gen)) return; // committed, but nobody to tell
    const reign = this.reign[p]!;
    const reigns = this.reigns;
    const nowMs = this.model.sim.nowMs;
    reigns.recordAck(reign, index, nowMs);
    const record = reigns.failover[reign]!;
    if (reign === reigns.latest && record >= 0 && Number.isNaN(this.failovers[record]!.firstAckMs)) this.failovers[record]!.firstAckMs = nowMs;
    this.clients.answer(p, id, gen, true, -1);
  }

  // ---------------------------------------------------------------- positions

  /** Entries `r` has applied by now (for a primary: everything in its log). */
  appliedIndex(r: number): number {
    if (this.role[r] === ROLE_PRIMARY) return this.log[r]!.lastIndex;
    if (this.down[r] === 0) this.apply[r]!.advance(this.model.sim.nowMs, this.lag.sinkFor(r));
    return this.apply[r]!.applied;
  }

  /** Replication lag of replica `r` now, ms: age of the oldest entry of its primary it has not applied; NaN when not replicating. */
  lagNowMs(r: number): number {
    const p = this.primaryOf[r]!;
    if (p < 0 || this.role[r] === ROLE_PRIMARY || this.down[r] === 1 || this.fenced[r] === 1) return NaN;
    const applied = this.appliedIndex(r);
    if (applied >= this.log[p]!.lastIndex) return 0;
    const queued = this.apply[r]!.headAppendMs;
    const appendMs = Number.isFinite(queued) ? queued : this.appendTimes[p]!.timeAtMost(applied + 1);
    return Number.isFinite(appendMs) ? Math.max(0, this.model.sim.nowMs - appendMs) : NaN;
  }

  /** What replica `r` believes its staleness is, ms: its oldest unapplied entry's age, or its silence beyond a heartbeat. */
  estimatedStalenessMs(r: number): number {
    const nowMs = this.model.sim.nowMs;
    this.appliedIndex(r);
    const queued = this.apply[r]!.headAppendMs;
    const behind = Number.isFinite(queued) ? nowMs - queued : 0;
    const silent = nowMs - this.lastHeardMs[r]! - this.spec.failover.heartbeatIntervalMs;
    return Math.max(0, behind, silent);
  }

  /**
   * How stale replica `r`'s data truly is, ms: the age of the oldest acknowledged write (in
   * the latest primary's history) it has not applied; 0 when it has them all.
   */
  stalenessMs(r: number): number {
    const applied = this.appliedIndex(r);
    if (applied >= this.reigns.ackedHighWater) return 0;
    const queue = this.apply[r]!;
    const queued = queue.length > 0 ? queue.headAppendMs : NaN; // the queue holds applied + 1 onwards
    const appendMs = Number.isFinite(queued) ? queued : this.appendTimes[this.primary]!.timeAtMost(applied + 1);
    return Number.isFinite(appendMs) ? Math.max(0, this.model.sim.nowMs - appendMs) : Infinity;
  }

  /** Append time of entry `index` on the latest primary, ms (NaN when not kept). */
  appendTimeMs(p: number, index: number): number {
    return this.appendTimes[p]!.timeOf(index);
  }
}

/** Length of the longest common prefix of two logs (same reign at the same index: same entries). */
export function commonPrefix(a: RaftLog, b: RaftLog): number {
  const x = a.segmentsAfter(0);
  const y = b.segmentsAfter(0);
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < x.ends.length && j < y.ends.length && x.reigns[i] === y.reigns[j]) {
    const end = Math.min(x.ends[i]!, y.ends[j]!);
    common = end;
    if (x.ends[i] === end) i++;
    if (y.ends[j] === end) j++;
  }
  return common;
}
