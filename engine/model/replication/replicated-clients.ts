/**
 * The writing clients of a replicated service, and what they observe.
 *
 * Clients sit in the cluster's zones (so a partition cuts them off like any node) and send
 * writes, Poisson in time, to the replica they believe leads. Each zone's clients remember
 * that guess: a reply "not the leader, try X" moves it to X at once; a reply without a hint
 * moves it to the next replica after a short backoff; a timeout fails the write and moves it
 * on, so clients find a new leader after a failover. A write succeeds when the leader
 * acknowledges it (after a quorum has it, or at once with quorum off).
 *
 * Write records live in a pool of parallel arrays (bounded by writes in flight); latency goes
 * to a histogram. Unavailability is seen per client zone: a window opens at the send time of
 * a failed write sent after the zone's last success, and closes at the send time of the next
 * write that succeeds; failures learnt later (timeouts) of writes sent inside it count in it.
 * A failed write sent outside any window, between two successes, is a blip.
 */
import { createDistribution, type Distribution } from "../../core/distributions";
import { NO_EVENT, type EventHandle } from "../../core/event-queue";
import type { RandomStream } from "../../core/rng";
import { LatencyHistogram } from "../../metrics/histogram";
import type { UnavailabilityWindow } from "../../result/common";
import type { ClusterModel } from "../cluster-model";
import { grownFloat64, grownInt32, grownUint8 } from "../../core/typed-arrays";
import type { ReplicatedSpec } from "./replicated-spec";

/** Windows recorded in full; later ones are only counted. */
export const UNAVAILABILITY_WINDOWS_MAX = 50;

/** Writes in flight: parallel arrays indexed by write id, recycled through a free list. */
export class WritePool {
  zone = new Int32Array(16);
  gen = new Int32Array(16);
  sentMs = new Float64Array(16);
  deadlineMs = new Float64Array(16);
  /** Replica the latest attempt went to. */
  target = new Int32Array(16);
  done = new Uint8Array(16);
  timeoutHandle: EventHandle[] = [];
  private free: number[] = [];
  private count = 0;

  /** A fresh record; its generation changes so stale events for the old use can tell. */
  allocate(): number {
    let id = this.free.pop();
    if (id === undefined) {
      id = this.count++;
      if (id >= this.zone.length) this.grow(this.zone.length * 2);
      this.timeoutHandle.push(NO_EVENT);
    }
    this.gen[id]!++;
    this.done[id] = 0;
    return id;
  }

  release(id: number): void {
    this.done[id] = 1;
    this.free.push(id);
  }

  private grow(size: number): void {
    this.zone = grownInt32(this.zone, size);
    this.gen = grownInt32(this.gen, size);
    this.target = grownInt32(this.target, size);
    this.sentMs = grownFloat64(this.sentMs, size);
    this.deadlineMs = grownFloat64(this.deadlineMs, size);
    this.done = grownUint8(this.done, size);
  }
}

/** Outcomes of writes, per client zone and overall. */
export class WriteOutcomes {
  sent = 0;
  acknowledged = 0;
  failed = 0;
  timedOut = 0;
  readonly latency = new LatencyHistogram();
  readonly windows: UnavailabilityWindow[] = [];
  windowsOmitted = 0;
  private readonly lastSuccessSentMs: Float64Array;
  /** Open window per client zone: its index in `windows`, -2 when omitted, -1 when none. */
  private readonly open: Int32Array;
  /** The zone's latest recorded window (open or closed), or -1. */
  private readonly lastWindow: Int32Array;

  constructor(private readonly zoneNames: string[]) {
    this.lastSuccessSentMs = new Float64Array(zoneNames.length).fill(-Infinity);
    this.open = new Int32Array(zoneNames.length).fill(-1);
    this.lastWindow = new Int32Array(zoneNames.length).fill(-1);
  }

  succeeded(zone: number, sentMs: number, latencyMs: number): void {
    this.acknowledged++;
    this.latency.record(latencyMs);
    if (sentMs > this.lastSuccessSentMs[zone]!) this.lastSuccessSentMs[zone] = sentMs;
    const open = this.open[zone]!;
    if (open === -1) return;
    const current = open >= 0 ? this.windows[open]! : null;
    if (current !== null && sentMs < current.fromMs) return; // an older write, answered late
    if (current !== null) current.toMs = sentMs;
    this.open[zone] = -1;
  }

  failedWrite(zone: number, sentMs: number, timedOut: boolean): void {
    this.failed++;
    if (timedOut) this.timedOut++;
    if (sentMs < this.lastSuccessSentMs[zone]!) {
      // Answered after a later write got through: part of the zone's last window if it was
      // sent inside it (timeouts arrive late), otherwise a blip.
      const last = this.lastWindow[zone]!;
      const w = last >= 0 ? this.windows[last]! : null;
      if (w !== null && w.toMs !== null && sentMs >= w.fromMs && sentMs < w.toMs) w.writesFailed++;
      return;
    }
    if (this.open[zone] !== -1) {
      const open = this.open[zone]!;
      if (open >= 0) this.windows[open]!.writesFailed++;
      return;
    }
    if (this.windows.length < UNAVAILABILITY_WINDOWS_MAX) {
      this.open[zone] = this.windows.length;
      this.lastWindow[zone] = this.windows.length;
      this.windows.push({ zone: this.zoneNames[zone]!, fromMs: sentMs, toMs: null, writesFailed: 1 });
    } else {
      this.open[zone] = -2;
      this.windowsOmitted++;
    }
  }
}

/** What the clients need from the replicated service. */
export interface ReplicaEndpoint {
  name: string;
  /** Node index of each replica. */
  replicaNodes: number[];
  /** The service's network streams (see Network.delayWithStreamsMs). */
  net: { latency: RandomStream; loss: RandomStream };
  /** Whether replica r is up (resetting it if it crashed since last seen). */
  alive(r: number): boolean;
  /** A write reached replica r, which is up; it answers through {@link WriteClients.reply}. */
  onWriteAtReplica(r: number, id: number, gen: number): void;
}

/** The clients of one replicated service: the write workload and what it observes. */
export class WriteClients {
  readonly writes = new WritePool();
  readonly outcomes: WriteOutcomes;
  private readonly arrivalStream: RandomStream;
  private readonly interarrival: Distribution;
  private readonly clientZones: number[];
  /** Per client zone, the replica its clients believe leads. */
  private readonly clientGuess: Int32Array;
  private clientCursor = 0;

  constructor(private readonly model: ClusterModel, private readonly spec: ReplicatedSpec, private readonly service: ReplicaEndpoint) {
    this.arrivalStream = model.sim.streams.get(`replicated/${service.name}/writes`);
    this.interarrival = createDistribution({ type: "exponential", mean: spec.writes.ratePerS > 0 ? 1000 / spec.writes.ratePerS : 1 });
    this.clientZones = spec.writes.clientZoneIndexes;
    this.clientGuess = new Int32Array(this.clientZones.length).fill(0);
    this.outcomes = new WriteOutcomes(this.clientZones.map((z) => model.spec.zones[z]!.name));
  }

  /** Starts the Poisson stream of writes. */
  start(): void {
    if (this.spec.writes.ratePerS > 0) this.scheduleWrite();
  }

  private scheduleWrite(): void {
    const gapMs = this.interarrival.sample(this.arrivalStream);
    const atMs = this.model.sim.nowMs + gapMs;
    if (atMs >= this.model.spec.durationMs) return;
    this.model.sim.callMethodAt(atMs, this, "writeArrives");
  }

  /** The next write of the stream arrives (a kernel event). */
  writeArrives(): void {
    this.newWrite();
    this.scheduleWrite();
  }

  private newWrite(): void {
    const w = this.writes;
    const id = w.allocate();
    const zone = this.clientCursor++ % this.clientZones.length;
    const nowMs = this.model.sim.nowMs;
    w.zone[id] = zone;
    w.sentMs[id] = nowMs;
    w.deadlineMs[id] = nowMs + this.spec.writes.timeoutMs;
    this.outcomes.sent++;
    const gen = w.gen[id]!;
    w.timeoutHandle[id] = this.model.sim.callMethodAfter(this.spec.writes.timeoutMs, this, "writeTimesOut", [id, gen]);
    this.sendWrite(id, this.clientGuess[zone]!);
  }

  private sendWrite(id: number, r: number): void {
    const w = this.writes;
    w.target[id] = r;
    const node = this.service.replicaNodes[r]!;
    const delayMs = this.model.network.delayWithStreamsMs(this.service.net, this.clientZones[w.zone[id]!]!, this.model.nodes.zone[node]!, node, -1);
    if (delayMs < 0) return;
    this.model.sim.callMethodAfter(delayMs, this, "writeReachesReplica", [id, w.gen[id]!, r]);
  }

  /** Write `id` (generation `gen`) reaches replica `r` (a kernel event). */
  writeReachesReplica([id, gen, r]: readonly [number, number, number]): void {
    const w = this.writes;
    if (w.gen[id] !== gen || w.done[id] === 1 || !this.service.alive(r)) return;
    this.service.onWriteAtReplica(r, id, gen);
  }

  /**
   * Replica `r` answers write `id`: acknowledged (`ok`), or not the leader, with the leader it
   * knows (`hint`, -1 for none). The answer travels back over the network.
   */
  reply(r: number, id: number, gen: number, ok: boolean, hint: number): void {
    const w = this.writes;
    const node = this.service.replicaNodes[r]!;
    const zone = w.zone[id]!;
    const delayMs = this.model.network.delayWithStreamsMs(this.service.net, this.model.nodes.zone[node]!, this.clientZones[zone]!, -1, node);
    if (delayMs < 0) return;
    this.model.sim.callMethodAfter(delayMs, this, "replyArrives", { r, id, gen, ok, hint, zone });
  }

  /** Replica `r`'s answer to write `id` reaches its client (a kernel event; see {@link reply}). */
  replyArrives({ r, id, gen, ok, hint, zone }: { r: number; id: number; gen: number; ok: boolean; hint: number; zone: number }): void {
    const w = this.writes;
    if (w.gen[id] !== gen || w.done[id] === 1) return;
    if (ok) return this.finishWrite(id, true, false);
    // Not the leader: follow the hint, or try the next replica after a pause.
    const next = hint >= 0 && hint !== r ? hint : (r + 1) % this.service.replicaNodes.length;
    this.clientGuess[zone] = next;
    if (hint >= 0 && hint !== r) this.sendWrite(id, next);
    else this.model.sim.callMethodAfter(this.spec.writes.retryBackoffMs, this, "retryWrite", [id, gen, next]);
  }

  /** After a pause, write `id` tries replica `next` (a kernel event), unless it ended meanwhile. */
  retryWrite([id, gen, next]: readonly [number, number, number]): void {
    const w = this.writes;
    if (w.gen[id] === gen && w.done[id] === 0) this.sendWrite(id, next);
  }

  /** Write `id`'s client stops waiting (a kernel event), unless it ended meanwhile. */
  writeTimesOut([id, gen]: readonly [number, number]): void {
    const w = this.writes;
    if (w.gen[id] !== gen || w.done[id] === 1) return;
    w.timeoutHandle[id] = NO_EVENT;
    // Suspect the replica that did not answer: the zone's clients try the next one.
    const zone = w.zone[id]!;
    if (this.clientGuess[zone] === w.target[id]) this.clientGuess[zone] = (w.target[id]! + 1) % this.service.replicaNodes.length;
    this.finishWrite(id, false, true);
  }

  private finishWrite(id: number, ok: boolean, timedOut: boolean): void {
    const w = this.writes;
    const nowMs = this.model.sim.nowMs;
    const zone = w.zone[id]!;
    if (ok) {
      this.clientGuess[zone] = w.target[id]!;
      this.outcomes.succeeded(zone, w.sentMs[id]!, nowMs - w.sentMs[id]!);
      if (w.timeoutHandle[id] !== NO_EVENT) this.model.sim.cancel(w.timeoutHandle[id]!);
    } else {
      this.outcomes.failedWrite(zone, w.sentMs[id]!, timedOut);
    }
    w.timeoutHandle[id] = NO_EVENT;
    w.release(id);
  }

}
